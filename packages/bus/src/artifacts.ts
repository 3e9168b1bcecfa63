import type { Bus } from './connect.js';
import { MessageKind } from './hooks.js';
import { putValue } from './kv-bucket.js';
import { type BusWatch, watchBucket } from './kv-watch.js';
import { type Artifact, artifactSchema } from './messages.js';
import { BucketName, type ObjectRef, objectKey, objectKeyFilter, parseObjectKey } from './subjects.js';

/** Stores the latest artifact of a source under `<kind>.<namespace>.<name>`; returns the KV revision. */
export function putArtifact(bus: Bus, artifact: Artifact): Promise<number> {
  return putValue(bus, BucketName.Artifacts, MessageKind.Artifact, artifactSchema, objectKey(artifact), artifact);
}

/** Watches the artifacts bucket (optionally only some sources): current artifacts first, then updates. */
export function watchArtifacts(bus: Bus, filter: Partial<ObjectRef> = {}): Promise<BusWatch<ObjectRef, Artifact>> {
  return watchBucket(bus, {
    bucket: BucketName.Artifacts,
    kind: MessageKind.Artifact,
    schema: artifactSchema,
    keyFilter: objectKeyFilter(filter),
    parseKey: parseObjectKey,
    mismatch: (key, value) =>
      key.kind === value.kind && key.namespace === value.namespace && key.name === value.name
        ? undefined
        : 'artifact kind/namespace/name do not match its key',
  });
}
