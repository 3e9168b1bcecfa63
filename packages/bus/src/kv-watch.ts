import type { z } from 'zod';
import type { Bus } from './connect.js';
import { dropMessage, receiveMessage } from './decode.js';
import type { MessageKind } from './hooks.js';
import { kvSubject, openBucket } from './kv-bucket.js';
import type { BucketName } from './subjects.js';

export const WatchEventType = { Put: 'put', Delete: 'delete' } as const;
export type WatchEventType = (typeof WatchEventType)[keyof typeof WatchEventType];

export type WatchEvent<K, V> =
  | {
      type: typeof WatchEventType.Put;
      key: K;
      value: V;
      revision: number;
      /** True for the current values delivered when the watch starts, false for later updates. */
      initial: boolean;
    }
  | { type: typeof WatchEventType.Delete; key: K; revision: number; initial: boolean };

/** Current values first, then every update; iterate with `for await`, end with `stop()`. */
export interface BusWatch<K, V> extends AsyncIterable<WatchEvent<K, V>> {
  stop(): void;
}

export interface WatchSpec<K, S extends z.ZodType> {
  bucket: BucketName;
  kind: MessageKind;
  schema: S;
  keyFilter: string;
  parseKey: (key: string) => K;
  /** A reason to drop a value that is valid on its own but does not fit its key. */
  mismatch?: (key: K, value: z.output<S>) => string | undefined;
}

export async function watchBucket<K, S extends z.ZodType>(
  bus: Bus,
  spec: WatchSpec<K, S>,
): Promise<BusWatch<K, z.output<S>>> {
  const kv = await openBucket(bus, spec.bucket);
  // Entries up to the bucket's last revision before the watch began are the current values.
  const lastRevision = (await kv.status()).streamInfo.state.last_seq;
  const entries = await kv.watch({ key: spec.keyFilter });

  async function* events(): AsyncGenerator<WatchEvent<K, z.output<S>>> {
    for await (const entry of entries) {
      const subject = kvSubject(bus, spec.bucket, entry.key);
      let key: K;
      try {
        key = spec.parseKey(entry.key);
      } catch (err) {
        dropMessage(bus, spec.kind, subject, err);
        continue;
      }
      const initial = entry.revision <= lastRevision;
      if (entry.operation !== 'PUT') {
        yield { type: WatchEventType.Delete, key, revision: entry.revision, initial };
        continue;
      }
      const value = receiveMessage(bus, spec.kind, spec.schema, subject, entry.value);
      if (value === undefined) continue;
      const mismatch = spec.mismatch?.(key, value);
      if (mismatch) {
        dropMessage(bus, spec.kind, subject, new Error(mismatch));
        continue;
      }
      yield { type: WatchEventType.Put, key, value, revision: entry.revision, initial };
    }
  }

  const iterable = events();
  return {
    [Symbol.asyncIterator]: () => iterable,
    stop: () => entries.stop(),
  };
}
