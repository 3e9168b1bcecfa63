import { describe, expect, it } from 'vitest';
import { webhookPath, webhookPathPrefix } from './webhook-path.js';

describe('webhookPath', () => {
  // Expected digests computed by hand: printf '<token><name><namespace>' | sha256sum
  it.each([
    {
      token: 'token',
      name: 'podinfo-receiver',
      namespace: 'flux-system',
      expected: '/hook/f7375e7b1bbe3cdc3cf752463fcf563f4ec5f66ab2ae574071228b681a8a6686',
    },
    {
      token: 's3cr3t-t0ken',
      name: 'webapp',
      namespace: 'apps',
      expected: '/hook/e60811fb201657dc1116b5ee9329d5f82f1066ca0536bacfdd9552164b1d37c0',
    },
  ])('hashes token+name+namespace for $namespace/$name', ({ token, name, namespace, expected }) => {
    expect(webhookPath(token, name, namespace)).toBe(expected);
  });

  it.each([
    { change: 'token', args: ['other', 'webapp', 'apps'] as [string, string, string] },
    { change: 'name', args: ['s3cr3t-t0ken', 'webapp2', 'apps'] as [string, string, string] },
    { change: 'namespace', args: ['s3cr3t-t0ken', 'webapp', 'apps2'] as [string, string, string] },
  ])('changes when the $change changes', ({ args }) => {
    expect(webhookPath(...args)).not.toBe(webhookPath('s3cr3t-t0ken', 'webapp', 'apps'));
  });

  it('starts with the prefix and never contains the token', () => {
    const path = webhookPath('s3cr3t-t0ken', 'webapp', 'apps');
    expect(path.startsWith(webhookPathPrefix)).toBe(true);
    expect(path).toMatch(/^\/hook\/[0-9a-f]{64}$/);
    expect(path).not.toContain('s3cr3t');
  });
});
