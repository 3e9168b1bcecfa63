import { type DockerRegistry, freePort, pushImageTag, pushImageTags, startDockerRegistry } from '@driftless/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseImageName } from './image-name.js';
import { scanFailure } from './scan-errors.js';
import { resolveTagDigest, scanTags } from './scan-tags.js';
import type { RegistryAccess } from './scan-types.js';
import { defaultExclusionList, tagListRevision } from './tag-list.js';

const access = (overrides: Partial<RegistryAccess> = {}): RegistryAccess => ({
  credentials: {},
  insecure: true,
  signal: AbortSignal.timeout(20_000),
  ...overrides,
});

describe('scanTags against an anonymous plain-HTTP registry', () => {
  let registry: DockerRegistry;
  let digests: Record<string, string>;
  const pagedTags = Array.from({ length: 12 }, (_, i) => `1.${i}.0`);

  beforeAll(async () => {
    registry = await startDockerRegistry();
    digests = await pushImageTags(registry, 'team/app', ['v1.0.0', 'v1.1.0', 'latest']);
    await pushImageTag(registry, 'team/app', 'sha256-deadbeef.sig');
    await pushImageTags(registry, 'paged', pagedTags);
  });
  afterAll(() => registry?.stop());

  it('lists every tag, drops the excluded ones and reports Flux revision and latest tags', async () => {
    const result = await scanTags(parseImageName(`${registry.host}/team/app`), access(), defaultExclusionList);
    expect([...result.tags].sort()).toEqual(['latest', 'v1.0.0', 'v1.1.0']);
    expect(result.revision).toBe(tagListRevision(['latest', 'v1.0.0', 'v1.1.0']));
    expect(result.latestTags).toEqual(['v1.1.0', 'v1.0.0', 'latest']);
  });

  it('keeps signature tags when the exclusion list is empty', async () => {
    const result = await scanTags(parseImageName(`${registry.host}/team/app`), access(), []);
    expect(result.tags).toContain('sha256-deadbeef.sig');
    expect(result.tags).toHaveLength(4);
  });

  it('falls back to plain HTTP for a loopback registry without spec.insecure, as Flux does', async () => {
    const result = await scanTags(parseImageName(`${registry.host}/paged`), access({ insecure: false }), []);
    expect(result.tags).toHaveLength(12);
  });

  it('resolves the manifest digest of a tag', async () => {
    const name = parseImageName(`${registry.host}/team/app`);
    expect(await resolveTagDigest(name, access(), 'v1.1.0')).toBe(digests['v1.1.0']);
    expect(digests['v1.1.0']).not.toBe(digests['v1.0.0']);
  });

  it('fails with the registry answer for an unknown repository', async () => {
    const error = await scanTags(parseImageName(`${registry.host}/missing`), access(), []).catch((e: unknown) => e);
    expect(scanFailure(error)).toEqual({
      reason: 'ReadOperationFailed',
      message: expect.stringContaining('NAME_UNKNOWN'),
    });
  });

  it('fails on an invalid exclusion pattern before asking the registry', async () => {
    const name = parseImageName(`127.0.0.1:${await freePort()}/app`);
    const error = await scanTags(name, access(), ['(']).catch((e: unknown) => e);
    expect(scanFailure(error)).toEqual({
      reason: 'ReadOperationFailed',
      message: 'scan failed: failed to compile exclusion regex (: error parsing regexp: missing closing ): `(`',
    });
  });
});

describe('scanTags against an unreachable registry', () => {
  it('says which registry refused the connection', async () => {
    const port = await freePort();
    const error = await scanTags(parseImageName(`127.0.0.1:${port}/app`), access(), []).catch((e: unknown) => e);
    expect(scanFailure(error)).toEqual({
      reason: 'ReadOperationFailed',
      message: `scan failed: 127.0.0.1:${port}: connection refused`,
    });
  });
});
