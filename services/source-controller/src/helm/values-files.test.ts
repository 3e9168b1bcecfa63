import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValuesFilesError } from './helm-errors.js';
import { loadValuesFiles, mergeValues, valuesToYaml } from './values-files.js';

describe('mergeValues', () => {
  it('merges maps recursively and lets later scalars and lists replace', () => {
    expect(
      mergeValues(
        { a: 1, nested: { x: 1, y: [1, 2], deep: { k: 'v' } }, list: [1], keep: true },
        { a: 2, nested: { y: [3], deep: { k2: 'v2' } }, list: { now: 'map' }, added: null },
      ),
    ).toEqual({
      a: 2,
      nested: { x: 1, y: [3], deep: { k: 'v', k2: 'v2' } },
      list: { now: 'map' },
      keep: true,
      added: null,
    });
  });

  it('writes sorted YAML, and nothing for empty values', () => {
    expect(valuesToYaml({ b: 1, a: { d: 2, c: 3 } })).toBe('a:\n  c: 3\n  d: 2\nb: 1\n');
    expect(valuesToYaml({})).toBe('');
  });
});

describe('loadValuesFiles', () => {
  let dir: string;
  let outside: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'driftless-values-'));
    outside = await mkdtemp(join(tmpdir(), 'driftless-values-out-'));
    await mkdir(join(dir, 'env'));
    await writeFile(join(dir, 'base.yaml'), 'replicas: 1\nimage: {tag: "1.0"}\n');
    await writeFile(join(dir, 'env', 'prod.yaml'), 'replicas: 3\nimage: {pull: Always}\n');
    await writeFile(join(dir, 'empty.yaml'), '');
    await writeFile(join(dir, 'list.yaml'), '- a\n');
    await writeFile(join(dir, 'bad.yaml'), 'a: [\n');
    await writeFile(join(outside, 'secret.yaml'), 'stolen: true\n');
    await symlink(join(outside, 'secret.yaml'), join(dir, 'link.yaml'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await rm(outside, { recursive: true, force: true });
  });

  it('merges the files in order', async () => {
    const result = await loadValuesFiles({
      baseDir: dir,
      files: ['base.yaml', 'env/prod.yaml', 'empty.yaml'],
      ignoreMissing: false,
    });
    expect(result).toEqual({
      values: { replicas: 3, image: { tag: '1.0', pull: 'Always' } },
      used: ['base.yaml', 'env/prod.yaml', 'empty.yaml'],
    });
  });

  it('skips missing files only when asked to', async () => {
    const files = ['base.yaml', 'missing.yaml'];
    await expect(loadValuesFiles({ baseDir: dir, files, ignoreMissing: false })).rejects.toThrow(
      "no values file found at path 'missing.yaml'",
    );
    const result = await loadValuesFiles({ baseDir: dir, files, ignoreMissing: true });
    expect(result.used).toEqual(['base.yaml']);
  });

  it.each([
    ['a path escaping the base dir', '../../etc/passwd'],
    ['a symlink out of the base dir', 'link.yaml'],
    ['a directory', 'env'],
    ['a list document', 'list.yaml'],
    ['malformed YAML', 'bad.yaml'],
  ])('rejects %s with ValuesFilesError', async (_what, file) => {
    const error = await loadValuesFiles({ baseDir: dir, files: [file], ignoreMissing: true }).catch((e) => e);
    expect(error).toBeInstanceOf(ValuesFilesError);
    expect(error.reason).toBe('ValuesFilesError');
  });
});
