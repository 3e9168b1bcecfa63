import { Writable } from 'node:stream';
import type { Logger } from 'pino';
import { createLogger } from './logger.js';

/** A pino logger that keeps its last lines in memory (for failure messages) and out of the test output. */
export function memoryLogger(maxLines = 2000): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      if (lines.length > maxLines) lines.shift();
      done();
    },
  });
  return { logger: createLogger({ level: 'debug', format: 'json', destination }), lines };
}
