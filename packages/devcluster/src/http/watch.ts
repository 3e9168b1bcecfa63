import type { ServerResponse } from 'node:http';
import type { ClusterContext, Target } from '../context.js';
import { toServedVersion } from '../convert.js';
import { StatusError } from '../errors.js';
import { collectionOf } from '../registry.js';
import { type FieldSelector, type LabelSelector, matchesFields, matchesLabels } from '../selectors.js';
import type { StoreEvent, WatchEventType } from '../store.js';
import { apiVersionOf, type KubeObject } from '../types.js';

export interface WatchRequest {
  target: Target;
  labelSelector: LabelSelector;
  fieldSelector: FieldSelector;
  resourceVersion?: string;
  timeoutSeconds?: number;
  allowBookmarks: boolean;
  sendInitialEvents: boolean;
  bookmarkIntervalMs: number;
  /** Milliseconds after which the connection is cut, for fault injection. */
  dropAfterMs?: number;
}

const serialized = new WeakMap<object, Map<string, string>>();

/** One JSON line per event and apiVersion, however many watchers receive it. */
function eventLine(type: WatchEventType, object: KubeObject, apiVersion: string): string {
  let byVersion = serialized.get(object);
  const key = `${type}|${apiVersion}`;
  const cached = byVersion?.get(key);
  if (cached) return cached;
  const served = object.apiVersion === apiVersion ? object : { ...object, apiVersion };
  const line = `{"type":"${type}","object":${JSON.stringify(served)}}\n`;
  if (!byVersion) {
    byVersion = new Map();
    serialized.set(object, byVersion);
  }
  byVersion.set(key, line);
  return line;
}

/** Streams watch events on `response` until the client leaves, the timeout ends it, or a fault cuts it. */
export function streamWatch(ctx: ClusterContext, response: ServerResponse, request: WatchRequest): void {
  const { target } = request;
  const { type } = target;
  const apiVersion = apiVersionOf(type.group, type.version);
  const collection = collectionOf(type);
  const matches = (object: KubeObject | undefined) =>
    !!object &&
    (!type.namespaced || target.namespace === undefined || object.metadata.namespace === target.namespace) &&
    (target.name === undefined || object.metadata.name === target.name) &&
    matchesLabels(request.labelSelector, object.metadata.labels) &&
    matchesFields(request.fieldSelector, object);

  let lastSent = 0;
  const pending: StoreEvent[] = [];
  let live = false;
  const send = (event: StoreEvent) => {
    if (event.revision <= lastSent) return;
    lastSent = event.revision;
    const now = matches(event.object);
    const before = event.type === 'MODIFIED' && matches(event.previous);
    let type: WatchEventType | undefined;
    if (event.type === 'DELETED') type = now ? 'DELETED' : undefined;
    else if (now) type = event.type === 'MODIFIED' && !before ? 'ADDED' : event.type;
    else if (before) type = 'DELETED';
    if (type) response.write(eventLine(type, type === 'DELETED' && !now ? event.previous! : event.object, apiVersion));
  };
  // A namespaced watch hears only its namespace's events: `matches` would drop the others anyway.
  const unsubscribe = ctx.store.subscribe(collection, (event) => (live ? send(event) : pending.push(event)), {
    namespace: type.namespaced ? target.namespace : undefined,
  });

  response.writeHead(200, {
    'Content-Type': 'application/json',
    'Transfer-Encoding': 'chunked',
    'Cache-Control': 'no-cache',
  });
  // Send the headers now: clients (kubectl wait, informers) treat the watch as open only then.
  response.flushHeaders();
  const timers: NodeJS.Timeout[] = [];
  const close = () => {
    unsubscribe();
    for (const timer of timers) clearTimeout(timer);
    if (!response.writableEnded) response.end();
  };
  response.on('close', close);

  const startRevision = ctx.store.currentRevision;
  const rv = request.resourceVersion;
  try {
    if (!rv || rv === '0' || request.sendInitialEvents) {
      const objects = ctx.store.list(collection, type.namespaced ? target.namespace : undefined).filter(matches);
      for (const object of objects) response.write(eventLine('ADDED', toServedVersion(object, type), apiVersion));
      lastSent = startRevision;
      if (request.sendInitialEvents && request.allowBookmarks) {
        response.write(
          `${JSON.stringify({ type: 'BOOKMARK', object: { kind: type.kind, apiVersion, metadata: { resourceVersion: String(startRevision), annotations: { 'k8s.io/initial-events-end': 'true' } } } })}\n`,
        );
      }
    } else {
      const from = Number(rv);
      if (!Number.isInteger(from) || from < 0)
        throw new StatusError(400, 'BadRequest', `invalid resource version "${rv}"`);
      lastSent = from;
      for (const event of ctx.store.eventsSince(collection, from)) send(event);
    }
  } catch (error) {
    if (error instanceof StatusError) {
      response.write(`${JSON.stringify({ type: 'ERROR', object: error.toStatus() })}\n`);
      close();
      return;
    }
    throw error;
  }
  for (const event of pending) send(event);
  pending.length = 0;
  live = true;

  if (request.allowBookmarks) {
    const bookmark = () => {
      response.write(
        `${JSON.stringify({ type: 'BOOKMARK', object: { kind: type.kind, apiVersion, metadata: { resourceVersion: String(ctx.store.currentRevision) } } })}\n`,
      );
      timers.push(setTimeout(bookmark, request.bookmarkIntervalMs).unref());
    };
    timers.push(setTimeout(bookmark, request.bookmarkIntervalMs).unref());
  }
  const timeoutMs = (request.timeoutSeconds ?? 1800) * 1000;
  timers.push(setTimeout(close, timeoutMs).unref());
  if (request.dropAfterMs !== undefined) {
    timers.push(setTimeout(() => response.destroy(), request.dropAfterMs).unref());
  }
}
