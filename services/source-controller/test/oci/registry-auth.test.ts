import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createRegistryClient,
  credentialsFromDockerConfig,
  OciAuthenticationError,
  parseOciUrl,
  type RegistryCredentials,
} from '@driftless/oci';
import { type DockerRegistry, pushOciArtifact, startDockerRegistry } from '@driftless/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FluxArtifactMediaType, LayerOperation, pullOciArtifact, resolveOciRef } from '../../src/oci/oci-artifact.js';

const auth = { username: 'flux-bot', password: 'correct-horse-battery' };
const layer = Buffer.from('not really a tarball, copied as is');

async function pushArtifact(registry: DockerRegistry): Promise<string> {
  return pushOciArtifact(registry, {
    repository: 'private/app',
    tag: '1.0.0',
    config: { mediaType: FluxArtifactMediaType.Config, data: Buffer.from('{}') },
    layers: [{ mediaType: FluxArtifactMediaType.Content, data: layer }],
  });
}

function dockerConfigSecret(host: string, username: string, password: string): Record<string, string> {
  const encoded = Buffer.from(`${username}:${password}`).toString('base64');
  return { '.dockerconfigjson': JSON.stringify({ auths: { [host]: { auth: encoded } } }) };
}

async function expectAuthFailure(promise: Promise<unknown>, secret: string): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(OciAuthenticationError);
  expect((error as OciAuthenticationError).reason).toBe('AuthenticationFailed');
  expect((error as Error).message).not.toContain(secret);
}

describe.each([
  ['htpasswd basic auth', false],
  ['token auth (Bearer realm/service/scope)', true],
])('a registry with %s', (_name, tokenAuth) => {
  let registry: DockerRegistry;
  let work: string;
  let digest: string;

  beforeAll(async () => {
    registry = await startDockerRegistry({ auth, tokenAuth });
    work = await mkdtemp(join(tmpdir(), 'oci-auth-test-'));
    digest = await pushArtifact(registry);
  });

  afterAll(async () => {
    await registry?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  const clientWith = (credentials: RegistryCredentials) =>
    createRegistryClient(registry.host, { insecure: true, credentials });

  it('pulls with the credentials from a dockerconfigjson secret', async () => {
    const { registry: host, repository } = parseOciUrl(`oci://${registry.host}/private/app`);
    const credentials = credentialsFromDockerConfig(
      dockerConfigSecret(`https://${registry.host}/v1/`, auth.username, auth.password),
      host,
    );
    const client = createRegistryClient(host, { insecure: true, credentials });
    const resolved = await resolveOciRef(client, repository, { semver: '>=1.0.0' });
    expect(resolved.revision).toBe(`1.0.0@${digest}`);
    const file = join(work, 'copied.tgz');
    await pullOciArtifact(client, repository, resolved, {
      destination: file,
      layerSelector: { operation: LayerOperation.Copy },
    });
    expect(await readFile(file)).toEqual(layer);
    if (tokenAuth) {
      expect(registry.tokenRequests()).toContainEqual({
        scopes: ['repository:private/app:pull'],
        account: auth.username,
      });
    }
  });

  it('fails with AuthenticationFailed for a wrong password, without the password in the message', async () => {
    const client = clientWith({ username: auth.username, password: 'wrong-password-123' });
    await expectAuthFailure(resolveOciRef(client, 'private/app', { tag: '1.0.0' }), 'wrong-password-123');
    await expectAuthFailure(client.listTags('private/app'), 'wrong-password-123');
  });

  it('fails with AuthenticationFailed without credentials', async () => {
    await expectAuthFailure(clientWith({}).listTags('private/app'), auth.password);
  });
});

describe('a registry token (docker config registrytoken) is sent as a bearer token as is', () => {
  let registry: DockerRegistry;
  beforeAll(async () => {
    registry = await startDockerRegistry({ auth, tokenAuth: true });
    await pushArtifact(registry);
  });
  afterAll(async () => {
    await registry?.stop();
  });

  it('works with a valid token and fails with AuthenticationFailed for a bogus one', async () => {
    const url = new URL(registry.tokenRealm!);
    url.searchParams.set('service', 'driftless-testkit');
    url.searchParams.set('scope', 'repository:private/app:pull');
    const basic = Buffer.from(`${auth.username}:${auth.password}`).toString('base64');
    const { token } = (await (await fetch(url, { headers: { authorization: `Basic ${basic}` } })).json()) as {
      token: string;
    };
    const requestsBefore = registry.tokenRequests().length;
    expect(
      await createRegistryClient(registry.host, { insecure: true, credentials: { token } }).listTags('private/app'),
    ).toEqual(['1.0.0']);
    expect(registry.tokenRequests()).toHaveLength(requestsBefore);
    const bogus = createRegistryClient(registry.host, { insecure: true, credentials: { token: 'bogus.token.value' } });
    await expectAuthFailure(bogus.listTags('private/app'), 'bogus.token.value');
  });
});
