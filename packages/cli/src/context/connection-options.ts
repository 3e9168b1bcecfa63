import type { Command } from 'commander';

/** Adds the flags that say where the cluster and NATS are (see resolveConnection for the order). */
export function withConnectionOptions(command: Command): Command {
  return command
    .option('--kubeconfig <file>', 'the cluster (default: $KUBECONFIG, .driftless/kubeconfig, ~/.kube/config)')
    .option('--context <name>', 'kubeconfig context to use instead of the current one')
    .option('--state-dir <dir>', 'state directory of `driftless dev`', '.driftless')
    .option('--nats-url <url>', 'NATS server (default: $NATS_URL, .driftless/env, nats://127.0.0.1:4222)')
    .option('--nats-prefix <prefix>', 'subject prefix (default: $DRIFTLESS_NATS_PREFIX, .driftless/env, driftless)');
}
