import { type DockerRegistry, pushImageTags, startDockerRegistry } from '@driftless/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseImageName } from './image-name.js';
import { scanFailure } from './scan-errors.js';
import { scanTags } from './scan-tags.js';
import type { RegistryAccess } from './scan-types.js';

const auth = { username: 'flux', password: 's3cret-Pa55' };
const wrongPassword = 'not-the-Pa55word';

const access = (credentials: RegistryAccess['credentials']): RegistryAccess => ({
  credentials,
  insecure: true,
  signal: AbortSignal.timeout(20_000),
});

describe.each([
  ['htpasswd basic auth', false],
  ['bearer token auth', true],
])('scanTags with %s', (_title, tokenAuth) => {
  let registry: DockerRegistry;

  beforeAll(async () => {
    registry = await startDockerRegistry({ auth, tokenAuth });
    await pushImageTags(registry, 'private/app', ['1.0.0', '2.0.0']);
  });
  afterAll(() => registry?.stop());

  it('lists the tags with the right credentials', async () => {
    const result = await scanTags(parseImageName(`${registry.host}/private/app`), access(auth), []);
    expect([...result.tags].sort()).toEqual(['1.0.0', '2.0.0']);
    if (tokenAuth) expect(registry.tokenRequests().at(-1)?.scopes).toEqual(['repository:private/app:pull']);
  });

  it.each([
    ['wrong credentials', { username: auth.username, password: wrongPassword }],
    ['no credentials', {}],
  ])('fails with AuthenticationFailed and %s never appear in the message', async (_case, credentials) => {
    const error = await scanTags(parseImageName(`${registry.host}/private/app`), access(credentials), []).catch(
      (e: unknown) => e,
    );
    const failure = scanFailure(error);
    expect(failure.reason).toBe('AuthenticationFailed');
    expect(failure.message).toMatch(new RegExp(`^scan failed: authentication to ${registry.host} failed`));
    expect(failure.message).not.toContain(wrongPassword);
    expect(failure.message).not.toContain(auth.password);
  });
});
