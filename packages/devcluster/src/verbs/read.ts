import type { ClusterContext, Target } from '../context.js';
import { toServedVersion } from '../convert.js';
import { badRequest, notFound } from '../errors.js';
import { collectionOf } from '../registry.js';
import { type FieldSelector, type LabelSelector, matchesFields, matchesLabels } from '../selectors.js';
import { apiVersionOf, type KubeObject } from '../types.js';

export function getObject(ctx: ClusterContext, target: Target): KubeObject {
  const { type } = target;
  const object = ctx.store.get(collectionOf(type), type.namespaced ? target.namespace : undefined, target.name!);
  if (!object) throw notFound(type.group, type.plural, target.name!);
  return toServedVersion(object, type);
}

export interface ListOptions {
  labelSelector: LabelSelector;
  fieldSelector: FieldSelector;
  limit?: number;
  continueToken?: string;
}

export interface ObjectList {
  apiVersion: string;
  kind: string;
  metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number };
  items: KubeObject[];
}

const sortKey = (o: KubeObject) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;

function decodeContinue(token: string): string {
  try {
    const decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (typeof decoded.start !== 'string') throw new Error('no start');
    return decoded.start;
  } catch {
    throw badRequest('continue key is not valid: the continue token is malformed');
  }
}

/** Lists in namespace/name order, filtered, paged by `limit` and an opaque `continue` token. */
export function listObjects(ctx: ClusterContext, target: Target, options: ListOptions): ObjectList {
  const { type } = target;
  const revision = ctx.store.currentRevision;
  const all = ctx.store.list(collectionOf(type), type.namespaced ? target.namespace : undefined);
  let items = all.filter(
    (o) => matchesLabels(options.labelSelector, o.metadata.labels) && matchesFields(options.fieldSelector, o),
  );
  items.sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));
  if (options.continueToken) {
    const start = decodeContinue(options.continueToken);
    items = items.filter((o) => sortKey(o) > start);
  }
  const metadata: ObjectList['metadata'] = { resourceVersion: String(revision) };
  if (options.limit && options.limit > 0 && items.length > options.limit) {
    const remaining = items.length - options.limit;
    items = items.slice(0, options.limit);
    metadata.continue = Buffer.from(JSON.stringify({ start: sortKey(items[items.length - 1]), rv: revision })).toString(
      'base64url',
    );
    metadata.remainingItemCount = remaining;
  }
  return {
    apiVersion: apiVersionOf(type.group, type.version),
    kind: type.listKind,
    metadata,
    items: items.map((o) => toServedVersion(o, type)),
  };
}
