import { describe, expect, it } from 'vitest';
import { controllerRevisionHash, fnv32, goJson, podTemplateHash, safeEncodeString } from './hash.js';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('fnv32', () => {
  it.each([
    ['1a', '', 0x811c9dc5],
    ['1a', 'a', 0xe40c292c],
    ['1a', 'foobar', 0xbf9cf968],
    ['1', 'a', 0x050c5d7e],
    ['1', 'foobar', 0x31f0b262],
  ] as const)('fnv-%s of %j', (variant, input, expected) => {
    expect(fnv32(bytes(input), variant)).toBe(expected);
  });
});

describe('safeEncodeString', () => {
  it('maps decimal digits onto the vowel-free alphabet', () => {
    expect(safeEncodeString('0123456789')).toBe('456789bcdf');
  });
});

describe('goJson', () => {
  it('sorts keys at every depth and escapes HTML like encoding/json', () => {
    expect(goJson({ b: 1, a: [{ z: '<&>', y: null }] })).toBe('{"a":[{"y":null,"z":"\\u003c\\u0026\\u003e"}],"b":1}');
  });
});

describe('template hashes', () => {
  const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } };

  it('is stable, independent of key order, and looks like a real one', () => {
    const reordered = { spec: template.spec, metadata: template.metadata };
    expect(podTemplateHash(template)).toBe(podTemplateHash(reordered));
    expect(podTemplateHash(template)).toMatch(/^[456789bcdf]{1,10}$/);
  });

  it('changes with the template and with the collision count', () => {
    const other = { ...template, spec: { containers: [{ name: 'web', image: 'nginx:2' }] } };
    expect(podTemplateHash(other)).not.toBe(podTemplateHash(template));
    expect(podTemplateHash(template, 1)).not.toBe(podTemplateHash(template));
    expect(controllerRevisionHash(template, 0)).not.toBe(controllerRevisionHash(template, 1));
  });
});
