import {
  DiscardPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  type JetStreamManager,
  RetentionPolicy,
  StorageType,
  type StreamConfig,
  type StreamInfo,
} from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import type { Bus } from './connect.js';
import { TopologyError } from './errors.js';
import {
  BucketName,
  bucketName,
  deadLettersStreamName,
  deadLettersStreamSubject,
  eventsStreamName,
  eventsStreamSubject,
} from './subjects.js';

export interface TopologyOptions {
  /** Replicas of the events stream and every bucket (at most the NATS cluster size). */
  replicas: number;
  /** How long the events stream keeps an event. */
  eventsMaxAgeMs: number;
  /** Values kept per key in each bucket. */
  kvHistory: number;
  /** How long the dead-letter stream keeps an event no Provider accepted. */
  deadLettersMaxAgeMs: number;
}

export function defaultTopologyOptions(): TopologyOptions {
  return { replicas: 1, eventsMaxAgeMs: 168 * 3_600_000, kvHistory: 1, deadLettersMaxAgeMs: 30 * 24 * 3_600_000 };
}

export const TopologyAction = { Created: 'created', Updated: 'updated', Unchanged: 'unchanged' } as const;
export type TopologyAction = (typeof TopologyAction)[keyof typeof TopologyAction];

export interface TopologyResult {
  /** Stream name → what was done. */
  streams: Record<string, TopologyAction>;
  /** Bucket name → what was done. */
  buckets: Record<string, TopologyAction>;
}

const streamNameInUse = 10058;
const kvStreamPrefix = 'KV_';
const nanosPerMs = 1_000_000;
/** JetStream's default; the server rejects a window longer than the stream's max age. */
const defaultDuplicateWindowMs = 120_000;

/**
 * Creates the events stream and the KV buckets, or updates them where their config drifted from
 * `options`. Never deletes a stream or a message; safe to run from many processes at once.
 */
export async function ensureTopology(bus: Bus, options: Partial<TopologyOptions> = {}): Promise<TopologyResult> {
  const opts = { ...defaultTopologyOptions(), ...options };
  const jsm = await bus.jsm();
  const result: TopologyResult = { streams: {}, buckets: {} };

  const events = eventsStreamName(bus.prefix);
  result.streams[events] = await ensureStream(jsm, events, {
    name: events,
    subjects: [eventsStreamSubject(bus.prefix)],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    max_age: opts.eventsMaxAgeMs * nanosPerMs,
    duplicate_window: Math.min(defaultDuplicateWindowMs, opts.eventsMaxAgeMs) * nanosPerMs,
    num_replicas: opts.replicas,
  });

  const deadLetters = deadLettersStreamName(bus.prefix);
  result.streams[deadLetters] = await ensureStream(jsm, deadLetters, {
    name: deadLetters,
    subjects: [deadLettersStreamSubject(bus.prefix)],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    max_age: opts.deadLettersMaxAgeMs * nanosPerMs,
    num_replicas: opts.replicas,
  });

  for (const bucket of Object.values(BucketName)) {
    const name = bucketName(bus.prefix, bucket);
    result.buckets[name] = await ensureBucket(bus, jsm, name, opts);
  }
  bus.logger.info({ prefix: bus.prefix, ...result }, 'NATS topology ensured');
  return result;
}

async function ensureStream(
  jsm: JetStreamManager,
  name: string,
  desired: Partial<StreamConfig> & { name: string },
): Promise<TopologyAction> {
  const existing = await streamInfo(jsm, name);
  if (existing) return reconcileStream(jsm, existing, desired);
  try {
    await jsm.streams.add(desired);
    return TopologyAction.Created;
  } catch (err) {
    const raced = await afterCreateRace(jsm, name, err);
    return reconcileStream(jsm, raced, desired);
  }
}

async function ensureBucket(bus: Bus, jsm: JetStreamManager, bucket: string, opts: TopologyOptions) {
  const stream = `${kvStreamPrefix}${bucket}`;
  const desired: Partial<StreamConfig> = { max_msgs_per_subject: opts.kvHistory, num_replicas: opts.replicas };
  const existing = await streamInfo(jsm, stream);
  if (existing) return reconcileStream(jsm, existing, desired);
  try {
    await new Kvm(bus.js).create(bucket, {
      history: opts.kvHistory,
      replicas: opts.replicas,
      storage: StorageType.File,
    });
    return TopologyAction.Created;
  } catch (err) {
    const raced = await afterCreateRace(jsm, stream, err);
    return reconcileStream(jsm, raced, desired);
  }
}

async function reconcileStream(
  jsm: JetStreamManager,
  info: StreamInfo,
  desired: Partial<StreamConfig>,
): Promise<TopologyAction> {
  const current = info.config as unknown as Record<string, unknown>;
  const drifted = Object.entries(desired).filter(([key, value]) => !sameValue(current[key], value));
  if (drifted.length === 0) return TopologyAction.Unchanged;
  if (drifted.some(([key]) => key === 'storage' || key === 'retention')) {
    throw new TopologyError(
      `stream ${info.config.name} exists with a different storage or retention; change it by hand (it holds data)`,
    );
  }
  try {
    await jsm.streams.update(info.config.name, { ...info.config, ...desired });
  } catch (err) {
    throw new TopologyError(`cannot update stream ${info.config.name} (${drifted.map(([k]) => k).join(', ')})`, {
      cause: err,
    });
  }
  return TopologyAction.Updated;
}

async function streamInfo(jsm: JetStreamManager, name: string): Promise<StreamInfo | undefined> {
  try {
    return await jsm.streams.info(name);
  } catch (err) {
    if (err instanceof JetStreamApiError && err.code === JetStreamApiCodes.StreamNotFound) return undefined;
    throw new TopologyError(`cannot read stream ${name}`, { cause: err });
  }
}

/** Another process created the stream between our lookup and our create: use theirs. */
async function afterCreateRace(jsm: JetStreamManager, name: string, err: unknown): Promise<StreamInfo> {
  const raced =
    err instanceof JetStreamApiError && err.code === streamNameInUse ? await streamInfo(jsm, name) : undefined;
  if (!raced) throw new TopologyError(`cannot create stream ${name}`, { cause: err });
  return raced;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => v === b[i]);
  return a === b;
}
