import type { KubeClient } from '@driftless/runtime';
import type { CliIo } from '../../context/cli-io.js';
import { reportFailure } from '../../context/command-failure.js';
import type { ConnectionFlags } from '../../context/connection.js';
import type { CliKind } from '../../context/flux-kinds.js';
import { ExitCode } from '../../exit-code.js';
import { colorEnabled, painter } from '../../output/colors.js';
import { formatData, type OutputFormat } from '../../output/output-format.js';
import { checkFound, fetchObjects, type KindObjects, namespaceText } from './fetch-objects.js';
import { outputData, renderKindTable, renderKindTables, type TableOptions } from './get-output.js';
import { clusterClient } from './kube-access.js';
import { matchesStatus, parseStatusSelector, type StatusSelector } from './summary.js';

export interface GetArgs {
  /** One kind (`get sources git`) or several (`get sources all`, `get all`). */
  kinds: readonly CliKind[];
  name?: string;
}

export interface GetFlags extends ConnectionFlags {
  namespace: string;
  allNamespaces?: boolean;
  output: OutputFormat;
  /** `type=status`, e.g. `ready=false`. */
  statusSelector?: string;
  /** False with `--no-header`. */
  header?: boolean;
}

/** `driftless get`: the objects of some kinds and what their controllers last said about them. */
export async function runGet(args: GetArgs, flags: GetFlags, io: CliIo): Promise<ExitCode> {
  let selector: StatusSelector | undefined;
  if (flags.statusSelector !== undefined) {
    selector = parseStatusSelector(flags.statusSelector);
    if (!selector) {
      io.stderr.write(
        `driftless get: --status-selector wants type=status (e.g. ready=false), not "${flags.statusSelector}"\n`,
      );
      return ExitCode.usage;
    }
  }
  let client: KubeClient | undefined;
  try {
    client = clusterClient(flags, io);
    const scope = { namespace: flags.allNamespaces ? undefined : flags.namespace, name: args.name };
    const fetched = await fetchObjects(client, args.kinds, scope);
    const groups = checkFound(fetched, args.name, namespaceText(flags.namespace, flags.allNamespaces));
    const selected = groups.map((group) => ({
      ...group,
      items: selector ? group.items.filter((item) => matchesStatus(item, selector)) : group.items,
    }));
    print(args, flags, io, selected);
    return ExitCode.ok;
  } catch (error) {
    return reportFailure('get', error, io, client?.server);
  }
}

function print(args: GetArgs, flags: GetFlags, io: CliIo, groups: KindObjects[]): void {
  const empty = groups.every((group) => group.items.length === 0);
  if (empty) {
    const what = args.kinds.length === 1 ? `${args.kinds[0]?.kind} objects` : 'objects';
    io.stderr.write(`no ${what} found in ${namespaceText(flags.namespace, flags.allNamespaces)} namespace\n`);
  }
  if (flags.output !== 'table') {
    io.stdout.write(formatData(flags.output, outputData(groups, args.name !== undefined)));
    return;
  }
  if (empty) return;
  const options: TableOptions = {
    allNamespaces: flags.allNamespaces === true,
    header: flags.header !== false,
    paint: painter(colorEnabled(io.stdout, io.env)),
    now: new Date(),
  };
  const [only] = groups;
  io.stdout.write(args.kinds.length === 1 && only ? renderKindTable(only, options) : renderKindTables(groups, options));
}
