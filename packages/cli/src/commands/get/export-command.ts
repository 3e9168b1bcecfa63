import type { KubeClient } from '@driftless/runtime';
import { stringify } from 'yaml';
import type { CliIo } from '../../context/cli-io.js';
import { reportFailure } from '../../context/command-failure.js';
import type { ConnectionFlags } from '../../context/connection.js';
import type { CliKind } from '../../context/flux-kinds.js';
import { ExitCode } from '../../exit-code.js';
import { exportable } from './export-clean.js';
import { checkFound, fetchObjects, namespaceText } from './fetch-objects.js';
import { clusterClient } from './kube-access.js';

export interface ExportArgs {
  kinds: readonly CliKind[];
  name?: string;
}

export interface ExportFlags extends ConnectionFlags {
  namespace: string;
  allNamespaces?: boolean;
  /** Every object of the kinds instead of one named object. */
  all?: boolean;
}

/** `driftless export`: the objects as YAML documents ready to commit, as `flux export` prints them. */
export async function runExport(args: ExportArgs, flags: ExportFlags, io: CliIo): Promise<ExitCode> {
  if ((args.name === undefined) === (flags.all !== true)) {
    io.stderr.write('driftless export: give the name of an object, or --all (not both)\n');
    return ExitCode.usage;
  }
  let client: KubeClient | undefined;
  try {
    client = clusterClient(flags, io);
    const where = namespaceText(flags.namespace, flags.allNamespaces);
    const scope = { namespace: flags.allNamespaces ? undefined : flags.namespace, name: args.name };
    const groups = checkFound(await fetchObjects(client, args.kinds, scope), args.name, where);
    const objects = groups.flatMap((group) => group.items);
    if (objects.length === 0) io.stderr.write(`no objects found in ${where} namespace\n`);
    io.stdout.write(objects.map((object) => `---\n${stringify(exportable(object))}`).join(''));
    return ExitCode.ok;
  } catch (error) {
    return reportFailure('export', error, io, client?.server);
  }
}
