import { chmod, mkdir, mkdtemp, readFile, realpath, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UpdatePathEscapeError, UpdatePathNotFoundError } from './setter-errors.js';
import type { PolicyResolver } from './setter-types.js';
import { applySetters } from './update-files.js';

const marker = '# {"$imagepolicy": "apps:podinfo"}';
const resolve: PolicyResolver = (policy) =>
  policy.namespace === 'apps' && policy.name === 'podinfo'
    ? { name: 'ghcr.io/stefanprodan/podinfo', tag: '6.5.1' }
    : undefined;

let temp: string;
let root: string;

async function put(relative: string, content: string): Promise<string> {
  const file = path.join(root, relative);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, content);
  return file;
}

const read = (relative: string) => readFile(path.join(root, relative), 'utf8');
const deployment = (name: string, image: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  image: ${image} ${marker}\n`;

beforeEach(async () => {
  temp = await realpath(await mkdtemp(path.join(tmpdir(), 'setters-')));
  root = path.join(temp, 'repo');
  await mkdir(root);
});

afterEach(async () => {
  await rm(temp, { recursive: true, force: true });
});

describe('applySetters', () => {
  it('rewrites marked YAML files in sorted order, keeping their mode, and touches nothing else', async () => {
    await put('b.yml', deployment('b', 'old:1'));
    const executable = await put('apps/a.yaml', deployment('a', 'old:1'));
    await chmod(executable, 0o750);
    await put('apps/current.yaml', deployment('current', 'ghcr.io/stefanprodan/podinfo:6.5.1'));
    await put('apps/notes.txt', `image: old:1 ${marker}\n`);
    await put('apps/plain.yaml', 'not: [valid\n');
    await put('.git/hooks/x.yaml', `image: old:1 ${marker}\n`);

    const result = await applySetters({ root, resolve });

    expect(result).toEqual({
      files: [
        {
          file: 'apps/a.yaml',
          objects: [
            {
              object: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'a', namespace: '' },
              changes: [{ oldValue: 'old:1', newValue: 'ghcr.io/stefanprodan/podinfo:6.5.1', setter: 'apps:podinfo' }],
            },
          ],
        },
        {
          file: 'b.yml',
          objects: [
            {
              object: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'b', namespace: '' },
              changes: [{ oldValue: 'old:1', newValue: 'ghcr.io/stefanprodan/podinfo:6.5.1', setter: 'apps:podinfo' }],
            },
          ],
        },
      ],
      unresolved: [],
      skipped: [],
    });
    expect(await read('apps/a.yaml')).toBe(deployment('a', 'ghcr.io/stefanprodan/podinfo:6.5.1'));
    expect(await read('b.yml')).toBe(deployment('b', 'ghcr.io/stefanprodan/podinfo:6.5.1'));
    expect((await stat(executable)).mode & 0o777).toBe(0o750);
    expect(await read('apps/notes.txt')).toBe(`image: old:1 ${marker}\n`);
    expect(await read('.git/hooks/x.yaml')).toBe(`image: old:1 ${marker}\n`);
    expect(await read('apps/plain.yaml')).toBe('not: [valid\n');
  });

  it('walks only the update path', async () => {
    await put('apps/prod/app.yaml', deployment('prod', 'old:1'));
    await put('infra/app.yaml', deployment('infra', 'old:1'));

    const result = await applySetters({ root, path: './apps/', resolve });

    expect(result.files.map((file) => file.file)).toEqual(['apps/prod/app.yaml']);
    expect(await read('infra/app.yaml')).toBe(deployment('infra', 'old:1'));
  });

  it('reports files that do not parse and markers of unknown policies, and leaves them as they are', async () => {
    const broken = `image: old:1 ${marker}\n  oops: [\n`;
    await put('broken.yaml', broken);
    await put('unknown.yaml', 'a: 1\nimage: old:1 # {"$imagepolicy": "apps:gone:tag"}\n');

    const result = await applySetters({ root, resolve });

    expect(result.files).toEqual([]);
    expect(result.skipped).toEqual([{ file: 'broken.yaml', error: expect.stringMatching(/\S/) }]);
    expect(result.unresolved).toEqual([{ file: 'unknown.yaml', line: 2, policy: { namespace: 'apps', name: 'gone' } }]);
    expect(await read('broken.yaml')).toBe(broken);
  });

  it('does not follow a symlink out of the root, but updates a linked file inside it', async () => {
    await mkdir(path.join(temp, 'outside'));
    const outside = path.join(temp, 'outside', 'app.yaml');
    await writeFile(outside, deployment('outside', 'old:1'));
    await symlink(outside, path.join(root, 'escape.yaml'));
    await symlink(path.join(temp, 'outside'), path.join(root, 'escape-dir'));
    await put('real/app.yaml', deployment('real', 'old:1'));
    await symlink('real/app.yaml', path.join(root, 'link.yaml'));

    const result = await applySetters({ root, resolve });

    expect(result.files.map((file) => file.file)).toEqual(['link.yaml']);
    expect(await readFile(outside, 'utf8')).toBe(deployment('outside', 'old:1'));
    expect(await read('real/app.yaml')).toBe(deployment('real', 'ghcr.io/stefanprodan/podinfo:6.5.1'));
  });

  it.each(['..', '../outside', 'apps/../../outside', 'escape-dir'])(
    'refuses the update path %j',
    async (updatePath) => {
      await mkdir(path.join(temp, 'outside'));
      await mkdir(path.join(root, 'apps'));
      await symlink(path.join(temp, 'outside'), path.join(root, 'escape-dir'));

      const run = applySetters({ root, path: updatePath, resolve });

      await expect(run).rejects.toThrow(UpdatePathEscapeError);
      await expect(run).rejects.toThrow(`update path ${JSON.stringify(updatePath)} is outside the repository root`);
    },
  );

  it('names a missing update path', async () => {
    const run = applySetters({ root, path: 'clusters/missing', resolve });

    await expect(run).rejects.toThrow(UpdatePathNotFoundError);
    await expect(run).rejects.toThrow('update path "clusters/missing" does not exist in the repository');
  });
});
