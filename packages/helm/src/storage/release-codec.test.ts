import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Release } from '../release/release.js';
import { decodeRelease, encodeRelease } from './release-codec.js';

const release: Release = {
  name: 'demo',
  namespace: 'default',
  version: 3,
  info: {
    first_deployed: '2024-01-01T00:00:00Z',
    last_deployed: '2024-01-01T00:00:00Z',
    deleted: '',
    description: 'Install complete',
    status: 'deployed',
  },
  chart: { metadata: { name: 'demo', version: '0.1.0' }, templates: [], values: {}, files: [] },
  config: { password: 'hunter2' },
  manifest: '',
  labels: { team: 'a' },
};

describe('release codec', () => {
  it('stores base64 of gzipped JSON, without the labels, and reads it back', () => {
    const encoded = encodeRelease(release);
    const json = JSON.parse(gunzipSync(Buffer.from(encoded, 'base64')).toString('utf8'));
    expect(json.labels).toBeUndefined();
    expect(json.config).toEqual({ password: 'hunter2' });
    const { labels: _labels, ...withoutLabels } = release;
    expect(decodeRelease(encoded)).toEqual(withoutLabels);
  });

  it('reads releases stored before helm compressed them', () => {
    const plain = Buffer.from(JSON.stringify(release)).toString('base64');
    expect(decodeRelease(plain).version).toBe(3);
  });

  it.each([
    ['not base64', 'password=hunter2!'],
    ['not JSON', Buffer.from('password: hunter2').toString('base64')],
    ['not a release', Buffer.from('{"password":"hunter2"}').toString('base64')],
  ])('rejects data that is %s without repeating it', (_what, text) => {
    expect(() => decodeRelease(text)).toThrow(/^the (data|JSON) is not/);
    try {
      decodeRelease(text);
    } catch (error) {
      expect((error as Error).message).not.toContain('hunter2');
    }
  });
});
