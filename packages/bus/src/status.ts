import { ConditionType } from '@driftless/api';
import { type Conditioned, getCondition } from '@driftless/runtime';
import type { Bus } from './connect.js';
import { MessageKind } from './hooks.js';
import { getValue, putValue } from './kv-bucket.js';
import { type BusWatch, watchBucket } from './kv-watch.js';
import { type Readiness, readinessSchema } from './messages.js';
import { BucketName, type ObjectRef, objectKey, objectKeyFilter, parseObjectKey } from './subjects.js';

/** The readiness of a reconciled object, from its Ready condition and observedGeneration. */
export function readinessOf(
  object: Conditioned & { status?: { observedGeneration?: number } },
  revision?: string,
): Readiness {
  const ready = getCondition(object, ConditionType.Ready);
  return {
    ready: ready?.status === 'True',
    reason: ready?.reason ?? '',
    message: ready?.message ?? '',
    revision,
    observedGeneration: object.status?.observedGeneration ?? 0,
  };
}

/** Stores the readiness of an object after a reconcile; returns the KV revision. */
export function putStatus(bus: Bus, ref: ObjectRef, readiness: Readiness): Promise<number> {
  return putValue(bus, BucketName.Status, MessageKind.Status, readinessSchema, objectKey(ref), readiness);
}

type StatusObject = Conditioned & {
  metadata: { namespace?: string; name: string };
  status?: { observedGeneration?: number };
};

/** A reconciler's `afterStatusWritten`: stores the object's readiness (and `revisionOf` it) in the status bucket. */
export function statusPublisher<T extends StatusObject>(
  bus: Bus,
  kind: string,
  revisionOf: (object: T) => string | undefined = () => undefined,
): (ctx: unknown, object: T) => Promise<void> {
  return async (_ctx, object) => {
    const ref = { kind, namespace: object.metadata.namespace ?? '', name: object.metadata.name };
    await putStatus(bus, ref, readinessOf(object, revisionOf(object)));
  };
}

/** The last readiness stored for `ref`; undefined if none, deleted, or malformed (logged). */
export function getStatus(bus: Bus, ref: ObjectRef): Promise<Readiness | undefined> {
  return getValue(bus, BucketName.Status, MessageKind.Status, readinessSchema, objectKey(ref));
}

/** Watches readiness (optionally of some objects only): current values first, then updates. */
export function watchStatus(bus: Bus, filter: Partial<ObjectRef> = {}): Promise<BusWatch<ObjectRef, Readiness>> {
  return watchBucket(bus, {
    bucket: BucketName.Status,
    kind: MessageKind.Status,
    schema: readinessSchema,
    keyFilter: objectKeyFilter(filter),
    parseKey: parseObjectKey,
  });
}
