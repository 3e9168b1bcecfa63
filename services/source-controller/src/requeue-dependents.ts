import type { Controller, ReconcilableObject } from '@driftless/runtime';
import { objectKey } from '@driftless/runtime';
import type { SourceObject } from './reconcilers/source-object.js';

/**
 * Reconciles dependents as soon as a source they read gets a new artifact (a HelmChart on its
 * GitRepository, a GitRepository on the ones it includes), instead of at their next interval.
 * `sourcesOf` names each dependent's sources as `namespace/name` keys of `source`'s kind.
 */
export function requeueDependents<D extends ReconcilableObject>(
  source: Controller<SourceObject>,
  dependents: Controller<D>,
  index: string,
  sourcesOf: (dependent: D) => string[],
): void {
  dependents.informer.addIndex(index, sourcesOf);
  const wake = (changed: SourceObject) => {
    for (const dependent of dependents.informer.byIndex(index, objectKey(changed))) {
      dependents.enqueue(objectKey(dependent));
    }
  };
  source.informer.addHandler({
    onAdd: wake,
    onUpdate: (object, previous) => {
      if (object.status?.artifact?.digest !== previous.status?.artifact?.digest) wake(object);
    },
    onDelete: wake,
  });
}
