import { lookupKind, ReconcileRequestAnnotation } from '@driftless/api';
import { type Bus, requestReconcile } from '@driftless/bus';
import { type KubeClient, type KubeObject, PatchType, type ResourceType } from '@driftless/runtime';
import { matchesGlob } from '../alerts/glob.js';
import type { ReceiverObject } from '../reconcilers/receiver-object.js';

type ResourceRef = ReceiverObject['spec']['resources'][number];

export interface RequestedObject {
  kind: string;
  namespace: string;
  name: string;
}

export class ResourceSelectionError extends Error {
  override readonly name = 'ResourceSelectionError';
}

/**
 * Asks for a reconcile of every object the Receiver lists, as Flux does: the
 * `reconcile.fluxcd.io/requestedAt` annotation is set on each (so `kubectl` shows it and a controller
 * without NATS still reacts), and a reconcile request goes out on NATS so the owner starts at once.
 */
export async function requestReconciles(
  client: KubeClient,
  bus: Bus,
  receiver: ReceiverObject,
  now = new Date(),
): Promise<RequestedObject[]> {
  const requestedAt = now.toISOString();
  const requested: RequestedObject[] = [];
  for (const resource of receiver.spec.resources) {
    const { type, namespace } = resourceType(receiver, resource);
    for (const name of await selectNames(client, type, namespace, resource)) {
      await client.patch(
        type,
        { namespace, name },
        { metadata: { annotations: { [ReconcileRequestAnnotation]: requestedAt } } },
        { patchType: PatchType.Merge },
      );
      await requestReconcile(bus, type.kind, namespace, name, {
        requestedAt,
        requestedBy: `Receiver/${receiver.metadata.namespace}/${receiver.metadata.name}`,
      });
      requested.push({ kind: type.kind, namespace, name });
    }
  }
  return requested;
}

function resourceType(receiver: ReceiverObject, resource: ResourceRef): { type: ResourceType; namespace: string } {
  const info = lookupKind(resource.kind);
  if (!info) throw new ResourceSelectionError(`kind ${resource.kind} is not served by Driftless`);
  const version = resource.apiVersion?.includes('/')
    ? resource.apiVersion.slice(resource.apiVersion.indexOf('/') + 1)
    : info.storageVersion;
  return {
    type: { group: info.group, version, kind: info.kind, plural: info.plural, namespaced: info.namespaced },
    namespace: resource.namespace ?? receiver.metadata.namespace,
  };
}

async function selectNames(
  client: KubeClient,
  type: ResourceType,
  namespace: string,
  resource: ResourceRef,
): Promise<string[]> {
  const labels = resource.matchLabels ?? {};
  if (!resource.name.includes('*')) {
    if (Object.keys(labels).length > 0) {
      throw new ResourceSelectionError(
        `${resource.kind}/${namespace}/${resource.name}: matchLabels needs a name with '*'`,
      );
    }
    return [resource.name];
  }
  const labelSelector = Object.entries(labels)
    .map(([key, value]) => `${key}=${value}`)
    .join(',');
  const names: string[] = [];
  let next: string | undefined;
  do {
    const page = await client.list<KubeObject>(type, {
      namespace,
      labelSelector: labelSelector || undefined,
      limit: 500,
      continue: next,
    });
    for (const item of page.items) if (matchesGlob(resource.name, item.metadata.name)) names.push(item.metadata.name);
    next = page.metadata?.continue || undefined;
  } while (next);
  return names;
}
