import { PassThrough } from 'node:stream';
import type { CliIo } from '../../src/context/cli-io.js';

/** A CliIo whose output the test can read back. */
export interface CapturedIo extends CliIo {
  out(): string;
  err(): string;
}

export function captureIo(options: { cwd: string; env?: NodeJS.ProcessEnv; signal?: AbortSignal }): CapturedIo {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8');
  });
  stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString('utf8');
  });
  return {
    stdout,
    stderr,
    env: options.env ?? { PATH: process.env.PATH, NO_COLOR: '1' },
    cwd: options.cwd,
    signal: options.signal,
    out: () => out,
    err: () => err,
  };
}

/** Polls until `check` returns true; throws with `what` after `timeoutMs`. */
export async function waitFor(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
