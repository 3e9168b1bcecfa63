import type { BuildSpec } from '@driftless/kustomize-build';
import { describe, expect, it } from 'vitest';
import { BuildCache, buildKey } from './build-cache.js';

const digest = 'sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';

describe('buildKey', () => {
  it('is stable across key order and path spelling', () => {
    const a = buildKey({
      digest,
      path: './apps/prod',
      spec: { namePrefix: 'p-', commonMetadata: { labels: { a: '1', b: '2' } } },
    });
    const b = buildKey({
      digest,
      path: 'apps/prod/',
      spec: { commonMetadata: { labels: { b: '2', a: '1' } }, namePrefix: 'p-' },
    });
    expect(a).toBe(b);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(buildKey({ digest, spec: {} })).toBe(buildKey({ digest, path: './', spec: {} }));
  });

  it.each<[string, Partial<Parameters<typeof buildKey>[0]>]>([
    ['digest', { digest: 'sha256:ff' }],
    ['path', { path: 'apps/dev' }],
    ['targetNamespace', { spec: { targetNamespace: 'other' } }],
    ['namePrefix', { spec: { namePrefix: 'x-' } }],
    ['images', { spec: { images: [{ name: 'web', newTag: '2' }] } }],
    ['patches', { spec: { patches: [{ patch: '[]', target: { kind: 'Deployment' } }] } }],
    ['components', { spec: { components: ['../c'] } }],
  ])('changes with %s', (_field, change) => {
    const base = { digest, path: 'apps/prod', spec: {} as BuildSpec };
    expect(buildKey({ ...base, ...change })).not.toBe(buildKey(base));
  });

  it('ignores spec fields that do not change the build', () => {
    const spec = { namePrefix: 'a-', interval: '5m', prune: true } as BuildSpec;
    expect(buildKey({ digest, spec })).toBe(buildKey({ digest, spec: { namePrefix: 'a-' } }));
  });
});

describe('BuildCache', () => {
  it('evicts the least recently used entry beyond maxEntries', () => {
    const cache = new BuildCache({ maxEntries: 2, maxBytes: 1024 });
    cache.set('a', 'A');
    cache.set('b', 'B');
    expect(cache.get('a')).toBe('A');
    cache.set('c', 'C');
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe('A');
    expect(cache.get('c')).toBe('C');
    expect(cache.size).toBe(2);
  });

  it('evicts by total bytes and does not keep a value bigger than the limit', () => {
    const cache = new BuildCache({ maxEntries: 10, maxBytes: 10 });
    cache.set('a', 'aaaa');
    cache.set('b', 'bbbb');
    cache.set('c', 'cccc');
    expect(cache.get('a')).toBeUndefined();
    expect(cache.bytes).toBe(8);
    cache.set('huge', 'x'.repeat(11));
    expect(cache.get('huge')).toBeUndefined();
    expect(cache.size).toBe(2);
  });

  it('replaces a key without double counting its bytes', () => {
    const cache = new BuildCache({ maxEntries: 10, maxBytes: 100 });
    cache.set('a', 'one');
    cache.set('a', 'three');
    expect(cache.bytes).toBe(5);
    expect(cache.delete('a')).toBe(true);
    expect(cache.bytes).toBe(0);
  });
});
