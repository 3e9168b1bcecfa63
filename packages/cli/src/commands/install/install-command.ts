import { resolve } from 'node:path';
import type { CliIo } from '../../context/cli-io.js';
import { reportFailure } from '../../context/command-failure.js';
import { type ConnectionFlags, resolveConnection } from '../../context/connection.js';
import { findTool } from '../../context/repo-layout.js';
import { ExitCode } from '../../exit-code.js';
import { colorEnabled, painter } from '../../output/colors.js';
import { type Component, chartOf, components } from './components.js';
import { type HelmContext, helm, withUmbrellaChart } from './helm.js';

export interface InstallFlags extends ConnectionFlags {
  components: Component[];
  namespace: string;
  /** `key=value`, passed to helm as --set. */
  set: string[];
  /** Values files, passed to helm as --values. */
  values: string[];
  /** Print the manifests instead of installing them. */
  export?: boolean;
  helm?: string;
}

/** The Helm release `install` creates and `uninstall` removes. */
export const releaseName = 'driftless';

/** `driftless install`: the umbrella chart with the chosen controllers, by the real helm. */
export async function runInstall(flags: InstallFlags, io: CliIo): Promise<ExitCode> {
  try {
    const context = helmContext(flags, io);
    const values = valueArgs(flags, io);
    if (flags.export) {
      const manifests = await withUmbrellaChart(context, (chart) =>
        helm({ ...context, clusterArgs: [] }, [
          'template',
          releaseName,
          chart,
          '-n',
          flags.namespace,
          '--include-crds',
          ...values,
        ]),
      );
      io.stdout.write(manifests);
      return ExitCode.ok;
    }
    const paint = painter(colorEnabled(io.stdout, io.env));
    const names = flags.components.map(chartOf).join(', ');
    io.stdout.write(`${paint('blue', '►')} installing ${names} in ${flags.namespace}\n`);
    await withUmbrellaChart(context, (chart) =>
      helm(context, [
        'upgrade',
        '--install',
        releaseName,
        chart,
        '-n',
        flags.namespace,
        '--create-namespace',
        '--wait=false',
        ...values,
      ]),
    );
    io.stdout.write(`${paint('green', '✔')} install finished\n`);
    return ExitCode.ok;
  } catch (error) {
    return reportFailure('install', error, io);
  }
}

export function helmContext(flags: ConnectionFlags & { helm?: string }, io: CliIo): HelmContext {
  const connection = resolveConnection(flags, io.env, io.cwd);
  const clusterArgs: string[] = [];
  if (connection.kubeconfigPath) clusterArgs.push('--kubeconfig', connection.kubeconfigPath);
  if (connection.kubeContext) clusterArgs.push('--kube-context', connection.kubeContext);
  return { helmBinary: findTool('helm', flags.helm), env: io.env, clusterArgs, signal: io.signal };
}

/** Each controller enabled or not, the NATS URL of the chosen ones, then the user's values (which win). */
function valueArgs(flags: InstallFlags, io: CliIo): string[] {
  const args: string[] = [];
  for (const component of components) {
    args.push('--set', `${chartOf(component)}.enabled=${flags.components.includes(component)}`);
  }
  for (const component of flags.components) {
    if (flags.natsUrl) args.push('--set', `${chartOf(component)}.nats.url=${flags.natsUrl}`);
    if (flags.natsPrefix) args.push('--set', `${chartOf(component)}.nats.prefix=${flags.natsPrefix}`);
  }
  for (const file of flags.values) args.push('--values', resolve(io.cwd, file));
  for (const value of flags.set) args.push('--set', value);
  return args;
}
