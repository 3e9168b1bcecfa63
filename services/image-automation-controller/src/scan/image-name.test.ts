import { describe, expect, it } from 'vitest';
import { ImageNameError, parseImageName, registryApiHost } from './image-name.js';

describe('parseImageName', () => {
  it.each([
    ['nginx', 'index.docker.io', 'library/nginx'],
    ['org/app', 'index.docker.io', 'org/app'],
    ['docker.io/nginx', 'index.docker.io', 'library/nginx'],
    ['docker.io/org/app', 'index.docker.io', 'org/app'],
    ['index.docker.io/org/app', 'index.docker.io', 'org/app'],
    ['ghcr.io/org/team/app', 'ghcr.io', 'org/team/app'],
    ['127.0.0.1:5000/app', '127.0.0.1:5000', 'app'],
    ['localhost/app', 'localhost', 'app'],
    ['localhost:5000/a/b', 'localhost:5000', 'a/b'],
    ['Registry.Example.com/app', 'Registry.Example.com', 'app'],
    ['[::1]:5000/app', '[::1]:5000', 'app'],
    ['org/my_app-x.y', 'index.docker.io', 'org/my_app-x.y'],
  ])('%s → %s/%s', (image, registry, repository) => {
    expect(parseImageName(image)).toEqual({ registry, repository, canonical: `${registry}/${repository}` });
  });

  it.each([
    ['nginx:1.25', "must not contain a tag; remove ':1.25'"],
    ['127.0.0.1:5000/app:v1', "must not contain a tag; remove ':v1'"],
    [`org/app@sha256:${'a'.repeat(64)}`, `must not contain a digest; remove '@sha256:${'a'.repeat(64)}'`],
    ['https://ghcr.io/org/app', "must not include a URL scheme; remove 'https://'"],
    ['Org/App', 'must be lower-case'],
    ['', 'non-empty'],
    [' nginx', 'non-empty'],
    ['org//app', 'invalid repository path component ""'],
    ['org/app/', 'invalid repository path component ""'],
    ['org/-app', 'invalid repository path component "-app"'],
    ['bad_host.io:port/app', 'not a valid registry host'],
    [`org/${'a'.repeat(260)}`, 'longer than 255'],
  ])('rejects %j', (image, detail) => {
    let error: unknown;
    try {
      parseImageName(image);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ImageNameError);
    expect((error as ImageNameError).reason).toBe('ImageURLInvalid');
    expect((error as Error).message).toContain(detail);
  });
});

describe('registryApiHost', () => {
  it('sends Docker Hub names to registry-1.docker.io and others to their own host', () => {
    expect(registryApiHost(parseImageName('nginx'))).toBe('registry-1.docker.io');
    expect(registryApiHost(parseImageName('127.0.0.1:5000/app'))).toBe('127.0.0.1:5000');
  });
});
