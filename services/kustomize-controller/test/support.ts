import { Writable } from 'node:stream';
import { createLogger, type Logger } from '@driftless/telemetry';

/** A logger that keeps what it logs in memory (for failure messages) and out of the test output. */
export function memoryLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      if (lines.length > 2000) lines.shift();
      done();
    },
  });
  return { logger: createLogger({ level: 'debug', format: 'json', destination }), lines };
}
