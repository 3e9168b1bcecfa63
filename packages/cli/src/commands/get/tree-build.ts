import { createRestMapper, formatObjectId, inventoryRefs, type ObjectRef, type RestMapper } from '@driftless/apply';
import { type KubeClient, NotFoundError } from '@driftless/runtime';
import { type CliKind, cliKindOf } from '../../context/flux-kinds.js';
import { resourceTypeOf } from '../../context/resource-types.js';
import type { FluxObject } from './fetch-objects.js';
import { helmReleaseRefs } from './helm-release-objects.js';

/** One object and what it manages, as `flux tree` prints it (and marshals it with -o json). */
export interface TreeNode {
  resource: ObjectRef;
  resources?: TreeNode[];
}

export interface TreeOptions {
  /** Only Flux objects (flux's --compact). */
  compact: boolean;
}

interface TreeContext {
  client: KubeClient;
  mapper: RestMapper;
  options: TreeOptions;
}

const appliers = [cliKindOf('Kustomization'), cliKindOf('HelmRelease')];
const fluxGroupSuffix = 'toolkit.fluxcd.io';

/** The tree under a Kustomization or HelmRelease that was read already. */
export async function buildTree(client: KubeClient, root: FluxObject, options: TreeOptions): Promise<TreeNode> {
  const context = { client, mapper: createRestMapper(client), options };
  const ref = refOfObject(root);
  return { resource: ref, ...(await childrenOf(context, root, new Set([formatObjectId(ref)]))) };
}

async function childrenOf(
  context: TreeContext,
  object: FluxObject,
  ancestors: ReadonlySet<string>,
): Promise<Pick<TreeNode, 'resources'>> {
  const self = formatObjectId(refOfObject(object));
  const refs = (await managedRefs(context, object)).filter(
    (ref) => formatObjectId(ref) !== self && (!context.options.compact || ref.group.endsWith(fluxGroupSuffix)),
  );
  // A Kustomization applying to a remote cluster names objects this cluster does not have.
  const local = !object.spec?.kubeConfig;
  const resources = await Promise.all(
    refs.map(async (ref): Promise<TreeNode> => {
      const id = formatObjectId(ref);
      const kind = applierOf(ref);
      if (!local || !kind || ancestors.has(id)) return { resource: ref };
      const child = await readObject(context.client, kind, ref);
      if (!child) return { resource: ref };
      return { resource: ref, ...(await childrenOf(context, child, new Set([...ancestors, id]))) };
    }),
  );
  return resources.length > 0 ? { resources } : {};
}

function managedRefs(context: TreeContext, object: FluxObject): Promise<ObjectRef[]> | ObjectRef[] {
  if (object.kind === 'HelmRelease') return helmReleaseRefs(context.client, context.mapper, object);
  const inventory = (object.status as { inventory?: { entries?: { id: string; v: string }[] } } | undefined)?.inventory;
  return inventoryRefs(inventory?.entries ?? []);
}

function applierOf(ref: ObjectRef): CliKind | undefined {
  return appliers.find((kind) => kind.kind === ref.kind && kind.info.group === ref.group);
}

async function readObject(client: KubeClient, kind: CliKind, ref: ObjectRef): Promise<FluxObject | undefined> {
  try {
    const object = await client.get<FluxObject>(resourceTypeOf(kind.info), ref.namespace, ref.name);
    return { ...object, kind: kind.kind };
  } catch (error) {
    // Listed in the inventory but gone since: shown without children.
    if (error instanceof NotFoundError) return undefined;
    throw error;
  }
}

export function refOfObject(object: FluxObject): ObjectRef {
  const apiVersion = object.apiVersion ?? '';
  const slash = apiVersion.indexOf('/');
  return {
    namespace: object.metadata.namespace ?? '',
    name: object.metadata.name,
    group: slash < 0 ? '' : apiVersion.slice(0, slash),
    kind: object.kind ?? '',
  };
}
