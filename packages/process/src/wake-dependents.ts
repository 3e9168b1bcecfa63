import type { Artifact, KvMirror, Readiness } from '@driftless/bus';
import { type Controller, getCondition, objectKey, type ReconcilableObject } from '@driftless/runtime';

/** What an applier's objects read: `<kind>/<namespace>/<name>` keys of their sources and dependencies. */
export interface DependentKeys<T> {
  /** The kind of the controller's own objects, as dependencies name it. */
  kind: string;
  sourcesOf(object: T): string[];
  dependenciesOf(object: T): string[];
}

const refKey = (ref: { kind: string; namespace: string; name: string }) => `${ref.kind}/${ref.namespace}/${ref.name}`;

/**
 * Reconciles an object at once when one of its sources has a new artifact (NATS KV) or one of its
 * dependencies changes readiness: objects of other kinds through the NATS status bucket, objects of
 * its own kind through the controller's informer.
 */
export function wakeDependents<T extends ReconcilableObject & { metadata: { namespace?: string } }>(
  controller: Controller<T>,
  keys: DependentKeys<T>,
  mirrors: { artifacts: KvMirror<Artifact>; readiness: KvMirror<Readiness> },
): void {
  const informer = controller.informer;
  informer.addIndex('source', (object) => keys.sourcesOf(object));
  informer.addIndex('dependsOn', (object) => keys.dependenciesOf(object));
  const wake = (index: string, key: string) => {
    for (const dependent of informer.byIndex(index, key)) controller.enqueue(objectKey(dependent));
  };
  mirrors.artifacts.onChange((ref) => wake('source', refKey(ref)));
  mirrors.readiness.onChange((ref) => {
    if (ref.kind !== keys.kind) wake('dependsOn', refKey(ref));
  });
  const own = (object: T) => `${keys.kind}/${objectKey(object)}`;
  informer.addHandler({
    onUpdate: (object, previous) => {
      const ready = JSON.stringify(getCondition(object, 'Ready'));
      if (ready !== JSON.stringify(getCondition(previous, 'Ready'))) wake('dependsOn', own(object));
    },
    onDelete: (object) => wake('dependsOn', own(object)),
  });
}
