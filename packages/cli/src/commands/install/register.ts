import { type Command, Option } from 'commander';
import { processIo } from '../../context/cli-io.js';
import { components, parseComponents } from './components.js';
import { type InstallFlags, runInstall } from './install-command.js';
import { runUninstall, type UninstallFlags } from './uninstall-command.js';

/** `install` and `uninstall`. */
export function registerInstallCommands(program: Command): void {
  withClusterOptions(program.command('install'))
    .description('install the Driftless controllers into the current cluster with the umbrella Helm chart')
    .addOption(
      new Option('--components <list>', `controllers to install, comma-separated: ${components.join(',')}`)
        .argParser(parseComponents)
        .default([...components], components.join(',')),
    )
    .option('-n, --namespace <namespace>', 'the namespace to install into', 'flux-system')
    .option('--nats-url <url>', "the NATS URL the controllers use in the cluster (default: the chart's)")
    .option('--nats-prefix <prefix>', "the subject prefix of the controllers (default: the chart's)")
    .option('--set <key=value>', 'a chart value, as helm --set (repeatable)', collect, [])
    .option('--values <file>', 'a values file, as helm --values (repeatable)', collect, [])
    .option('--export', 'print the manifests instead of installing them')
    .option('--helm <path>', 'the helm executable (default: .tools/bin, $PATH)')
    .action(async (options: InstallFlags) => {
      process.exitCode = await runInstall(options, processIo());
    });

  withClusterOptions(program.command('uninstall'))
    .description('remove the Driftless controllers, and their CRDs with every Flux object unless --keep-crds')
    .option('-n, --namespace <namespace>', 'the namespace it was installed into', 'flux-system')
    .option('--keep-crds', 'leave the CRDs and the Flux objects in the cluster')
    .option('-y, --yes', 'delete the CRDs without asking')
    .option('--helm <path>', 'the helm executable (default: .tools/bin, $PATH)')
    .action(async (options: UninstallFlags) => {
      process.exitCode = await runUninstall(options, processIo());
    });
}

/** The cluster flags alone: NATS means the in-cluster server here, not the one `driftless dev` wrote down. */
function withClusterOptions(command: Command): Command {
  return command
    .option('--kubeconfig <file>', 'the cluster (default: $KUBECONFIG, .driftless/kubeconfig, ~/.kube/config)')
    .option('--context <name>', 'kubeconfig context to use instead of the current one');
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
