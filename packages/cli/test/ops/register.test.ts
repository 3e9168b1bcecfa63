import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@driftless/testkit';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerOpsCommands } from '../../src/commands/ops/register.js';
import { ExitCode } from '../../src/exit-code.js';

/** Runs `driftless <args>` through commander and returns the exit code it set. */
async function exitCodeOf(args: string[]): Promise<number | undefined> {
  const program = new Command('driftless').exitOverride();
  program.configureOutput({ writeOut: () => {}, writeErr: () => {} });
  registerOpsCommands(program);
  const before = process.exitCode;
  try {
    await program.parseAsync(args, { from: 'user' });
    return Number(process.exitCode);
  } finally {
    process.exitCode = before;
  }
}

describe('registerOpsCommands', () => {
  let cwd: string;

  beforeAll(async () => {
    cwd = await mkdtemp(join(tmpdir(), 'driftless-register-'));
  });

  afterAll(async () => {
    await rm(cwd, { recursive: true, force: true });
  });

  it('wires cluster status, events and logs flags to their commands', async () => {
    expect(await exitCodeOf(['cluster', 'status', '--state-dir', join(cwd, 'none')])).toBe(ExitCode.failure);
    const nats = `nats://127.0.0.1:${await freePort()}`;
    expect(await exitCodeOf(['events', '-A', '--no-follow', '-o', 'json', '--nats-url', nats])).toBe(
      ExitCode.unreachable,
    );
    expect(await exitCodeOf(['logs', '--level', 'loud', '--state-dir', cwd])).toBe(ExitCode.usage);
  });

  it('rejects an unknown output format before running', async () => {
    await expect(exitCodeOf(['events', '-o', 'xml'])).rejects.toThrow(/table, json or yaml/);
  });
});
