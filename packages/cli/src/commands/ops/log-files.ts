import { existsSync, readdirSync } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { controllerNames } from '../../context/flux-kinds.js';

/** The `<controller>.log` files `driftless dev` writes, by path. */
export function listLogFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => (controllerNames as readonly string[]).includes(file.replace(/\.log$/, '')))
    .sort()
    .map((file) => join(dir, file));
}

export function controllerOfFile(file: string): string {
  return basename(file, '.log');
}

/** Reads a file piece by piece: every call returns the complete lines appended since the last one. */
export interface LogTail {
  file: string;
  readNew(): Promise<string[]>;
}

export function createLogTail(file: string): LogTail {
  let offset = 0;
  let partial = '';
  return {
    file,
    async readNew() {
      const size = await stat(file).then(
        (info) => info.size,
        () => 0,
      );
      if (size < offset) {
        // Truncated or replaced (a restarted `driftless dev`): start again from the top.
        offset = 0;
        partial = '';
      }
      if (size === offset) return [];
      const handle = await open(file, 'r');
      try {
        const buffer = Buffer.alloc(size - offset);
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, offset);
        offset += bytesRead;
        const lines = (partial + buffer.subarray(0, bytesRead).toString('utf8')).split('\n');
        partial = lines.pop() ?? '';
        return lines.filter((line) => line.trim() !== '');
      } finally {
        await handle.close();
      }
    },
  };
}

export interface FollowOptions {
  dir: string;
  /** Tails already read up to their end; files that appear later are read from their start. */
  tails: LogTail[];
  onLine: (line: string, file: string) => void;
  signal?: AbortSignal;
  pollMs: number;
}

/** Polls the log directory until `signal` aborts, passing on every appended line. */
export async function followLogFiles(options: FollowOptions): Promise<void> {
  const tails = new Map(options.tails.map((tail) => [tail.file, tail]));
  while (!options.signal?.aborted) {
    for (const file of listLogFiles(options.dir)) {
      let tail = tails.get(file);
      if (!tail) {
        tail = createLogTail(file);
        tails.set(file, tail);
      }
      for (const line of await tail.readNew()) options.onLine(line, file);
    }
    await sleep(options.pollMs, undefined, { signal: options.signal }).catch(() => undefined);
  }
}
