import { mkdir, readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../test/helpers.js';
import { digestOf } from './digest.js';
import { DigestMismatchError, StoragePathError } from './errors.js';
import { createArtifactStorage, type ObjectRef } from './storage.js';

const tempDir = useTempDirs();
const repo: ObjectRef = { kind: 'GitRepository', namespace: 'flux-system', name: 'podinfo' };
const baseUrl = 'http://source-controller.flux-system.svc.cluster.local./';

async function newStorage() {
  const root = await tempDir();
  return createArtifactStorage({ root, baseUrl });
}

/** Stores `count` files and ages them: file i is (count - i) minutes old, so the last is the newest. */
async function storeAged(storage: Awaited<ReturnType<typeof newStorage>>, count: number) {
  const names: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const name = `rev${i}.tar.gz`;
    const artifact = await storage.store(repo, Readable.from([Buffer.from(`content ${i}`)]), name);
    const when = new Date(Date.now() - (count - i) * 60_000);
    await utimes(storage.resolve(artifact.path), when, when);
    names.push(name);
  }
  return names;
}

describe('createArtifactStorage', () => {
  it('stores a stream under <kind>/<namespace>/<name>/<file> and describes it', async () => {
    const storage = await newStorage();
    const artifact = await storage.store(repo, Readable.from([Buffer.from('hello')]), 'abc.tar.gz', {
      revision: 'main@sha1:0123456789abcdef0123456789abcdef01234567',
    });

    expect(artifact).toEqual({
      path: 'gitrepository/flux-system/podinfo/abc.tar.gz',
      url: 'http://source-controller.flux-system.svc.cluster.local./gitrepository/flux-system/podinfo/abc.tar.gz',
      revision: 'main@sha1:0123456789abcdef0123456789abcdef01234567',
      digest: 'sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824',
      size: 5,
      lastUpdateTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
    });
    expect(storage.resolve(artifact.path)).toBe(join(storage.root, 'gitrepository/flux-system/podinfo/abc.tar.gz'));
    expect(await readFile(storage.resolve(artifact.path), 'utf8')).toBe('hello');
    expect(await storage.exists(artifact.path)).toBe(true);
    await storage.verify(artifact);
  });

  it('stores a file path and leaves no temp file', async () => {
    const storage = await newStorage();
    const source = join(await tempDir(), 'chart.tgz');
    await writeFile(source, 'chart bytes');
    const artifact = await storage.store({ kind: 'HelmChart', namespace: 'ns', name: 'c' }, source, 'c-1.0.0.tgz');

    expect(artifact.digest).toBe(await digestOf(source));
    expect(await readdir(join(storage.root, 'helmchart/ns/c'))).toEqual(['c-1.0.0.tgz']);
  });

  it('keeps the previous file when a store fails half-way', async () => {
    const storage = await newStorage();
    await storage.store(repo, Readable.from([Buffer.from('v1')]), 'latest.tar.gz');
    const failing = new Readable({
      read() {
        this.push(Buffer.from('partial'));
        this.destroy(new Error('source broke'));
      },
    });

    await expect(storage.store(repo, failing, 'latest.tar.gz')).rejects.toThrow('source broke');
    expect(await readFile(storage.resolve('gitrepository/flux-system/podinfo/latest.tar.gz'), 'utf8')).toBe('v1');
    expect(await readdir(join(storage.root, 'gitrepository/flux-system/podinfo'))).toEqual(['latest.tar.gz']);
  });

  it('detects a stored file that no longer matches its digest', async () => {
    const storage = await newStorage();
    const artifact = await storage.store(repo, Readable.from([Buffer.from('good')]), 'a.tar.gz');
    await writeFile(storage.resolve(artifact.path), 'tampered');
    await expect(storage.verify(artifact)).rejects.toBeInstanceOf(DigestMismatchError);
  });

  it.each(['../outside', 'gitrepository/../../outside', 'a/b/../../../etc/passwd', 'a\\..\\b', 'nul\0byte', '', '/'])(
    'resolve refuses %j',
    async (path) => {
      const storage = await newStorage();
      expect(() => storage.resolve(path)).toThrow(StoragePathError);
    },
  );

  it('resolve treats leading slashes as a URL path under the root', async () => {
    const storage = await newStorage();
    expect(storage.resolve('/gitrepository/ns/n/f.tar.gz')).toBe(join(storage.root, 'gitrepository/ns/n/f.tar.gz'));
  });

  it.each([
    [{ ...repo, name: '../x' }, 'a.tar.gz'],
    [{ ...repo, namespace: 'a/b' }, 'a.tar.gz'],
    [{ ...repo, kind: 'Git/Repo' }, 'a.tar.gz'],
    [repo, '../a.tar.gz'],
    [repo, 'dir/a.tar.gz'],
    [repo, '.hidden'],
  ])('refuses an invalid ref or file name %#', async (ref, fileName) => {
    const storage = await newStorage();
    await expect(storage.store(ref, Readable.from([Buffer.from('x')]), fileName)).rejects.toBeInstanceOf(
      StoragePathError,
    );
  });

  it('serialises concurrent stores of one object and keeps a complete file', async () => {
    const storage = await newStorage();
    const contents = Array.from({ length: 20 }, (_, i) => Buffer.alloc(64 * 1024, i));
    const artifacts = await Promise.all(
      contents.map((content) => storage.store(repo, Readable.from([content]), 'latest.tar.gz')),
    );

    const onDisk = await readFile(storage.resolve('gitrepository/flux-system/podinfo/latest.tar.gz'));
    expect(contents.some((c) => c.equals(onDisk))).toBe(true);
    expect(artifacts.at(-1)?.digest).toBe(await digestOf(storage.resolve(artifacts[0].path)));
    expect(await readdir(join(storage.root, 'gitrepository/flux-system/podinfo'))).toEqual(['latest.tar.gz']);
  });

  it('runs concurrent stores and garbage collections of one object without losing the current file', async () => {
    const storage = await newStorage();
    const ops: Promise<unknown>[] = [];
    for (let i = 0; i < 10; i += 1) {
      ops.push(storage.store(repo, Readable.from([Buffer.from(`rev ${i}`)]), `rev${i}.tar.gz`));
      ops.push(storage.garbageCollect(repo, { keep: 1, ttlMs: 60_000 }));
    }
    await Promise.all(ops);
    const files = await readdir(join(storage.root, 'gitrepository/flux-system/podinfo'));
    expect(files).toContain('rev9.tar.gz');
    expect(files.every((f) => !f.startsWith('.'))).toBe(true);
  });

  it('garbage collection keeps the newest N files', async () => {
    const storage = await newStorage();
    const names = await storeAged(storage, 5);

    const deleted = await storage.garbageCollect(repo, { keep: 2, ttlMs: 24 * 3_600_000 });

    const dir = 'gitrepository/flux-system/podinfo';
    expect(deleted.sort()).toEqual(names.slice(0, 3).map((n) => `${dir}/${n}`));
    expect((await storage.list(repo)).map((f) => f.name)).toEqual(['rev4.tar.gz', 'rev3.tar.gz']);
  });

  it('garbage collection removes files older than the TTL even within N, but never the current one', async () => {
    const storage = await newStorage();
    await storeAged(storage, 4);

    const deleted = await storage.garbageCollect(repo, {
      keep: 10,
      ttlMs: 90_000,
      current: 'gitrepository/flux-system/podinfo/rev0.tar.gz',
    });

    expect(deleted.map((p) => p.split('/').at(-1)).sort()).toEqual(['rev1.tar.gz', 'rev2.tar.gz']);
    expect((await storage.list(repo)).map((f) => f.name)).toEqual(['rev3.tar.gz', 'rev0.tar.gz']);
  });

  it('garbage collection treats the newest file as current when none is given', async () => {
    const storage = await newStorage();
    await storeAged(storage, 3);
    await storage.garbageCollect(repo, { keep: 0, ttlMs: 0 });
    expect((await storage.list(repo)).map((f) => f.name)).toEqual(['rev2.tar.gz']);
  });

  it('garbage collection uses the retention given at creation and removes stale temp files', async () => {
    const root = await tempDir();
    const storage = createArtifactStorage({ root, baseUrl, retention: { keep: 1, ttlMs: 3_600_000 } });
    await storeAged(storage, 3);
    const dir = join(root, 'gitrepository/flux-system/podinfo');
    const stale = join(dir, '.rev9.tar.gz.tmp-0123456789ab');
    const fresh = join(dir, '.rev8.tar.gz.tmp-0123456789ab');
    await writeFile(stale, 'crashed');
    await writeFile(fresh, 'in flight');
    const old = new Date(Date.now() - 2 * 3_600_000);
    await utimes(stale, old, old);

    const deleted = await storage.garbageCollect(repo);

    expect(deleted.map((p) => p.split('/').at(-1)).sort()).toEqual([
      '.rev9.tar.gz.tmp-0123456789ab',
      'rev0.tar.gz',
      'rev1.tar.gz',
    ]);
    expect((await readdir(dir)).sort()).toEqual(['.rev8.tar.gz.tmp-0123456789ab', 'rev2.tar.gz']);
  });

  it('garbage collection of an unknown object deletes nothing', async () => {
    const storage = await newStorage();
    expect(await storage.garbageCollect(repo)).toEqual([]);
  });

  it('remove deletes every file of one object only', async () => {
    const storage = await newStorage();
    const other: ObjectRef = { ...repo, name: 'other' };
    await storeAged(storage, 2);
    await storage.store(other, Readable.from([Buffer.from('x')]), 'x.tar.gz');

    const removed = await storage.remove(repo);

    expect(removed.sort()).toEqual([
      'gitrepository/flux-system/podinfo/rev0.tar.gz',
      'gitrepository/flux-system/podinfo/rev1.tar.gz',
    ]);
    expect(await readdir(join(storage.root, 'gitrepository/flux-system'))).toEqual(['other']);
    expect(await storage.remove(repo)).toEqual([]);
  });

  it('encodes unusual file names in the URL', async () => {
    const storage = await newStorage();
    await mkdir(storage.root, { recursive: true });
    const artifact = await storage.store(repo, Readable.from([Buffer.from('x')]), 'index @ sha256.yaml');
    expect(artifact.url).toBe(
      'http://source-controller.flux-system.svc.cluster.local./gitrepository/flux-system/podinfo/index%20%40%20sha256.yaml',
    );
  });
});
