import { type DevCluster, startDevCluster } from '@driftless/devcluster';
import { KubeClient, loadKubeConfig, secretType } from '@driftless/runtime';
import { type DockerRegistry, pushImageTags, startDockerRegistry } from '@driftless/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImageNameError, parseImageName } from './image-name.js';
import { type ImageRepositoryRef, RegistryAccessError, readRegistryAccess } from './registry-access.js';
import { scanFailure } from './scan-errors.js';
import { scanTags } from './scan-tags.js';

const namespace = 'default';
const auth = { username: 'reader', password: 'Regcred-Pa55' };
const caPem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

const dockerConfig = (host: string, credentials = auth) =>
  JSON.stringify({
    auths: { [host]: { auth: Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64') } },
  });

describe('readRegistryAccess', () => {
  let cluster: DevCluster;
  let client: KubeClient;
  let registry: DockerRegistry;
  const signal = AbortSignal.timeout(30_000);

  const createSecret = (name: string, type: string, stringData: Record<string, string>) =>
    client.create(secretType, { apiVersion: 'v1', kind: 'Secret', metadata: { namespace, name }, type, stringData });
  const read = (spec: ImageRepositoryRef['spec']) => readRegistryAccess(client, { namespace, spec }, signal);

  beforeAll(async () => {
    cluster = await startDevCluster();
    client = new KubeClient(loadKubeConfig({ kubeconfigPath: cluster.kubeconfigPath }), { fieldManager: 'scan-test' });
    registry = await startDockerRegistry({ auth });
    await pushImageTags(registry, 'private/app', ['1.0.0']);
    await createSecret('regcred', 'kubernetes.io/dockerconfigjson', {
      '.dockerconfigjson': dockerConfig(registry.host),
    });
    await createSecret('hub', 'kubernetes.io/dockerconfigjson', {
      '.dockerconfigjson': dockerConfig('https://index.docker.io/v1/'),
    });
    await createSecret('legacy', 'kubernetes.io/dockercfg', {
      '.dockercfg': JSON.stringify({ [`http://${registry.host}`]: { username: 'old', password: 'cfg' } }),
    });
    await createSecret('ca', 'Opaque', { 'ca.crt': caPem });
    await createSecret('old-ca', 'Opaque', { caFile: caPem });
    await createSecret('mtls', 'kubernetes.io/tls', { 'ca.crt': caPem, 'tls.crt': caPem, 'tls.key': 'key' });
    await createSecret('both', 'Opaque', { '.dockerconfigjson': dockerConfig(registry.host), 'ca.crt': caPem });
    await createSecret('broken', 'kubernetes.io/dockerconfigjson', { '.dockerconfigjson': '{"auths": nope' });
  });
  afterAll(async () => {
    await registry?.stop();
    await cluster?.stop();
  });

  it('reads credentials for the image host, the CA and spec.insecure; the credentials open the registry', async () => {
    const image = `${registry.host}/private/app`;
    const access = await read({ image, secretRef: { name: 'regcred' }, certSecretRef: { name: 'ca' }, insecure: true });
    expect(access).toEqual({ credentials: auth, caCert: caPem, insecure: true, signal });
    const scanned = await scanTags(parseImageName(image), access, []);
    expect(scanned.tags).toEqual(['1.0.0']);
  });

  it.each([
    [
      'anonymous without secretRef',
      { image: 'ghcr.io/org/app' },
      { credentials: {}, caCert: undefined, insecure: false },
    ],
    [
      'Docker Hub credentials for a short name',
      { image: 'org/app', secretRef: { name: 'hub' } },
      { credentials: auth },
    ],
    [
      'a legacy .dockercfg',
      { image: 'REG/app', secretRef: { name: 'legacy' } },
      { credentials: { username: 'old', password: 'cfg' } },
    ],
    ['the deprecated caFile key', { image: 'ghcr.io/org/app', certSecretRef: { name: 'old-ca' } }, { caCert: caPem }],
    [
      'one Secret for credentials and CA',
      { image: 'REG/app', secretRef: { name: 'both' }, certSecretRef: { name: 'both' } },
      { credentials: auth, caCert: caPem },
    ],
    ['no entry for another host', { image: 'quay.io/org/app', secretRef: { name: 'regcred' } }, { credentials: {} }],
  ])('reads %s', async (_title, spec, expected) => {
    const image = spec.image.replace('REG', registry.host);
    expect(await read({ ...spec, image })).toMatchObject(expected);
  });

  it.each([
    ['a missing secretRef Secret', { secretRef: { name: 'absent' } }, "secret 'default/absent' not found"],
    [
      'a missing certSecretRef Secret',
      { certSecretRef: { name: 'absent-ca' } },
      "secret 'default/absent-ca' not found",
    ],
    ['a docker config that is not JSON', { secretRef: { name: 'broken' } }, 'not valid JSON'],
    ['client certificates', { certSecretRef: { name: 'mtls' } }, 'mutual TLS'],
  ])('fails with AuthenticationFailed on %s', async (_title, spec, detail) => {
    const error = await read({ image: 'ghcr.io/org/app', ...spec }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryAccessError);
    const failure = scanFailure(error);
    expect(failure.reason).toBe('AuthenticationFailed');
    expect(failure.message).toMatch(/^failed to configure authentication options: /);
    expect(failure.message).toContain(detail);
  });

  it('stalls on a bad image before reading any Secret', async () => {
    const error = await read({ image: 'ghcr.io/org/app:v1', secretRef: { name: 'absent' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageNameError);
    expect(scanFailure(error).reason).toBe('ImageURLInvalid');
  });
});
