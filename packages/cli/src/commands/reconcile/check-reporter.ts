import type { CliIo } from '../../context/cli-io.js';
import { colorEnabled, painter } from '../../output/colors.js';

/** How the checks of `driftless check` print, flux style: `► section`, `✔ passed`, `✗ failed`. */
export interface CheckReporter {
  section(title: string): void;
  result(ok: boolean, text: string): void;
  /** A fact that is neither a pass nor a failure (a controller not deployed here). */
  note(text: string): void;
  failures(): number;
}

export function createCheckReporter(io: Pick<CliIo, 'stdout' | 'env'>): CheckReporter {
  const paint = painter(colorEnabled(io.stdout, io.env));
  let failed = 0;
  const write = (text: string) => io.stdout.write(`${text}\n`);
  return {
    section: (title) => write(`${paint('blue', '►')} ${title}`),
    result(ok, text) {
      if (!ok) failed += 1;
      write(ok ? `${paint('green', '✔')} ${text}` : `${paint('red', '✗')} ${text}`);
    },
    note: (text) => write(`${paint('gray', '•')} ${text}`),
    failures: () => failed,
  };
}
