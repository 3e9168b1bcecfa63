import type { ClusterContext, Target, WriteOptions, WriteResult } from '../context.js';
import { timestamp } from '../context.js';
import { clone } from '../convert.js';
import { alreadyExists, notFound, StatusError } from '../errors.js';
import { collectionOf } from '../registry.js';
import { trackUpdate } from '../ssa/track-update.js';
import { apiVersionOf, type KubeObject } from '../types.js';
import { commitWrite, prepareCreate, prepareUpdate } from '../write-path.js';

export function requireNamespace(ctx: ClusterContext, target: Target): void {
  if (!target.type.namespaced) return;
  const namespace = target.namespace;
  const object = namespace ? ctx.store.get('/namespaces', undefined, namespace) : undefined;
  if (!object) throw notFound('', 'namespaces', namespace ?? '');
  if (object.metadata.deletionTimestamp) {
    throw new StatusError(
      403,
      'Forbidden',
      `${target.type.plural} "${target.name ?? ''}" is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`,
      {
        name: target.name,
        group: target.type.group,
        kind: target.type.plural,
        causes: [
          {
            type: 'NamespaceTerminating',
            message: `namespace ${namespace} is being terminated`,
            field: 'metadata.namespace',
          },
        ],
      },
    );
  }
}

export const updateTracker =
  (ctx: ClusterContext, target: Target, manager: string) => (live: KubeObject | undefined, next: KubeObject) =>
    trackUpdate(live, next, target.type.schema, {
      manager,
      apiVersion: apiVersionOf(target.type.group, target.type.version),
      now: timestamp(ctx.now()),
      subresource: target.subresource,
    });

/** The API server takes a missing apiVersion or kind from the URL. */
function withTypeFromUrl(target: Target, body: KubeObject): KubeObject {
  const object = clone(body);
  object.apiVersion ||= apiVersionOf(target.type.group, target.type.version);
  object.kind ||= target.type.kind;
  return object;
}

export function createObject(
  ctx: ClusterContext,
  target: Target,
  body: KubeObject,
  options: WriteOptions,
): WriteResult {
  requireNamespace(ctx, target);
  const prepared = prepareCreate(ctx, target, withTypeFromUrl(target, body));
  const existing = ctx.store.get(collectionOf(target.type), prepared.metadata.namespace, prepared.metadata.name!);
  if (existing) throw alreadyExists(target.type.group, target.type.plural, prepared.metadata.name!);
  return commitWrite(ctx, target, undefined, prepared, options, updateTracker(ctx, target, options.fieldManager));
}

export function liveObject(ctx: ClusterContext, target: Target): KubeObject {
  const live = ctx.store.get(
    collectionOf(target.type),
    target.type.namespaced ? target.namespace : undefined,
    target.name!,
  );
  if (!live) throw notFound(target.type.group, target.type.plural, target.name!);
  return live;
}

export function updateObject(
  ctx: ClusterContext,
  target: Target,
  body: KubeObject,
  options: WriteOptions,
): WriteResult {
  const live = liveObject(ctx, target);
  if (body.metadata?.name && body.metadata.name !== target.name) {
    throw new StatusError(
      400,
      'BadRequest',
      `the name of the object (${body.metadata.name}) does not match the name on the URL (${target.name})`,
    );
  }
  const servedLive = { ...live, apiVersion: apiVersionOf(target.type.group, target.type.version) };
  const next = prepareUpdate(target, servedLive, target.subresource ? clone(body) : withTypeFromUrl(target, body));
  return commitWrite(ctx, target, live, next, options, updateTracker(ctx, target, options.fieldManager));
}
