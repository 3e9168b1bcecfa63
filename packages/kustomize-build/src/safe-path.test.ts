import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PathEscapeError, PathNotFoundError } from './errors.js';
import { resolveInside } from './safe-path.js';

let temp: string;
let root: string;

beforeEach(async () => {
  temp = await realpath(await mkdtemp(path.join(tmpdir(), 'safe-path-')));
  root = path.join(temp, 'artifact');
  await mkdir(path.join(root, 'apps', 'prod'), { recursive: true });
  await mkdir(path.join(temp, 'outside'));
  await writeFile(path.join(root, 'apps', 'file.yaml'), '');
  await symlink('apps/prod', path.join(root, 'link-inside'));
  await symlink('../outside', path.join(root, 'link-outside'));
  await symlink(path.join(temp, 'outside'), path.join(root, 'apps', 'absolute-outside'));
});

afterEach(async () => {
  await rm(temp, { recursive: true, force: true });
});

describe('resolveInside', () => {
  it.each([
    ['', '.'],
    ['.', '.'],
    ['./', '.'],
    ['apps', 'apps'],
    ['./apps/prod', 'apps/prod'],
    ['apps/prod/', 'apps/prod'],
    ['apps/prod/../prod', 'apps/prod'],
    ['/apps/prod', 'apps/prod'],
    ['link-inside', 'apps/prod'],
    ['apps/file.yaml', 'apps/file.yaml'],
  ])('resolves %j to %s', (input, expected) => {
    expect(resolveInside(root, input)).toBe(path.join(root, expected));
  });

  it.each(['../../etc', '..', 'apps/../../outside', 'link-outside', 'apps/absolute-outside'])(
    'refuses %j, which leaves the artifact',
    (input) => {
      expect(() => resolveInside(root, input)).toThrow(PathEscapeError);
      expect(() => resolveInside(root, input)).toThrow(`path ${JSON.stringify(input)} is outside the artifact`);
    },
  );

  it('reports a missing path', () => {
    expect(() => resolveInside(root, './apps/dev')).toThrow(PathNotFoundError);
    expect(() => resolveInside(root, './apps/dev')).toThrow('path "./apps/dev" does not exist in the artifact');
  });
});
