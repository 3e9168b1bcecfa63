import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { createGzip, gunzipSync, gzipSync } from 'node:zlib';
import { pack as createPack } from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { exists, snapshot, type TarEntrySpec, tarGz, useTempDirs } from '../test/helpers.js';
import { extractArchive } from './archive-extract.js';
import { ExtractError, UnsafeArchiveError, UnsafeArchiveReason } from './errors.js';

const tempDir = useTempDirs();

interface Case {
  readonly name: string;
  readonly entries: TarEntrySpec[];
  readonly entry: string;
  readonly reason: UnsafeArchiveReason;
}

const ok: TarEntrySpec = { header: { name: 'ok.txt' }, body: 'fine' };

const cases: Case[] = [
  {
    name: 'an absolute path',
    entries: [ok, { header: { name: '/tmp/driftless-pwned' }, body: 'x' }],
    entry: '/tmp/driftless-pwned',
    reason: UnsafeArchiveReason.AbsolutePath,
  },
  {
    name: 'a ../ traversal',
    entries: [ok, { header: { name: '../x' }, body: 'x' }],
    entry: '../x',
    reason: UnsafeArchiveReason.PathTraversal,
  },
  {
    name: 'a traversal in the middle of a path',
    entries: [ok, { header: { name: 'a/../../x' }, body: 'x' }],
    entry: 'a/../../x',
    reason: UnsafeArchiveReason.PathTraversal,
  },
  {
    name: 'a symlink to /etc',
    entries: [ok, { header: { name: 'etc', type: 'symlink', linkname: '/etc' } }],
    entry: 'etc',
    reason: UnsafeArchiveReason.LinkEscape,
  },
  {
    name: 'a symlinked directory to /etc followed by a file through it',
    entries: [
      { header: { name: 'etc', type: 'symlink', linkname: '/etc' } },
      { header: { name: 'etc/cron.d/pwned' }, body: 'x' },
    ],
    entry: 'etc',
    reason: UnsafeArchiveReason.LinkEscape,
  },
  {
    name: 'a relative symlink above the root',
    entries: [ok, { header: { name: 'a/up', type: 'symlink', linkname: '../../..' } }],
    entry: 'a/up',
    reason: UnsafeArchiveReason.LinkEscape,
  },
  {
    name: 'a symlink escaping through an earlier symlink',
    entries: [
      { header: { name: 'self', type: 'symlink', linkname: '.' } },
      { header: { name: 'up', type: 'symlink', linkname: 'self/..' } },
    ],
    entry: 'up',
    reason: UnsafeArchiveReason.LinkEscape,
  },
  {
    name: 'a symlink made to escape by a later symlink',
    entries: [
      { header: { name: 'a', type: 'symlink', linkname: 'd/..' } },
      { header: { name: 'd', type: 'symlink', linkname: '.' } },
    ],
    entry: 'a',
    reason: UnsafeArchiveReason.LinkEscape,
  },
  {
    name: 'a file written through a symlink made to escape later',
    entries: [
      { header: { name: 'a', type: 'symlink', linkname: 'd/..' } },
      { header: { name: 'd', type: 'symlink', linkname: '.' } },
      { header: { name: 'a/pwned' }, body: 'x' },
    ],
    entry: 'a/pwned',
    reason: UnsafeArchiveReason.LinkEscape,
  },
  {
    name: 'a hardlink out of the destination',
    entries: [ok, { header: { name: 'passwd', type: 'link', linkname: '../../../etc/passwd' } }],
    entry: 'passwd',
    reason: UnsafeArchiveReason.PathTraversal,
  },
  {
    name: 'an absolute hardlink',
    entries: [ok, { header: { name: 'passwd', type: 'link', linkname: '/etc/passwd' } }],
    entry: 'passwd',
    reason: UnsafeArchiveReason.AbsolutePath,
  },
  {
    name: 'a hardlink through a symlink that leaves the root',
    entries: [
      { header: { name: 'self', type: 'symlink', linkname: '.' } },
      { header: { name: 'h', type: 'link', linkname: 'self/../etc/passwd' } },
    ],
    entry: 'h',
    reason: UnsafeArchiveReason.PathTraversal,
  },
  {
    name: 'a character device',
    entries: [ok, { header: { name: 'null', type: 'character-device', devmajor: 1, devminor: 3 } }],
    entry: 'null',
    reason: UnsafeArchiveReason.UnsupportedType,
  },
  {
    name: 'a block device',
    entries: [ok, { header: { name: 'sda', type: 'block-device', devmajor: 8, devminor: 0 } }],
    entry: 'sda',
    reason: UnsafeArchiveReason.UnsupportedType,
  },
  {
    name: 'a fifo',
    entries: [ok, { header: { name: 'pipe', type: 'fifo' } }],
    entry: 'pipe',
    reason: UnsafeArchiveReason.UnsupportedType,
  },
  {
    name: 'a file replacing a directory',
    entries: [{ header: { name: 'd', type: 'directory' } }, { header: { name: 'd' }, body: 'x' }],
    entry: 'd',
    reason: UnsafeArchiveReason.TypeConflict,
  },
];

async function expectRejected(promise: Promise<unknown>, entry: string, reason: UnsafeArchiveReason) {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UnsafeArchiveError);
  expect((err as UnsafeArchiveError).entry).toBe(entry);
  expect((err as UnsafeArchiveError).reason).toBe(reason);
  expect((err as Error).message).toContain(JSON.stringify(entry));
}

describe('extractArchive', () => {
  it('extracts files, directories, symlinks and hardlinks inside the destination', async () => {
    const base = await tempDir();
    const archive = await tarGz([
      { header: { name: './', type: 'directory' } },
      { header: { name: 'dir/', type: 'directory', mode: 0o750 } },
      { header: { name: 'dir/a.txt', mode: 0o640 }, body: 'A' },
      { header: { name: 'bin/run', mode: 0o755 }, body: '#!/bin/sh' },
      { header: { name: 'link', type: 'symlink', linkname: 'dir' } },
      { header: { name: 'link/b.txt' }, body: 'B' },
      { header: { name: 'hard', type: 'link', linkname: 'dir/a.txt' } },
      { header: { name: 'dangling', type: 'symlink', linkname: 'nowhere/yet' } },
    ]);
    const out = join(base, 'out');
    const result = await extractArchive(Readable.from([archive]), out);

    expect(result).toEqual({ destination: out, entries: 8, size: 11 });
    expect(await snapshot(out)).toEqual({
      bin: { type: 'directory', mode: 0o755 },
      'bin/run': { type: 'file', mode: 0o755, content: '#!/bin/sh' },
      dangling: { type: 'symlink', mode: 0, target: 'nowhere/yet' },
      dir: { type: 'directory', mode: 0o750 },
      'dir/a.txt': { type: 'file', mode: 0o640, content: 'A' },
      'dir/b.txt': { type: 'file', mode: 0o644, content: 'B' },
      hard: { type: 'file', mode: 0o640, content: 'A' },
      link: { type: 'symlink', mode: 0, target: 'dir' },
    });
    expect(await readdir(base)).toEqual(['out']);
  });

  it.each(cases)('rejects $name, naming the entry and leaving nothing behind', async ({ entries, entry, reason }) => {
    const base = await tempDir();
    const archivePath = join(base, 'evil.tar.gz');
    await writeFile(archivePath, await tarGz(entries));
    const out = join(base, 'out');

    await expectRejected(extractArchive(archivePath, out), entry, reason);
    expect(await exists(out)).toBe(false);
    expect((await readdir(base)).sort()).toEqual(['evil.tar.gz']);
    expect(await exists('/tmp/driftless-pwned')).toBe(false);
  });

  it('leaves an existing destination untouched when an archive is rejected', async () => {
    const base = await tempDir();
    const out = join(base, 'out');
    await mkdir(out);
    await writeFile(join(out, 'previous.txt'), 'previous revision');
    const archive = await tarGz([ok, { header: { name: 'x', type: 'symlink', linkname: '/etc' } }, ok]);

    await expectRejected(extractArchive(Readable.from([archive]), out, { overwrite: true }), 'x', 'LinkEscape');
    expect(await snapshot(out)).toEqual({
      'previous.txt': { type: 'file', mode: expect.any(Number), content: 'previous revision' },
    });
    expect(await readdir(base)).toEqual(['out']);
  });

  it('replaces an existing destination only with overwrite', async () => {
    const base = await tempDir();
    const out = join(base, 'out');
    await mkdir(out);
    await writeFile(join(out, 'previous.txt'), 'old');
    const archive = await tarGz([ok]);

    await expect(extractArchive(Readable.from([archive]), out)).rejects.toBeInstanceOf(ExtractError);
    expect(await readFile(join(out, 'previous.txt'), 'utf8')).toBe('old');

    await extractArchive(Readable.from([archive]), out, { overwrite: true });
    expect(await readdir(out)).toEqual(['ok.txt']);
    expect(await readdir(base)).toEqual(['out']);
  });

  it('rejects more entries than maxFiles', async () => {
    const base = await tempDir();
    const entries = Array.from({ length: 6 }, (_, i) => ({ header: { name: `f${i}` }, body: 'x' }));
    await expectRejected(
      extractArchive(Readable.from([await tarGz(entries)]), join(base, 'out'), { maxFiles: 5 }),
      'f5',
      'EntryLimit',
    );
    expect(await readdir(base)).toEqual([]);
  });

  it('rejects files whose total size passes maxSize', async () => {
    const base = await tempDir();
    const entries = Array.from({ length: 4 }, (_, i) => ({ header: { name: `f${i}` }, body: Buffer.alloc(400) }));
    await expectRejected(
      extractArchive(Readable.from([await tarGz(entries)]), join(base, 'out'), { maxSize: 1000 }),
      'f2',
      'SizeLimit',
    );
    expect(await readdir(base)).toEqual([]);
  });

  it('stops reading a gzip bomb early', async () => {
    const base = await tempDir();
    const bombSize = 256 * 1024 * 1024;
    const pack = createPack();
    const compressed = buffer(Readable.from(pack).pipe(createGzip({ level: 9 })));
    const sink = pack.entry({ name: 'bomb.bin', size: bombSize, mtime: new Date(0) });
    const chunk = Buffer.alloc(1024 * 1024);
    for (let i = 0; i < bombSize / chunk.length; i += 1) {
      if (!sink.write(chunk)) await new Promise<void>((resolve) => sink.once('drain', () => resolve()));
    }
    sink.end(null);
    pack.finalize();
    const archive = await compressed;

    let served = 0;
    const source = Readable.from(
      (function* () {
        for (let offset = 0; offset < archive.length; offset += 16 * 1024) {
          const piece = archive.subarray(offset, offset + 16 * 1024);
          served += piece.length;
          yield piece;
        }
      })(),
    );
    await expectRejected(extractArchive(source, join(base, 'out'), { maxSize: 1024 * 1024 }), 'bomb.bin', 'SizeLimit');
    expect(served).toBeLessThan(archive.length / 2);
    expect(await readdir(base)).toEqual([]);
  });

  it('stops inflating data past the end of the archive', async () => {
    const base = await tempDir();
    const tar = Buffer.concat([gunzipSync(await tarGz([ok])), Buffer.alloc(32 * 1024 * 1024)]);
    await expectRejected(
      extractArchive(Readable.from([gzipSync(tar)]), join(base, 'out'), { maxSize: 1024 }),
      'ok.txt',
      'SizeLimit',
    );
    expect(await readdir(base)).toEqual([]);
  });

  it('wraps corrupt input in ExtractError', async () => {
    const base = await tempDir();
    const archive = await tarGz([{ header: { name: 'big' }, body: Buffer.alloc(100_000, 7) }]);
    const truncated = archive.subarray(0, archive.length - 40);
    await expect(extractArchive(Readable.from([truncated]), join(base, 'out'))).rejects.toBeInstanceOf(ExtractError);
    await expect(extractArchive(Readable.from([Buffer.from('not gzip')]), join(base, 'out'))).rejects.toBeInstanceOf(
      ExtractError,
    );
    expect(await readdir(base)).toEqual([]);
  });
});
