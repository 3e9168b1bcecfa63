import { createRegistryClient, OciRequestError } from '@driftless/oci';
import { createSelfSignedCert, type DockerRegistry, pushOciArtifact, startDockerRegistry } from '@driftless/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FluxArtifactMediaType, resolveOciRef } from '../../src/oci/oci-artifact.js';

describe('a registry served over HTTPS with a self-signed certificate', () => {
  let registry: DockerRegistry;
  let digest: string;

  beforeAll(async () => {
    registry = await startDockerRegistry({ tls: await createSelfSignedCert() });
    digest = await pushOciArtifact(registry, {
      repository: 'secure/app',
      tag: '1.0.0',
      config: { mediaType: FluxArtifactMediaType.Config, data: Buffer.from('{}') },
      layers: [{ mediaType: FluxArtifactMediaType.Content, data: Buffer.from('content') }],
    });
  });
  afterAll(async () => {
    await registry?.stop();
  });

  it('is trusted with the CA from certSecretRef (ca.crt)', async () => {
    const client = createRegistryClient(registry.host, { caCert: registry.caCert });
    expect(await resolveOciRef(client, 'secure/app', { tag: '1.0.0' })).toEqual({
      revision: `1.0.0@${digest}`,
      digest,
      tag: '1.0.0',
    });
  });

  it('is refused without the CA (certificate verification fails)', async () => {
    const pulling = resolveOciRef(createRegistryClient(registry.host), 'secure/app', { tag: '1.0.0' });
    await expect(pulling).rejects.toThrow(OciRequestError);
    await expect(pulling).rejects.toThrow(/self[- ]signed certificate/i);
  });

  it('is refused over plain HTTP when insecure is set (the client does not fall back)', async () => {
    const client = createRegistryClient(registry.host, { insecure: true });
    await expect(client.listTags('secure/app')).rejects.toThrow(OciRequestError);
  });
});
