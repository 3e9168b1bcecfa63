import { type KV, type KvEntry, Kvm } from '@nats-io/kv';
import type { z } from 'zod';
import type { Bus } from './connect.js';
import { encodeMessage, receiveMessage } from './decode.js';
import { PublishError, ReadError } from './errors.js';
import { MessageDirection, type MessageKind } from './hooks.js';
import { type BucketName, bucketName } from './subjects.js';

const opened = new WeakMap<Bus, Map<string, Promise<KV>>>();

/** Binds to one of the topology's buckets (created by `ensureTopology`), once per bus. */
export function openBucket(bus: Bus, bucket: BucketName): Promise<KV> {
  const name = bucketName(bus.prefix, bucket);
  let byName = opened.get(bus);
  if (!byName) {
    byName = new Map();
    opened.set(bus, byName);
  }
  let kv = byName.get(name);
  if (!kv) {
    kv = new Kvm(bus.js).open(name);
    kv.catch(() => byName.delete(name));
    byName.set(name, kv);
  }
  return kv;
}

export function kvSubject(bus: Bus, bucket: BucketName, key: string): string {
  return `$KV.${bucketName(bus.prefix, bucket)}.${key}`;
}

/** Validates and stores `value` under `key`; returns the new revision. */
export async function putValue<S extends z.ZodType>(
  bus: Bus,
  bucket: BucketName,
  kind: MessageKind,
  schema: S,
  key: string,
  value: z.input<S>,
): Promise<number> {
  const subject = kvSubject(bus, bucket, key);
  const data = encodeMessage(schema, subject, value);
  try {
    const kv = await openBucket(bus, bucket);
    const revision = await kv.put(key, data);
    bus.onMessage(MessageDirection.Published, kind);
    return revision;
  } catch (err) {
    throw new PublishError(subject, { cause: err });
  }
}

/** The value under `key`; undefined if none, deleted, or malformed (logged). */
export async function getValue<S extends z.ZodType>(
  bus: Bus,
  bucket: BucketName,
  kind: MessageKind,
  schema: S,
  key: string,
): Promise<z.output<S> | undefined> {
  const subject = kvSubject(bus, bucket, key);
  let entry: KvEntry | null;
  try {
    entry = await (await openBucket(bus, bucket)).get(key);
  } catch (err) {
    throw new ReadError(subject, { cause: err });
  }
  if (entry?.operation !== 'PUT') return undefined;
  return receiveMessage(bus, kind, schema, subject, entry.value);
}

/** Deletes `key` (watchers see a delete); deleting a missing key is not an error. */
export async function deleteValue(bus: Bus, bucket: BucketName, key: string): Promise<void> {
  try {
    await (await openBucket(bus, bucket)).delete(key);
  } catch (err) {
    throw new PublishError(kvSubject(bus, bucket, key), { cause: err });
  }
}
