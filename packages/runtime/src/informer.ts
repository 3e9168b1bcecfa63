import type { IncomingMessage } from 'node:http';
import type { KubeClient } from './kube-client.js';
import { GoneError, type KubeApiError } from './kube-errors.js';
import type { LogSink } from './log-sink.js';
import { type KubeObject, objectKey, type ResourceType, resourcePath } from './resource.js';
import { sleep } from './sleep.js';

export interface InformerOptions {
  type: ResourceType;
  /** Watch one namespace only; all namespaces when absent. */
  namespace?: string;
  labelSelector?: string;
  pageSize: number;
  minRetryMs: number;
  maxRetryMs: number;
}

export function defaultInformerOptions(type: ResourceType): InformerOptions {
  return { type, pageSize: 500, minRetryMs: 200, maxRetryMs: 30_000 };
}

export interface InformerHandler<T extends KubeObject> {
  onAdd?(object: T): void;
  onUpdate?(object: T, previous: T): void;
  onDelete?(object: T): void;
}

type IndexFunction<T> = (object: T) => string[];

interface WatchEvent<T> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: T & { code?: number; message?: string };
}

/**
 * A list+watch cache of one kind: lists once, then watches from the list's resourceVersion,
 * resumes a dropped watch where it stopped, and relists only when the server says the version
 * is gone (410). Reads (`get`, `list`, `byIndex`) never reach the API server.
 */
export class Informer<T extends KubeObject = KubeObject> {
  readonly #objects = new Map<string, T>();
  readonly #indexers = new Map<string, IndexFunction<T>>();
  readonly #indexes = new Map<string, Map<string, Set<string>>>();
  readonly #handlers: InformerHandler<T>[] = [];
  readonly #syncWaiters: Array<() => void> = [];
  #resourceVersion = '';
  #synced = false;
  #running = false;
  #abort = new AbortController();
  #loop: Promise<void> | undefined;
  #relists = 0;
  #watches = 0;

  constructor(
    private readonly client: KubeClient,
    readonly options: InformerOptions,
    private readonly logger: Pick<LogSink, 'debug' | 'warn'>,
  ) {}

  addHandler(handler: InformerHandler<T>): void {
    this.#handlers.push(handler);
    if (this.#synced) for (const object of this.#objects.values()) handler.onAdd?.(object);
  }

  /** Adds an index, e.g. Kustomizations by source reference; indexes stay current with the cache. */
  addIndex(name: string, indexFunction: IndexFunction<T>): void {
    this.#indexers.set(name, indexFunction);
    const index = new Map<string, Set<string>>();
    this.#indexes.set(name, index);
    for (const [key, object] of this.#objects) addToIndex(index, indexFunction(object), key);
  }

  get(key: string): T | undefined {
    return this.#objects.get(key);
  }

  list(namespace?: string): T[] {
    const all = [...this.#objects.values()];
    return namespace === undefined ? all : all.filter((object) => object.metadata.namespace === namespace);
  }

  byIndex(name: string, value: string): T[] {
    const index = this.#indexes.get(name);
    if (!index) throw new Error(`no index named ${name}`);
    return [...(index.get(value) ?? [])].map((key) => this.#objects.get(key)!).filter(Boolean);
  }

  get resourceVersion(): string {
    return this.#resourceVersion;
  }

  /** How many full lists and watch requests it has made; a resumed watch is one more watch, not a relist. */
  get stats(): { relists: number; watches: number } {
    return { relists: this.#relists, watches: this.#watches };
  }

  hasSynced(): boolean {
    return this.#synced;
  }

  waitForSync(signal?: AbortSignal): Promise<boolean> {
    if (this.#synced) return Promise.resolve(true);
    if (signal?.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const onAbort = () => resolve(false);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#syncWaiters.push(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve(true);
      });
    });
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#abort = new AbortController();
    this.#loop = this.#run(this.#abort.signal);
  }

  async stop(): Promise<void> {
    this.#running = false;
    this.#abort.abort();
    await this.#loop;
  }

  async #run(signal: AbortSignal): Promise<void> {
    let failures = 0;
    let needList = true;
    while (!signal.aborted) {
      try {
        if (needList) {
          await this.#relist(signal);
          needList = false;
        }
        await this.#watch(signal, () => {
          failures = 0;
        });
      } catch (error) {
        if (signal.aborted) break;
        if (error instanceof GoneError) {
          this.logger.debug({ kind: this.options.type.kind }, 'watch expired, relisting');
          needList = true;
          continue;
        }
        failures += 1;
        const delay = Math.min(this.options.maxRetryMs, this.options.minRetryMs * 2 ** (failures - 1));
        this.logger.warn(
          { kind: this.options.type.kind, err: error, retryInMs: delay },
          (error as KubeApiError).message ?? 'watch failed',
        );
        await sleep(delay * (0.5 + Math.random() / 2), signal);
      }
    }
  }

  async #relist(signal: AbortSignal): Promise<void> {
    this.#relists += 1;
    const fresh = new Map<string, T>();
    let continueToken: string | undefined;
    let resourceVersion = '';
    do {
      const page = await this.client.request<{ metadata: { resourceVersion: string; continue?: string }; items: T[] }>({
        method: 'GET',
        path: resourcePath(this.options.type, this.options.namespace),
        query: { labelSelector: this.options.labelSelector, limit: this.options.pageSize, continue: continueToken },
        subject: this.options.type.kind,
        verb: 'list',
        signal,
      });
      for (const item of page.items) {
        const object = withTypeMeta(item, this.options.type);
        fresh.set(objectKey(object), object);
      }
      continueToken = page.metadata.continue || undefined;
      resourceVersion = page.metadata.resourceVersion;
    } while (continueToken);

    for (const [key, previous] of this.#objects) {
      if (!fresh.has(key)) this.#remove(key, previous);
    }
    for (const [key, object] of fresh) this.#upsert(key, object);
    this.#resourceVersion = resourceVersion;
    if (!this.#synced) {
      this.#synced = true;
      for (const wake of this.#syncWaiters.splice(0)) wake();
    }
  }

  /** Watches until the stream ends; `onOpen` runs once the server has accepted it (the backoff starts over). */
  async #watch(signal: AbortSignal, onOpen: () => void): Promise<void> {
    this.#watches += 1;
    const response = await this.client.stream({
      method: 'GET',
      path: resourcePath(this.options.type, this.options.namespace),
      query: {
        watch: true,
        allowWatchBookmarks: true,
        resourceVersion: this.#resourceVersion,
        labelSelector: this.options.labelSelector,
        timeoutSeconds: 300 + Math.floor(Math.random() * 300),
      },
      subject: this.options.type.kind,
      verb: 'watch',
      signal,
    });
    onOpen();
    for await (const event of readEvents<T>(response)) this.#apply(event);
  }

  #apply(event: WatchEvent<T>): void {
    if (event.type === 'ERROR') {
      const code = event.object.code ?? 500;
      const message = event.object.message ?? 'watch error';
      if (code === 410)
        throw new GoneError(`${this.options.type.kind} watch failed (Expired): ${message}`, 410, 'Expired');
      throw new Error(`${this.options.type.kind} watch failed: ${message}`);
    }
    const resourceVersion = event.object.metadata?.resourceVersion;
    if (event.type !== 'BOOKMARK') {
      const object = withTypeMeta(event.object, this.options.type);
      const key = objectKey(object);
      if (event.type === 'DELETED') this.#remove(key, this.#objects.get(key) ?? object);
      else this.#upsert(key, object);
    }
    if (resourceVersion) this.#resourceVersion = resourceVersion;
  }

  #upsert(key: string, object: T): void {
    const previous = this.#objects.get(key);
    if (previous?.metadata.resourceVersion === object.metadata.resourceVersion) return;
    this.#objects.set(key, object);
    for (const [name, indexFunction] of this.#indexers) {
      const index = this.#indexes.get(name)!;
      if (previous) removeFromIndex(index, indexFunction(previous), key);
      addToIndex(index, indexFunction(object), key);
    }
    for (const handler of this.#handlers) {
      if (previous) handler.onUpdate?.(object, previous);
      else handler.onAdd?.(object);
    }
  }

  #remove(key: string, object: T): void {
    const previous = this.#objects.get(key);
    if (!previous) return;
    this.#objects.delete(key);
    for (const [name, indexFunction] of this.#indexers) {
      removeFromIndex(this.#indexes.get(name)!, indexFunction(previous), key);
    }
    for (const handler of this.#handlers) handler.onDelete?.(object);
  }
}

function withTypeMeta<T extends KubeObject>(object: T, type: ResourceType): T {
  if (object.kind && object.apiVersion) return object;
  return { ...object, kind: type.kind, apiVersion: type.group ? `${type.group}/${type.version}` : type.version };
}

function addToIndex(index: Map<string, Set<string>>, values: string[], key: string): void {
  for (const value of values) {
    const keys = index.get(value) ?? new Set<string>();
    keys.add(key);
    index.set(value, keys);
  }
}

function removeFromIndex(index: Map<string, Set<string>>, values: string[], key: string): void {
  for (const value of values) {
    const keys = index.get(value);
    keys?.delete(key);
    if (keys?.size === 0) index.delete(value);
  }
}

async function* readEvents<T>(response: IncomingMessage): AsyncGenerator<WatchEvent<T>> {
  let buffered = '';
  response.setEncoding('utf8');
  for await (const chunk of response as AsyncIterable<string>) {
    buffered += chunk;
    let newline = buffered.indexOf('\n');
    while (newline >= 0) {
      const line = buffered.slice(0, newline).trim();
      buffered = buffered.slice(newline + 1);
      if (line) yield JSON.parse(line) as WatchEvent<T>;
      newline = buffered.indexOf('\n');
    }
  }
}
