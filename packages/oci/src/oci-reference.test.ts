import { describe, expect, it } from 'vitest';
import { OciUrlInvalidError } from './oci-errors.js';
import { isValidDigest, isValidTag, parseOciUrl } from './oci-reference.js';

describe('parseOciUrl', () => {
  it.each([
    ['oci://ghcr.io/stefanprodan/manifests/podinfo', 'ghcr.io', 'stefanprodan/manifests/podinfo'],
    ['oci://127.0.0.1:5000/team/app', '127.0.0.1:5000', 'team/app'],
    ['oci://localhost:5000/app/', 'localhost:5000', 'app'],
    ['oci://docker.io/nginx', 'index.docker.io', 'library/nginx'],
    ['oci://docker.io/bitnamicharts/redis', 'index.docker.io', 'bitnamicharts/redis'],
    ['oci://registry.example.com/a-b/c__d/e.f', 'registry.example.com', 'a-b/c__d/e.f'],
  ])('%s → %s / %s', (url, registry, repository) => {
    expect(parseOciUrl(url)).toEqual({ registry, repository });
  });

  it.each([
    ['https://ghcr.io/org/app', "must start with 'oci://'"],
    ['oci://ghcr.io', "expected 'oci://<host>/<repository>'"],
    ['oci://ghcr.io/org/app:v1', "must not contain a tag; remove ':v1'"],
    ['oci://ghcr.io/org/app@sha256:abc', 'must not contain a digest'],
    ['oci://ghcr.io/Org/app', 'invalid repository path component "Org"'],
    ['oci://ghcr.io/org//app', 'invalid repository path component ""'],
    ['oci://bad_host/app', 'invalid registry host'],
  ])('rejects %s (%s)', (url, detail) => {
    let error: unknown;
    try {
      parseOciUrl(url);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(OciUrlInvalidError);
    expect((error as OciUrlInvalidError).reason).toBe('URLInvalid');
    expect((error as Error).message).toContain(detail);
  });
});

describe('isValidTag / isValidDigest', () => {
  it.each([
    ['latest', true],
    ['v1.2.3', true],
    ['1.0.0_build.1', true],
    ['-bad', false],
    ['1.0.0+meta', false],
    ['a'.repeat(129), false],
  ])('tag %s → %s', (tag, valid) => {
    expect(isValidTag(tag)).toBe(valid);
  });

  it.each([
    [`sha256:${'a'.repeat(64)}`, true],
    [`sha256:${'A'.repeat(64)}`, false],
    [`sha512:${'a'.repeat(128)}`, false],
    ['sha256:abc', false],
  ])('digest %s → %s', (digest, valid) => {
    expect(isValidDigest(digest)).toBe(valid);
  });
});
