import { parseDuration } from '@driftless/runtime';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { processIo } from '../../context/cli-io.js';
import { withConnectionOptions } from '../../context/connection-options.js';
import { runDiffHelmRelease } from '../diff-helmrelease-command.js';
import { type BuildKustomizationFlags, runBuildKustomization } from './build-command.js';
import { type DiffKustomizationFlags, runDiffKustomization } from './diff-command.js';

/** `build kustomization` and `diff kustomization|helmrelease`. */
export function registerBuildCommands(program: Command): void {
  const build = program.command('build').description('build objects locally, as the controllers would');
  withBuildOptions(
    build
      .command('kustomization')
      .alias('ks')
      .argument('<name>', 'the Kustomization')
      .description('build a local directory as the controller builds the Kustomization, and print the YAML'),
  )
    .option('--dry-run', 'read nothing from the cluster (needs --kustomization-file; substituteFrom is skipped)')
    .action(async (name: string, options: BuildKustomizationFlags) => {
      process.exitCode = await runBuildKustomization(name, options, processIo());
    });

  const diff = program.command('diff').description('show what the controllers would change, without changing anything');
  withBuildOptions(
    diff
      .command('kustomization')
      .alias('ks')
      .argument('<name>', 'the Kustomization')
      .description('build a local directory and dry-run it against the cluster; exit 1 when something would change'),
  )
    .addOption(new Option('--prune', 'show objects the build dropped as deleted (default: spec.prune)'))
    .addOption(new Option('--no-prune', 'do not show objects the build dropped'))
    .action(async (name: string, options: DiffKustomizationFlags) => {
      process.exitCode = await runDiffKustomization(name, options, processIo());
    });
  registerDiffHelmRelease(diff);
}

function withBuildOptions(command: Command): Command {
  return withConnectionOptions(command)
    .option('-n, --namespace <namespace>', 'the namespace of the Kustomization', 'flux-system')
    .option('--path <dir>', 'the local directory that stands in for spec.path')
    .option('--kustomization-file <file>', 'a YAML file holding the Kustomization, instead of the cluster')
    .option('--strict-substitute', 'fail on a variable used without a default and not defined')
    .option('--kubectl <path>', 'the kubectl executable whose kustomize builds (default: .tools/bin, $PATH)')
    .option('--timeout <duration>', 'time limit of the build (default 80s)', parseTimeout, 80_000);
}

function parseTimeout(value: string): number {
  try {
    return parseDuration(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

function registerDiffHelmRelease(diff: Command): void {
  withConnectionOptions(diff.command('helmrelease').alias('hr').argument('<name>', 'the HelmRelease'))
    .option('-n, --namespace <namespace>', 'its namespace', 'default')
    .option('--helm <path>', 'the helm executable (default: the pinned one in .tools/bin, then $PATH)')
    .option('--kubectl <path>', 'the kubectl executable for kustomize post-renderers (default as --helm)')
    .option('--storage-driver <driver>', 'where releases are kept: secret or configmap', parseDriver, 'secret')
    .description('what an upgrade of the HelmRelease would change: its chart and values now, against the cluster now')
    .action(async (name: string, options) => {
      process.exitCode = await runDiffHelmRelease(name, options, processIo());
    });
}

function parseDriver(value: string): string {
  if (value !== 'secret' && value !== 'configmap') throw new InvalidArgumentError('secret or configmap');
  return value;
}
