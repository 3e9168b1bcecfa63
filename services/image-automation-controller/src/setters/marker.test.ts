import { describe, expect, it } from 'vitest';
import { MarkerField, markerValue, parseMarker } from './marker.js';

describe('parseMarker', () => {
  it.each([
    ['# {"$imagepolicy": "apps:podinfo"}', 'apps:podinfo', MarkerField.Image],
    ['# {"$imagepolicy": "apps:podinfo:tag"}', 'apps:podinfo:tag', MarkerField.Tag],
    ['# {"$imagepolicy": "apps:podinfo:name"}', 'apps:podinfo:name', MarkerField.Name],
    ['# {"$imagepolicy": "apps:podinfo:digest"}', 'apps:podinfo:digest', MarkerField.Digest],
    ['#{"$imagepolicy":"apps:podinfo"}', 'apps:podinfo', MarkerField.Image],
    ['##   {  "$imagepolicy" :  "apps:podinfo:tag"  }  ', 'apps:podinfo:tag', MarkerField.Tag],
    ['# {"$imagepolicy": "apps:podinfo", "note": "kept by kyaml"}', 'apps:podinfo', MarkerField.Image],
    ['# {"$imagepolicy": "apps:podinfo"}\r', 'apps:podinfo', MarkerField.Image],
  ])('reads %j', (comment, setter, field) => {
    expect(parseMarker(comment)).toEqual({
      setter,
      policy: { namespace: 'apps', name: 'podinfo' },
      field,
    });
  });

  it.each([
    '# just a comment',
    '# $imagepolicy: apps:podinfo',
    '# {"$imagepolicy": "apps:podinfo"} trailing words',
    "# {'$imagepolicy': 'apps:podinfo'}",
    '# {"$imagepolicy": "podinfo"}',
    '# {"$imagepolicy": "apps:podinfo:bogus"}',
    '# {"$imagepolicy": "apps:podinfo:tag:extra"}',
    '# {"$imagepolicy": ":podinfo"}',
    '# {"$imagepolicy": "apps: podinfo"}',
    '# {"$imagepolicy": ""}',
    '# {"$imagepolicy": 3}',
    '# {"$imagepolicy": "apps:podinfo", "count": 1}',
    '# {"$ImagePolicy": "apps:podinfo"}',
    '# ["$imagepolicy", "apps:podinfo"]',
  ])('ignores %j', (comment) => {
    expect(parseMarker(comment)).toBeUndefined();
  });
});

describe('markerValue', () => {
  const digest = `sha256:${'ab'.repeat(32)}`;
  const plain = { name: 'ghcr.io/org/app', tag: 'v1.2.3' };
  const pinned = { ...plain, digest };

  it.each([
    [MarkerField.Image, plain, 'ghcr.io/org/app:v1.2.3'],
    [MarkerField.Image, pinned, `ghcr.io/org/app:v1.2.3@${digest}`],
    [MarkerField.Tag, plain, 'v1.2.3'],
    [MarkerField.Tag, pinned, 'v1.2.3'],
    [MarkerField.Name, pinned, 'ghcr.io/org/app'],
    [MarkerField.Digest, pinned, digest],
  ])('writes the %s of %j', (field, image, expected) => {
    expect(markerValue(field, image)).toBe(expected);
  });

  it('has nothing to write for a digest marker when the policy reflects no digest', () => {
    expect(markerValue(MarkerField.Digest, plain)).toBeUndefined();
    expect(markerValue(MarkerField.Digest, { ...plain, digest: '' })).toBeUndefined();
  });
});
