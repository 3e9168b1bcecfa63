import { defaultInformerOptions, Informer, type KubeClient, type LogSink } from '@driftless/runtime';
import type { ObjectReader, ResourceResolver } from './object-reader.js';
import { groupOf, type ObjectRef, type Unstructured } from './objects.js';

export const ObjectChangeType = {
  Added: 'added',
  Modified: 'modified',
  Deleted: 'deleted',
} as const;
export type ObjectChangeType = (typeof ObjectChangeType)[keyof typeof ObjectChangeType];

export interface ObjectChange {
  type: ObjectChangeType;
  object: Unstructured;
  /** The cached state before a modification. */
  previous?: Unstructured;
}

export type ObjectChangeHandler = (change: ObjectChange) => void;

export interface ObjectWatchDeps {
  client: KubeClient;
  resolver: ResourceResolver;
  logger: LogSink;
}

export interface ObjectWatchOptions {
  /** Only objects with these labels are cached, e.g. the applier's ownership labels. */
  labelSelector: string;
  /** How long `ensureWatching` waits for a kind's first list before it gives up. */
  syncTimeoutMs: number;
}

export function defaultObjectWatchOptions(labelSelector: string): ObjectWatchOptions {
  return { labelSelector, syncTimeoutMs: 30_000 };
}

/**
 * A cache of the applied objects, one cluster-wide informer per kind, for health checks without API
 * calls and for drift detection. Status updates arrive as 'modified' like any other change.
 */
export interface ObjectWatch extends ObjectReader {
  /** Starts watching a kind (once) and resolves when its cache holds the current objects. */
  ensureWatching(apiVersion: string, kind: string): Promise<void>;
  /** The cached object; undefined when it does not exist or its kind is not watched. */
  get(ref: ObjectRef): Promise<Unstructured | undefined>;
  /** The cached object, read synchronously; undefined when absent or its kind is not watched. */
  peek(ref: ObjectRef): Unstructured | undefined;
  /** Registers a change handler; returns the function that removes it. */
  onChange(handler: ObjectChangeHandler): () => void;
  /** The synced kinds as `group/Kind` (`Kind` for the core group), sorted. */
  watchedKinds(): string[];
  stop(): Promise<void>;
}

export class ObjectWatchError extends Error {
  override name = 'ObjectWatchError';
}

interface KindWatch {
  informer?: Informer<Unstructured>;
  synced: Promise<void>;
}

export function createObjectWatch(
  deps: ObjectWatchDeps,
  options: Partial<ObjectWatchOptions> & Pick<ObjectWatchOptions, 'labelSelector'>,
): ObjectWatch {
  const settings = { ...defaultObjectWatchOptions(options.labelSelector), ...options };
  const kinds = new Map<string, KindWatch>();
  const handlers = new Set<ObjectChangeHandler>();
  const stopping = new AbortController();

  const emit = (change: ObjectChange) => {
    for (const handler of handlers) {
      try {
        handler(change);
      } catch (error) {
        deps.logger.error({ err: error, kind: change.object.kind }, 'object change handler failed');
      }
    }
  };

  const startKind = async (watch: KindWatch, apiVersion: string, kind: string): Promise<void> => {
    const type = await deps.resolver.resourceFor(apiVersion, kind);
    if (stopping.signal.aborted) throw new ObjectWatchError(`${kind} watch not started: the object watch is stopped`);
    const informer = new Informer<Unstructured>(
      deps.client,
      { ...defaultInformerOptions(type), labelSelector: settings.labelSelector },
      deps.logger,
    );
    informer.addHandler({
      onAdd: (object) => emit({ type: ObjectChangeType.Added, object }),
      onUpdate: (object, previous) => emit({ type: ObjectChangeType.Modified, object, previous }),
      onDelete: (object) => emit({ type: ObjectChangeType.Deleted, object }),
    });
    watch.informer = informer;
    informer.start();
    const deadline = AbortSignal.any([AbortSignal.timeout(settings.syncTimeoutMs), stopping.signal]);
    if (await informer.waitForSync(deadline)) return;
    await informer.stop();
    if (stopping.signal.aborted) throw new ObjectWatchError(`${kind} watch stopped before it synced`);
    throw new ObjectWatchError(
      `${kind} (${apiVersion}) watch did not sync within ${settings.syncTimeoutMs} ms; the logged warnings say why`,
    );
  };

  const peek = (ref: ObjectRef): Unstructured | undefined => {
    const informer = kinds.get(groupKind(ref.group, ref.kind))?.informer;
    return informer?.get(ref.namespace ? `${ref.namespace}/${ref.name}` : ref.name);
  };

  return {
    async ensureWatching(apiVersion, kind) {
      if (stopping.signal.aborted) throw new ObjectWatchError(`cannot watch ${kind}: the object watch is stopped`);
      const key = groupKind(groupOf(apiVersion), kind);
      let watch = kinds.get(key);
      if (!watch) {
        const created: KindWatch = { synced: Promise.resolve() };
        created.synced = startKind(created, apiVersion, kind);
        kinds.set(key, created);
        watch = created;
      }
      try {
        await watch.synced;
      } catch (error) {
        if (kinds.get(key) === watch) kinds.delete(key);
        throw error;
      }
    },

    get: async (ref) => peek(ref),
    peek,

    onChange(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },

    watchedKinds() {
      return [...kinds]
        .filter(([, watch]) => watch.informer?.hasSynced())
        .map(([key]) => key)
        .sort();
    },

    async stop() {
      stopping.abort();
      const informers = [...kinds.values()].flatMap((watch) => (watch.informer ? [watch.informer] : []));
      kinds.clear();
      handlers.clear();
      await Promise.all(informers.map((informer) => informer.stop()));
    },
  };
}

function groupKind(group: string, kind: string): string {
  return group ? `${group}/${kind}` : kind;
}
