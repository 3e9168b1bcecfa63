import type { Writable } from 'node:stream';

/** Where a command writes and what it reads of its process; tests pass their own. */
export interface CliIo {
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Aborted on Ctrl-C, so long waits and streams stop cleanly. */
  signal?: AbortSignal;
}

export function processIo(signal?: AbortSignal): CliIo {
  // biome-ignore lint/style/noProcessEnv: the one place the CLI reads its environment; commands get it from CliIo
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd(), signal };
}
