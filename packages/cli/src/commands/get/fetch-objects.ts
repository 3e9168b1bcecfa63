import type { Condition } from '@driftless/api';
import { type KubeClient, type KubeObject, NotFoundError } from '@driftless/runtime';
import { CommandFailure } from '../../context/command-failure.js';
import type { CliKind } from '../../context/flux-kinds.js';
import { resourceTypeOf } from '../../context/resource-types.js';
import { ExitCode } from '../../exit-code.js';

/** A Flux object as read from the API server: status is the controllers' word on it. */
export interface FluxObject extends KubeObject {
  spec?: Record<string, unknown> & { suspend?: boolean };
  status?: Record<string, unknown> & { conditions?: Condition[] };
}

/** Where to look: one namespace or all, and optionally one name. */
export interface ObjectScope {
  /** Undefined: every namespace. */
  namespace?: string;
  name?: string;
}

export interface KindObjects {
  kind: CliKind;
  items: FluxObject[];
  /** False when the API server does not serve the kind (its CRD is not installed). */
  served: boolean;
}

/** The objects of each kind in the scope, kinds in the order given, objects by namespace and name. */
export function fetchObjects(
  client: KubeClient,
  kinds: readonly CliKind[],
  scope: ObjectScope,
): Promise<KindObjects[]> {
  return Promise.all(kinds.map((kind) => fetchKind(client, kind, scope)));
}

async function fetchKind(client: KubeClient, kind: CliKind, scope: ObjectScope): Promise<KindObjects> {
  const type = resourceTypeOf(kind.info);
  try {
    if (scope.name !== undefined && scope.namespace !== undefined) {
      const object = await client.get<FluxObject>(type, scope.namespace, scope.name);
      return { kind, items: [withTypeMeta(kind, object)], served: true };
    }
    const items = await listEveryPage(client, kind, scope.namespace);
    const named = scope.name === undefined ? items : items.filter((item) => item.metadata.name === scope.name);
    return { kind, items: named.map((item) => withTypeMeta(kind, item)).sort(byNamespaceAndName), served: true };
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    // A missing object and a missing kind both answer 404; only a list tells them apart.
    return { kind, items: [], served: scope.name !== undefined };
  }
}

async function listEveryPage(client: KubeClient, kind: CliKind, namespace: string | undefined): Promise<FluxObject[]> {
  const type = resourceTypeOf(kind.info);
  const items: FluxObject[] = [];
  let next: string | undefined;
  do {
    const page = await client.list<FluxObject>(type, { namespace, limit: 500, continue: next });
    items.push(...page.items);
    next = page.metadata.continue || undefined;
  } while (next);
  return items;
}

/** List items come without apiVersion and kind; json/yaml output and export need them. */
function withTypeMeta(kind: CliKind, object: FluxObject): FluxObject {
  return { ...object, apiVersion: object.apiVersion ?? kind.info.apiVersion, kind: object.kind ?? kind.kind };
}

function byNamespaceAndName(a: FluxObject, b: FluxObject): number {
  const namespaceOrder = (a.metadata.namespace ?? '').localeCompare(b.metadata.namespace ?? '');
  return namespaceOrder !== 0 ? namespaceOrder : a.metadata.name.localeCompare(b.metadata.name);
}

/**
 * Fails when a single kind is not served or a named object is in none of the kinds (exit 3);
 * otherwise the groups of the kinds the cluster serves.
 */
export function checkFound(groups: KindObjects[], name: string | undefined, where: string): KindObjects[] {
  const [only] = groups;
  if (groups.length === 1 && only && !only.served) {
    const { plural, group } = only.kind.info;
    throw new CommandFailure(`the cluster does not serve ${plural}.${group} (is its CRD installed?)`, ExitCode.failure);
  }
  if (name !== undefined && groups.every((group) => group.items.length === 0)) {
    const what = groups.length === 1 && only ? `${only.kind.kind} object` : 'object';
    throw new CommandFailure(`${what} '${name}' not found in ${where} namespace`, ExitCode.notFound);
  }
  return groups.filter((group) => group.served);
}

/** flux's wording: `"default"`, or `any` with --all-namespaces. */
export function namespaceText(namespace: string, allNamespaces: boolean | undefined): string {
  return allNamespaces ? 'any' : `"${namespace}"`;
}
