import type { Command } from 'commander';
import { processIo } from '../../context/cli-io.js';
import { runDev } from './dev-command.js';

export function registerDevCommand(program: Command): void {
  program
    .command('dev')
    .description(
      'run NATS, the dev cluster, a Git server, a registry and the five controllers locally, and apply the examples',
    )
    .option('--state-dir <dir>', 'where state, logs, the kubeconfig and the env file go', '.driftless')
    .option('--kubeconfig <file>', 'run the controllers against this cluster instead of the dev cluster')
    .option('--no-examples', 'start everything but apply nothing')
    .option('--examples-dir <dir>', 'the directory published as examples.git (default: examples/ of this checkout)')
    .option('--nats-prefix <prefix>', 'subject prefix of this stack', 'driftless')
    .action(async (options) => {
      const abort = new AbortController();
      const stop = () => abort.abort();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      process.exitCode = await runDev(options, processIo(abort.signal));
    });
}
