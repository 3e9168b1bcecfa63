import { describe, expect, it } from 'vitest';
import { revisionHash, versionMetadataFor, withVersionMetadata } from './chart-version-metadata.js';
import { ChartMetadataPatchError } from './helm-errors.js';

const gitRevision = 'main@sha1:4e5cbb7b97d00a8039b8810b90b922f4256fd3bd';
const bucketRevision = 'sha256:4e5cbb7b97d00a8039b8810b90b922f4256fd3bd8f78b934b4892dae13f7ca87';

describe('versionMetadataFor', () => {
  it.each([
    ['GitRepository', 'ChartVersion', gitRevision, [], 3, undefined],
    ['GitRepository', undefined, gitRevision, [], 3, undefined],
    ['GitRepository', 'Revision', gitRevision, [], 3, '4e5cbb7b97d0'],
    ['GitRepository', 'Revision', 'v1.0.0@sha1:0123456789abcdef0123', [], 1, '0123456789ab'],
    ['GitRepository', 'Revision', 'main/0123456789abcdef0123', [], 1, '0123456789ab'],
    ['Bucket', 'Revision', bucketRevision, [], 1, '4e5cbb7b97d0'],
    ['GitRepository', 'Revision', gitRevision, ['values-prod.yaml'], 5, '4e5cbb7b97d0.5'],
    ['GitRepository', 'ChartVersion', gitRevision, ['values-prod.yaml'], 5, '5'],
    ['HelmRepository', 'Revision', gitRevision, [], 2, undefined],
    ['HelmRepository', undefined, undefined, ['values.yaml'], 2, '2'],
  ] as const)(
    '%s %s %s values=%j gen=%i -> %s',
    (sourceKind, reconcileStrategy, sourceRevision, valuesFiles, generation, expected) => {
      expect(versionMetadataFor({ sourceKind, reconcileStrategy, sourceRevision, valuesFiles, generation })).toBe(
        expected,
      );
    },
  );
});

describe('revisionHash', () => {
  it.each([
    [gitRevision, '4e5cbb7b97d00a8039b8810b90b922f4256fd3bd'],
    ['refs/heads/feature/x@sha1:abc', 'abc'],
    ['sha256:def', 'def'],
    ['main/abc', 'abc'],
    ['abc', 'abc'],
  ])('%s -> %s', (revision, hash) => {
    expect(revisionHash(revision)).toBe(hash);
  });
});

describe('withVersionMetadata', () => {
  it.each([
    ['1.2.3', undefined, '1.2.3'],
    ['v1.2', undefined, 'v1.2'],
    ['1.2.3', '4e5cbb7b97d0', '1.2.3+4e5cbb7b97d0'],
    ['1.2.3+old', '7', '1.2.3+7'],
    ['v1.2', 'abc.1', '1.2.0+abc.1'],
    ['1.0.0-rc.1', '3', '1.0.0-rc.1+3'],
  ])('%s with %s -> %s', (version, metadata, expected) => {
    expect(withVersionMetadata(version, metadata)).toBe(expected);
  });

  it.each([
    ['not-semver', '1'],
    ['1.0.0', 'bad_meta'],
    ['1.0.0', 'a..b'],
  ])('rejects %s with metadata %s', (version, metadata) => {
    expect(() => withVersionMetadata(version, metadata)).toThrow(ChartMetadataPatchError);
  });
});
