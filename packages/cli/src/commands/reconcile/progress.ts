import type { CliIo } from '../../context/cli-io.js';
import { colorEnabled, painter } from '../../output/colors.js';

/** One line of "something is going on": a spinner on a terminal, plain lines elsewhere. */
export interface Progress {
  /** What is going on now; on a terminal it replaces the spinner text, elsewhere it prints when it changes. */
  update(text: string): void;
  /** Ends the wait with a final line such as `✔ GitRepository reconciliation completed`. */
  done(symbolLine: string): void;
  /** Clears the spinner without printing anything (on errors, before another message). */
  stop(): void;
}

const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'] as const;
const frameMs = 100;
const clearLine = '\r\u001b[2K';

export function createProgress(io: Pick<CliIo, 'stdout' | 'env'>): Progress {
  return io.stdout.isTTY === true && io.env.TERM !== 'dumb' ? terminalProgress(io) : plainProgress(io);
}

function plainProgress(io: Pick<CliIo, 'stdout'>): Progress {
  let last: string | undefined;
  return {
    update(text) {
      if (text === last) return;
      last = text;
      io.stdout.write(`◎ ${text}\n`);
    },
    done(symbolLine) {
      last = undefined;
      io.stdout.write(`${symbolLine}\n`);
    },
    stop() {
      last = undefined;
    },
  };
}

function terminalProgress(io: Pick<CliIo, 'stdout' | 'env'>): Progress {
  const paint = painter(colorEnabled(io.stdout, io.env));
  let text = '';
  let started = 0;
  let frame = 0;
  let timer: NodeJS.Timeout | undefined;

  const render = () => {
    const seconds = Math.floor((Date.now() - started) / 1000);
    const spinner = paint('blue', frames[frame++ % frames.length] ?? '');
    io.stdout.write(`${clearLine}${spinner} ${text} ${paint('gray', `(${seconds}s)`)}`);
  };
  const halt = () => {
    if (!timer) return;
    clearInterval(timer);
    timer = undefined;
    io.stdout.write(clearLine);
  };

  return {
    update(next) {
      text = next;
      if (!timer) {
        started = Date.now();
        timer = setInterval(render, frameMs);
        timer.unref();
      }
      render();
    },
    done(symbolLine) {
      halt();
      io.stdout.write(`${symbolLine}\n`);
    },
    stop: halt,
  };
}
