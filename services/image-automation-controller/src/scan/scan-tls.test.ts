import { createSelfSignedCert, type DockerRegistry, pushImageTags, startDockerRegistry } from '@driftless/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseImageName } from './image-name.js';
import { scanFailure } from './scan-errors.js';
import { scanTags } from './scan-tags.js';
import type { RegistryAccess } from './scan-types.js';

const access = (overrides: Partial<RegistryAccess>): RegistryAccess => ({
  credentials: {},
  insecure: false,
  signal: AbortSignal.timeout(20_000),
  ...overrides,
});

describe('scanTags over HTTPS with a self-signed certificate', () => {
  let registry: DockerRegistry;

  beforeAll(async () => {
    registry = await startDockerRegistry({ tls: await createSelfSignedCert() });
    await pushImageTags(registry, 'secure/app', ['0.1.0', '0.2.0']);
  });
  afterAll(() => registry?.stop());

  it('trusts the CA given as caCert', async () => {
    const result = await scanTags(
      parseImageName(`${registry.host}/secure/app`),
      access({ caCert: registry.caCert }),
      [],
    );
    expect([...result.tags].sort()).toEqual(['0.1.0', '0.2.0']);
  });

  it('fails without the CA, pointing at spec.certSecretRef, and does not fall back to HTTP', async () => {
    const error = await scanTags(parseImageName(`${registry.host}/secure/app`), access({}), []).catch(
      (e: unknown) => e,
    );
    const failure = scanFailure(error);
    expect(failure.reason).toBe('ReadOperationFailed');
    expect(failure.message).toContain(`scan failed: ${registry.host}: TLS certificate signed by an unknown authority`);
    expect(failure.message).toContain('spec.certSecretRef');
  });

  it('fails when spec.insecure asks for plain HTTP from an HTTPS registry', async () => {
    const error = await scanTags(parseImageName(`${registry.host}/secure/app`), access({ insecure: true }), []).catch(
      (e: unknown) => e,
    );
    expect(scanFailure(error)).toEqual({ reason: 'ReadOperationFailed', message: expect.stringContaining('400') });
  });
});
