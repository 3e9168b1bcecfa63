import type { Logger } from '@driftless/telemetry';
import type { BusWatch } from './kv-watch.js';
import { WatchEventType } from './kv-watch.js';
import type { ObjectRef } from './subjects.js';

/** A key of a mirrored bucket: an object (`ObjectRef`) or an ImagePolicy (`ImagePolicyRef`). */
type MirrorKey = { kind?: string; namespace: string; name: string };

export type MirrorListener<V, K extends MirrorKey = ObjectRef> = (ref: K, value: V | undefined) => void;

/** An in-memory copy of a KV bucket keyed by object, kept current by a watch; reads never reach NATS. */
export interface KvMirror<V, K extends MirrorKey = ObjectRef> {
  get(ref: K): V | undefined;
  /** Called on every change after the initial values, and once per initial value. */
  onChange(listener: MirrorListener<V, K>): void;
  /** Resolves once the values present when the watch began are loaded. */
  synced(): Promise<void>;
  stop(): void;
}

function keyOf(ref: MirrorKey): string {
  return `${ref.kind ?? ''}/${ref.namespace}/${ref.name}`;
}

/**
 * Mirrors a bucket watch. The watch delivers the current values first, flagged `initial`; the
 * mirror counts as synced at the first live update or once the initial burst goes quiet.
 */
export async function createKvMirror<V, K extends MirrorKey = ObjectRef>(
  open: () => Promise<BusWatch<K, V>>,
  logger: Pick<Logger, 'warn'>,
): Promise<KvMirror<V, K>> {
  const values = new Map<string, V>();
  const listeners: MirrorListener<V, K>[] = [];
  const watch = await open();
  let markSynced: () => void = () => {};
  const synced = new Promise<void>((resolve) => {
    markSynced = resolve;
  });
  let quiet = setTimeout(markSynced, 100);

  void (async () => {
    try {
      for await (const event of watch) {
        if (event.type === WatchEventType.Put) values.set(keyOf(event.key), event.value);
        else values.delete(keyOf(event.key));
        if (event.initial) {
          clearTimeout(quiet);
          quiet = setTimeout(markSynced, 100);
        } else {
          markSynced();
        }
        const value = event.type === WatchEventType.Put ? event.value : undefined;
        for (const listener of listeners) listener(event.key, value);
      }
    } catch (error) {
      logger.warn({ err: error }, 'bucket watch ended');
    }
  })();

  return {
    get: (ref) => values.get(keyOf(ref)),
    onChange: (listener) => {
      listeners.push(listener);
    },
    synced: () => synced,
    stop: () => {
      clearTimeout(quiet);
      markSynced();
      watch.stop();
    },
  };
}
