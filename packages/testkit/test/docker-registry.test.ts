import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSelfSignedCert, type DockerRegistry, pushOciArtifact, startDockerRegistry } from '../src/index.js';

const sha256 = (data: Buffer) => `sha256:${createHash('sha256').update(data).digest('hex')}`;
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

const artifact = {
  repository: 'team/app',
  tag: 'v1.0.0',
  config: { mediaType: 'application/vnd.cncf.flux.config.v1+json', data: Buffer.from('{}') },
  layers: [{ mediaType: 'application/vnd.cncf.flux.content.v1.tar+gzip', data: Buffer.from('layer bytes') }],
  annotations: { 'org.opencontainers.image.revision': 'main@sha1:abc' },
};

describe('startDockerRegistry without auth', () => {
  let registry: DockerRegistry;
  beforeAll(async () => {
    registry = await startDockerRegistry();
  });
  afterAll(async () => {
    await registry?.stop();
  });

  it('serves the v2 API on 127.0.0.1', async () => {
    expect(registry.url).toBe(`http://${registry.host}`);
    expect(registry.host).toBe(`127.0.0.1:${registry.port}`);
    const res = await fetch(`${registry.url}/v2/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('docker-distribution-api-version')).toBe('registry/2.0');
  });

  it('pushes an OCI manifest whose digest, blobs and tag the registry serves back', async () => {
    const digest = await pushOciArtifact(registry, artifact);
    const byTag = await fetch(`${registry.url}/v2/team/app/manifests/v1.0.0`, {
      headers: { accept: 'application/vnd.oci.image.manifest.v1+json' },
    });
    expect(byTag.status).toBe(200);
    const body = Buffer.from(await byTag.arrayBuffer());
    expect(sha256(body)).toBe(digest);
    expect(byTag.headers.get('docker-content-digest')).toBe(digest);
    const manifest = JSON.parse(body.toString('utf8'));
    expect(manifest.mediaType).toBe('application/vnd.oci.image.manifest.v1+json');
    expect(manifest.annotations).toEqual(artifact.annotations);
    expect(manifest.layers).toEqual([
      {
        mediaType: artifact.layers[0].mediaType,
        digest: sha256(artifact.layers[0].data),
        size: artifact.layers[0].data.length,
      },
    ]);
    const layer = await fetch(`${registry.url}/v2/team/app/blobs/${manifest.layers[0].digest}`);
    expect(Buffer.from(await layer.arrayBuffer()).toString('utf8')).toBe('layer bytes');
    const tags = await (await fetch(`${registry.url}/v2/team/app/tags/list`)).json();
    expect(tags).toEqual({ name: 'team/app', tags: ['v1.0.0'] });
  });

  it('keeps blobs under storageDir', async () => {
    const layerDigest = sha256(artifact.layers[0].data).slice('sha256:'.length);
    await pushOciArtifact(registry, artifact);
    const data = join(
      registry.storageDir,
      'docker/registry/v2/blobs/sha256',
      layerDigest.slice(0, 2),
      layerDigest,
      'data',
    );
    expect((await readFile(data)).toString('utf8')).toBe('layer bytes');
  });
});

describe('startDockerRegistry with htpasswd auth', () => {
  const auth = { username: 'flux', password: 's3cret-pw' };
  let registry: DockerRegistry;
  beforeAll(async () => {
    registry = await startDockerRegistry({ auth });
  });
  afterAll(async () => {
    await registry?.stop();
  });

  it('answers 401 with a Basic challenge to anonymous and wrong-password requests, 200 to the right one', async () => {
    const anonymous = await fetch(`${registry.url}/v2/`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
    const wrong = await fetch(`${registry.url}/v2/`, { headers: { authorization: basic('flux', 'nope') } });
    expect(wrong.status).toBe(401);
    const right = await fetch(`${registry.url}/v2/`, { headers: { authorization: basic('flux', 's3cret-pw') } });
    expect(right.status).toBe(200);
  });

  it('pushes with the registry credentials and fails with wrong ones', async () => {
    const digest = await pushOciArtifact(registry, artifact);
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    await expect(
      pushOciArtifact(registry, { ...artifact, tag: 'other', credentials: { username: 'flux', password: 'bad' } }),
    ).rejects.toThrow(/401/);
  });
});

describe('startDockerRegistry with token auth', () => {
  const auth = { username: 'flux', password: 'token-pw' };
  let registry: DockerRegistry;
  beforeAll(async () => {
    registry = await startDockerRegistry({ auth, tokenAuth: true });
  });
  afterAll(async () => {
    await registry?.stop();
  });

  it('challenges with Bearer and accepts a token the token service issues for the right credentials only', async () => {
    const anonymous = await fetch(`${registry.url}/v2/team/app/tags/list`);
    expect(anonymous.status).toBe(401);
    const challenge = anonymous.headers.get('www-authenticate') ?? '';
    expect(challenge).toContain(`Bearer realm="${registry.tokenRealm}"`);
    expect(challenge).toContain('scope="repository:team/app:pull"');

    const tokenUrl = `${registry.tokenRealm}?service=driftless-testkit&scope=repository:team/app:pull`;
    const denied = await fetch(tokenUrl, { headers: { authorization: basic('flux', 'wrong') } });
    expect(denied.status).toBe(401);
    const granted = await fetch(tokenUrl, { headers: { authorization: basic('flux', 'token-pw') } });
    const { token } = (await granted.json()) as { token: string };

    await pushOciArtifact(registry, artifact);
    const tags = await fetch(`${registry.url}/v2/team/app/tags/list`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(tags.status).toBe(200);
    expect(await tags.json()).toEqual({ name: 'team/app', tags: ['v1.0.0'] });
    expect(registry.tokenRequests()).toContainEqual({ scopes: ['repository:team/app:pull,push'], account: 'flux' });
  });

  it('rejects a token signed by another key', async () => {
    const res0 = await fetch(`${registry.tokenRealm}?service=driftless-testkit&scope=repository:team/app:pull`, {
      headers: { authorization: basic('flux', 'token-pw') },
    });
    const { token } = (await res0.json()) as { token: string };
    const [header, claims] = token.split('.');
    const forged = `${header}.${claims}.${Buffer.from('not a signature').toString('base64url')}`;
    const res = await fetch(`${registry.url}/v2/team/app/tags/list`, {
      headers: { authorization: `Bearer ${forged}` },
    });
    expect(res.status).toBe(401);
  });
});

describe('startDockerRegistry with tls', () => {
  let registry: DockerRegistry;
  beforeAll(async () => {
    registry = await startDockerRegistry({ tls: await createSelfSignedCert() });
  });
  afterAll(async () => {
    await registry?.stop();
  });

  it('serves HTTPS with the given certificate and pushes when trusting it', async () => {
    expect(registry.url).toBe(`https://${registry.host}`);
    expect(registry.caCert).toContain('BEGIN CERTIFICATE');
    await expect(fetch(`${registry.url}/v2/`)).rejects.toThrow();
    expect(await pushOciArtifact(registry, artifact)).toMatch(/^sha256:/);
  });
});

describe('DockerRegistry.stop', () => {
  it('kills the registry and removes its storage; a second stop is a no-op', async () => {
    const registry = await startDockerRegistry();
    await pushOciArtifact(registry, artifact);
    expect(existsSync(registry.storageDir)).toBe(true);
    await registry.stop();
    await registry.stop();
    expect(existsSync(registry.storageDir)).toBe(false);
    await expect(fetch(`${registry.url}/v2/`)).rejects.toThrow();
  });
});
