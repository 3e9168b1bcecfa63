import { type Bus, putArtifact, putStatus, readinessOf } from '@driftless/bus';
import type { ReconcileContext } from '@driftless/runtime';
import type { SourceObject } from './reconcilers/source-object.js';

export type AfterStatusWritten = (ctx: ReconcileContext, object: SourceObject) => Promise<void>;

/**
 * Announces sources on NATS once their status is written: the artifact in the artifacts bucket
 * (so appliers only learn of a URL the file server already serves), readiness in the status
 * bucket. Values already published by this process are not written again.
 */
export function createSourcePublisher(bus: Bus): (kind: string) => AfterStatusWritten {
  const published = new Map<string, string>();

  async function putOnce(key: string, value: object, put: () => Promise<number>): Promise<void> {
    const text = JSON.stringify(value);
    if (published.get(key) === text) return;
    await put();
    published.set(key, text);
  }

  return (kind) => async (_ctx, object) => {
    const ref = { kind, namespace: object.metadata.namespace ?? '', name: object.metadata.name };
    const key = `${kind}/${ref.namespace}/${ref.name}`;
    const artifact = object.status?.artifact;
    if (artifact?.digest) {
      const value = {
        ...ref,
        revision: artifact.revision,
        digest: artifact.digest,
        url: artifact.url,
        size: artifact.size ?? 0,
        lastUpdateTime: artifact.lastUpdateTime,
      };
      await putOnce(`artifact:${key}`, value, () => putArtifact(bus, value));
    }
    const readiness = readinessOf(object, artifact?.revision);
    await putOnce(`status:${key}`, readiness, () => putStatus(bus, ref, readiness));
  };
}
