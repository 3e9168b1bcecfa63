#!/usr/bin/env node
import { Command, InvalidArgumentError } from 'commander';
import { registerDevCommand } from './commands/dev/register.js';
import { runDiffHelmRelease } from './commands/diff-helmrelease-command.js';
import { registerGetCommands } from './commands/get/register.js';
import { registerOpsCommands } from './commands/ops/register.js';

const program = new Command('driftless').description('Driftless: Flux-compatible GitOps controllers talking over NATS');

registerDevCommand(program);
registerGetCommands(program);
registerOpsCommands(program);

program
  .command('diff')
  .description('show what the controllers would change, without changing anything')
  .command('helmrelease')
  .alias('hr')
  .argument('<name>', 'the HelmRelease')
  .option('-n, --namespace <namespace>', 'its namespace', 'default')
  .option('--kubeconfig <file>', 'the cluster (default: $KUBECONFIG, ~/.kube/config, in-cluster)')
  .option('--helm <path>', 'the helm executable', 'helm')
  .option('--kubectl <path>', 'the kubectl executable (kustomize post-renderers)', 'kubectl')
  .option('--storage-driver <driver>', 'where releases are kept: secret or configmap', parseDriver, 'secret')
  .description('what an upgrade of the HelmRelease would change: its chart and values now, against the cluster now')
  .action(async (name: string, options) => {
    process.exitCode = await runDiffHelmRelease(name, { ...options, env: process.env });
  });

function parseDriver(value: string): string {
  if (value !== 'secret' && value !== 'configmap') throw new InvalidArgumentError('secret or configmap');
  return value;
}

await program.parseAsync();
