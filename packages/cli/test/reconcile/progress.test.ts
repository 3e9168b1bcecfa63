import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgress } from '../../src/commands/reconcile/progress.js';

function output(isTTY: boolean) {
  const stdout = Object.assign(new PassThrough(), { isTTY });
  let text = '';
  stdout.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  return { stdout, env: { NO_COLOR: '1' }, text: () => text };
}

describe('createProgress', () => {
  it('prints plain lines only when the state changes when not on a terminal', () => {
    const io = output(false);
    const progress = createProgress(io);

    progress.update('waiting for GitRepository reconciliation');
    progress.update('waiting for GitRepository reconciliation');
    progress.update('waiting for Kustomization reconciliation');
    progress.done('✔ done');

    expect(io.text()).toBe(
      '◎ waiting for GitRepository reconciliation\n◎ waiting for Kustomization reconciliation\n✔ done\n',
    );
  });

  it('rewrites one line with a spinner and the elapsed time on a terminal, then clears it', () => {
    const io = output(true);
    const progress = createProgress(io);

    progress.update('waiting');
    progress.update('still waiting');
    progress.done('✔ done');

    const frames = io.text().split('\r\u001b[2K');
    expect(frames).toContain('⠙ still waiting (0s)');
    expect(io.text()).not.toContain('\n◎');
    expect(io.text().endsWith('\r\u001b[2K✔ done\n')).toBe(true);
  });

  it('stop clears the spinner and prints nothing more', () => {
    const io = output(true);
    const progress = createProgress(io);

    progress.update('waiting');
    progress.stop();
    const before = io.text();
    progress.stop();

    expect(before.endsWith('\r\u001b[2K')).toBe(true);
    expect(io.text()).toBe(before);
  });
});
