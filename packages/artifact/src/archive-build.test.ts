import { execFileSync } from 'node:child_process';
import { chmod, chown, mkdir, readdir, readFile, symlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { gunzipSync } from 'node:zlib';
import { extract as createExtract, type Header } from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { exists, snapshot, useTempDirs } from '../test/helpers.js';
import { buildArchive, createArchiveStream } from './archive-build.js';
import { extractArchive } from './archive-extract.js';
import { digestOf } from './digest.js';
import { ArchiveBuildError } from './errors.js';

const tempDir = useTempDirs();

type Spec = Record<string, string | { content: string; mode: number } | { link: string } | null>;

/** Creates a tree; `null` is an empty directory. Entries are created in the order given. */
async function makeTree(root: string, spec: Spec): Promise<void> {
  for (const [path, value] of Object.entries(spec)) {
    const abs = join(root, path);
    await mkdir(join(abs, '..'), { recursive: true });
    if (value === null) await mkdir(abs, { recursive: true });
    else if (typeof value === 'string') await writeFile(abs, value);
    else if ('link' in value) await symlink(value.link, abs);
    else {
      await writeFile(abs, value.content);
      await chmod(abs, value.mode);
    }
  }
}

const sample: Spec = {
  'README.md': '# hello\n',
  'deploy/app.yaml': 'kind: Deployment\n',
  'deploy/kustomization.yaml': 'resources: [app.yaml]\n',
  'scripts/run.sh': { content: '#!/bin/sh\necho hi\n', mode: 0o755 },
  empty: null,
  current: { link: 'deploy' },
  'deploy/readme-link': { link: '../README.md' },
  '.git/HEAD': 'ref: refs/heads/main\n',
};

async function headersOf(archive: Buffer): Promise<Header[]> {
  const headers: Header[] = [];
  const tar = createExtract();
  tar.end(gunzipSync(archive));
  for await (const entry of tar) {
    headers.push(entry.header);
    entry.resume();
  }
  return headers;
}

async function archiveDigest(dir: string, out: string): Promise<string> {
  return (await buildArchive(dir, out)).digest;
}

describe('buildArchive', () => {
  it('gives the same digest for the same tree, however it was created', async () => {
    const base = await tempDir();
    const a = join(base, 'a');
    const b = join(base, 'b');
    await makeTree(a, sample);
    await makeTree(b, Object.fromEntries(Object.entries(sample).reverse()));

    const first = await buildArchive(a, join(base, 'a1.tar.gz'));
    const again = await buildArchive(a, join(base, 'a2.tar.gz'));
    const other = await buildArchive(b, join(base, 'b.tar.gz'));

    expect(first.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(again.digest).toBe(first.digest);
    expect(other.digest).toBe(first.digest);
    expect(first.size).toBe((await readFile(first.path)).length);
    expect(await digestOf(first.path)).toBe(first.digest);
  });

  it('ignores mtimes and permission bits other than the executable bit', async () => {
    const base = await tempDir();
    const dir = join(base, 'tree');
    await makeTree(dir, sample);
    const before = await archiveDigest(dir, join(base, 'before.tar.gz'));

    await utimes(join(dir, 'README.md'), new Date('2001-02-03'), new Date('2001-02-03'));
    await utimes(join(dir, 'deploy'), new Date('2011-02-03'), new Date('2011-02-03'));
    await chmod(join(dir, 'deploy/app.yaml'), 0o600);
    await chmod(join(dir, 'scripts/run.sh'), 0o700);
    await chmod(join(dir, 'empty'), 0o700);

    expect(await archiveDigest(dir, join(base, 'after.tar.gz'))).toBe(before);
  });

  it.skipIf(process.getuid?.() !== 0)('ignores the owner of files', async () => {
    const base = await tempDir();
    const dir = join(base, 'tree');
    await makeTree(dir, sample);
    const before = await archiveDigest(dir, join(base, 'before.tar.gz'));
    await chown(join(dir, 'README.md'), 1234, 5678);
    await chown(join(dir, 'deploy'), 4321, 8765);
    expect(await archiveDigest(dir, join(base, 'after.tar.gz'))).toBe(before);
  });

  it('changes the digest when content, names, the executable bit or a link target change', async () => {
    const base = await tempDir();
    const dir = join(base, 'tree');
    await makeTree(dir, sample);
    const seen = new Set([await archiveDigest(dir, join(base, '0.tar.gz'))]);

    await writeFile(join(dir, 'deploy/app.yaml'), 'kind: StatefulSet\n');
    seen.add(await archiveDigest(dir, join(base, '1.tar.gz')));
    await chmod(join(dir, 'README.md'), 0o755);
    seen.add(await archiveDigest(dir, join(base, '2.tar.gz')));
    await writeFile(join(dir, 'new.txt'), '');
    seen.add(await archiveDigest(dir, join(base, '3.tar.gz')));
    execFileSync('ln', ['-sfn', 'scripts', join(dir, 'current')]);
    seen.add(await archiveDigest(dir, join(base, '4.tar.gz')));

    expect(seen.size).toBe(5);
  });

  it('writes normalised, sorted headers and a gzip header without time or platform', async () => {
    const base = await tempDir();
    const dir = join(base, 'tree');
    await makeTree(dir, sample);
    await chown(join(dir, 'README.md'), 1000, 1000).catch(() => {});
    const archive = await buffer(createArchiveStream(dir));

    expect([...archive.subarray(0, 4)]).toEqual([0x1f, 0x8b, 8, 0]);
    expect(archive.readUInt32LE(4)).toBe(0);
    expect(archive[9]).toBe(0xff);

    const headers = await headersOf(archive);
    expect(headers.map((h) => [h.name, h.type, h.mode, h.linkname ?? null])).toEqual([
      ['README.md', 'file', 0o644, null],
      ['current', 'symlink', 0o777, 'deploy'],
      ['deploy/', 'directory', 0o755, null],
      ['deploy/app.yaml', 'file', 0o644, null],
      ['deploy/kustomization.yaml', 'file', 0o644, null],
      ['deploy/readme-link', 'symlink', 0o777, '../README.md'],
      ['empty/', 'directory', 0o755, null],
      ['scripts/', 'directory', 0o755, null],
      ['scripts/run.sh', 'file', 0o755, null],
    ]);
    for (const h of headers) {
      expect(h.mtime.getTime()).toBe(0);
      expect([h.uid, h.gid, h.uname, h.gname]).toEqual([0, 0, '', '']);
    }
  });

  it('applies the ignore filter, skipping ignored directories entirely', async () => {
    const base = await tempDir();
    const dir = join(base, 'tree');
    await makeTree(dir, { ...sample, 'secret.env': 'x', 'tmp/cache/a': 'a', '.git/config': 'x' });
    const calls: Array<[string, boolean]> = [];
    const archive = await buffer(
      createArchiveStream(dir, {
        ignore: (path, isDir) => {
          calls.push([path, isDir]);
          return path === 'secret.env' || (isDir && path === 'tmp');
        },
      }),
    );
    const names = (await headersOf(archive)).map((h) => h.name);
    expect(names).not.toContain('secret.env');
    expect(names.some((n) => n.startsWith('tmp'))).toBe(false);
    expect(names.some((n) => n.startsWith('.git'))).toBe(false);
    expect(calls).toContainEqual(['tmp', true]);
    expect(calls.some(([p]) => p.startsWith('tmp/'))).toBe(false);
    expect(calls.some(([p]) => p.startsWith('.git'))).toBe(false);
  });

  it('keeps .git when asked to', async () => {
    const base = await tempDir();
    const dir = join(base, 'tree');
    await makeTree(dir, sample);
    const names = (await headersOf(await buffer(createArchiveStream(dir, { excludeGit: false })))).map((h) => h.name);
    expect(names).toContain('.git/HEAD');
  });

  it('leaves fifos out', async () => {
    const base = await tempDir();
    const dir = join(base, 'tree');
    await makeTree(dir, { 'a.txt': 'a' });
    execFileSync('mkfifo', [join(dir, 'pipe')]);
    const names = (await headersOf(await buffer(createArchiveStream(dir)))).map((h) => h.name);
    expect(names).toEqual(['a.txt']);
  });

  it.each([
    ['an absolute symlink', { 'abs-link': { link: '/etc' } }, 'abs-link'],
    ['a symlink above the root', { 'sub/up': { link: '../../outside' } }, 'sub/up'],
    ['a symlink escaping through another link', { self: { link: '.' }, sneaky: { link: 'self/..' } }, 'sneaky'],
  ] as const)('rejects %s and leaves no file behind', async (_name, spec, entry) => {
    const base = await tempDir();
    const dir = join(base, 'tree');
    await makeTree(dir, { 'a.txt': 'a', ...(spec as Spec) });
    const out = join(base, 'out', 'artifact.tar.gz');

    const err = await buildArchive(dir, out).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArchiveBuildError);
    expect((err as ArchiveBuildError).path).toBe(entry);
    expect((err as Error).message).toContain('outside');
    expect(await exists(out)).toBe(false);
    expect(await readdir(join(base, 'out'))).toEqual([]);
  });

  it('fails on a missing directory', async () => {
    const base = await tempDir();
    await expect(buildArchive(join(base, 'missing'), join(base, 'x.tar.gz'))).rejects.toBeInstanceOf(ArchiveBuildError);
    expect(await exists(join(base, 'x.tar.gz'))).toBe(false);
  });

  it('round-trips through extractArchive with the same content, modes and symlinks', async () => {
    const base = await tempDir();
    const dir = join(base, 'tree');
    await makeTree(dir, sample);
    await chmod(join(dir, 'README.md'), 0o644);
    for (const d of ['deploy', 'scripts', 'empty']) await chmod(join(dir, d), 0o755);
    for (const f of ['deploy/app.yaml', 'deploy/kustomization.yaml']) await chmod(join(dir, f), 0o644);
    const archive = await buildArchive(dir, join(base, 'a.tar.gz'));

    const out = join(base, 'out');
    const result = await extractArchive(archive.path, out);

    const expected = await snapshot(dir);
    delete expected['.git'];
    delete expected['.git/HEAD'];
    expect(await snapshot(out)).toEqual(expected);
    expect(result.entries).toBe(9);
    expect(await buildArchive(out, join(base, 'b.tar.gz'))).toMatchObject({ digest: archive.digest });
  });
});
