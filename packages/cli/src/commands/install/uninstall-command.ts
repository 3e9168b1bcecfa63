import { createInterface } from 'node:readline/promises';
import type { Readable } from 'node:stream';
import type { CliIo } from '../../context/cli-io.js';
import { CommandFailure, reportFailure } from '../../context/command-failure.js';
import { type ConnectionFlags, kubeClientFor, resolveConnection } from '../../context/connection.js';
import { ExitCode } from '../../exit-code.js';
import { colorEnabled, painter } from '../../output/colors.js';
import { helm } from './helm.js';
import { helmContext, releaseName } from './install-command.js';
import { removeCrds } from './remove-crds.js';

export interface UninstallFlags extends ConnectionFlags {
  namespace: string;
  /** Leave the CRDs (and so every Flux object) in the cluster. */
  keepCrds?: boolean;
  /** Delete the CRDs without asking. */
  yes?: boolean;
  helm?: string;
}

/**
 * `driftless uninstall`: removes the Helm release, then the CRDs with every Flux object unless --keep-crds.
 * Deleting the CRDs needs --yes, or a "y" typed at the prompt when stdin is a terminal.
 */
export async function runUninstall(
  flags: UninstallFlags,
  io: CliIo,
  stdin: Readable & { isTTY?: boolean } = process.stdin,
): Promise<ExitCode> {
  const connection = resolveConnection(flags, io.env, io.cwd);
  let server: string | undefined;
  try {
    if (!flags.keepCrds && !flags.yes) await confirm(io, stdin);
    const paint = painter(colorEnabled(io.stdout, io.env));
    io.stdout.write(`${paint('blue', '►')} uninstalling the release ${releaseName} from ${flags.namespace}\n`);
    await helm(helmContext(flags, io), ['uninstall', releaseName, '-n', flags.namespace, '--wait']);
    if (!flags.keepCrds) {
      const client = kubeClientFor(connection);
      server = client.server.origin;
      const deleted = await removeCrds(client);
      io.stdout.write(`${paint('green', '✔')} deleted ${deleted.length} CRDs and their objects\n`);
    }
    io.stdout.write(`${paint('green', '✔')} uninstall finished\n`);
    return ExitCode.ok;
  } catch (error) {
    return reportFailure('uninstall', error, io, server);
  }
}

async function confirm(io: CliIo, stdin: Readable & { isTTY?: boolean }): Promise<void> {
  if (!stdin.isTTY) {
    throw new CommandFailure(
      'deleting the CRDs deletes every Flux object in the cluster; pass --yes to confirm, or --keep-crds',
      ExitCode.usage,
    );
  }
  const prompt = createInterface({ input: stdin, output: io.stderr });
  try {
    const answer = await prompt.question('Delete Driftless, its CRDs and every Flux object in the cluster? [y/N] ');
    if (!/^y(es)?$/i.test(answer.trim())) throw new CommandFailure('cancelled', ExitCode.failure);
  } finally {
    prompt.close();
  }
}
