import { type KubeClient, NotFoundError } from '@driftless/runtime';
import type { CliIo } from '../../context/cli-io.js';
import { CommandFailure, reportFailure } from '../../context/command-failure.js';
import type { ConnectionFlags } from '../../context/connection.js';
import type { CliKind } from '../../context/flux-kinds.js';
import { resourceTypeOf } from '../../context/resource-types.js';
import { ExitCode } from '../../exit-code.js';
import { formatData } from '../../output/output-format.js';
import type { FluxObject } from './fetch-objects.js';
import { clusterClient } from './kube-access.js';
import { buildTree } from './tree-build.js';
import { printTree } from './tree-print.js';

export const TreeFormat = { tree: 'tree', json: 'json', yaml: 'yaml' } as const;
export type TreeFormat = (typeof TreeFormat)[keyof typeof TreeFormat];

export interface TreeArgs {
  /** Kustomization or HelmRelease. */
  kind: CliKind;
  name: string;
}

export interface TreeFlags extends ConnectionFlags {
  namespace: string;
  output: TreeFormat;
  compact?: boolean;
}

/** `driftless tree ks|hr <name>`: what the object manages, nested through the appliers it manages. */
export async function runTree(args: TreeArgs, flags: TreeFlags, io: CliIo): Promise<ExitCode> {
  let client: KubeClient | undefined;
  try {
    client = clusterClient(flags, io);
    const root = await readRoot(client, args, flags.namespace);
    const tree = await buildTree(client, root, { compact: flags.compact === true });
    io.stdout.write(flags.output === TreeFormat.tree ? printTree(tree) : formatData(flags.output, tree));
    return ExitCode.ok;
  } catch (error) {
    return reportFailure('tree', error, io, client?.server);
  }
}

async function readRoot(client: KubeClient, args: TreeArgs, namespace: string): Promise<FluxObject> {
  try {
    const object = await client.get<FluxObject>(resourceTypeOf(args.kind.info), namespace, args.name);
    return { ...object, apiVersion: object.apiVersion ?? args.kind.info.apiVersion, kind: args.kind.kind };
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    throw new CommandFailure(
      `${args.kind.kind} object '${args.name}' not found in "${namespace}" namespace`,
      ExitCode.notFound,
    );
  }
}
