import type { ClusterContext, Target, WriteOptions, WriteResult } from '../context.js';
import { clone } from '../convert.js';
import { badRequest } from '../errors.js';
import { applyMergePatch } from '../patch/merge-patch.js';
import type { KubeObject } from '../types.js';
import { commitWrite, prepareUpdate } from '../write-path.js';
import { liveObject, updateTracker } from './write.js';

function readPath(object: unknown, path: string): unknown {
  let current = object;
  for (const segment of path.replace(/^\./, '').split('.')) {
    if (!current || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

function writePath(object: Record<string, unknown>, path: string, value: unknown): void {
  const segments = path.replace(/^\./, '').split('.');
  let current = object;
  for (const segment of segments.slice(0, -1)) {
    current[segment] ??= {};
    current = current[segment] as Record<string, unknown>;
  }
  current[segments[segments.length - 1]] = value;
}

function selectorString(selector: unknown): string | undefined {
  if (typeof selector === 'string') return selector;
  const labels = (selector as { matchLabels?: Record<string, string> } | undefined)?.matchLabels;
  return labels
    ? Object.entries(labels)
        .map(([k, v]) => `${k}=${v}`)
        .join(',')
    : undefined;
}

function scaleOf(target: Target, object: KubeObject): KubeObject {
  const scale = target.type.subresources.scale!;
  const selectorPath = scale.labelSelectorPath;
  return {
    apiVersion: 'autoscaling/v1',
    kind: 'Scale',
    metadata: {
      name: object.metadata.name,
      namespace: object.metadata.namespace,
      uid: object.metadata.uid,
      resourceVersion: object.metadata.resourceVersion,
      creationTimestamp: object.metadata.creationTimestamp,
    },
    spec: { replicas: readPath(object, scale.specReplicasPath) ?? 0 },
    status: {
      replicas: readPath(object, scale.statusReplicasPath) ?? 0,
      selector:
        selectorPath === '.status.selector' && target.type.builtin
          ? selectorString((object.spec as { selector?: unknown })?.selector)
          : selectorPath
            ? selectorString(readPath(object, selectorPath))
            : undefined,
    },
  };
}

export function getScale(ctx: ClusterContext, target: Target): KubeObject {
  return scaleOf(target, liveObject(ctx, target));
}

/** PUT or merge-PATCH of `/scale`: only the replica count of the parent changes. */
export function updateScale(
  ctx: ClusterContext,
  target: Target,
  method: string,
  body: string,
  contentType: string | undefined,
  options: WriteOptions,
): WriteResult {
  const live = liveObject(ctx, target);
  let requested: KubeObject;
  try {
    const input = JSON.parse(body);
    requested =
      method === 'PATCH' && !contentType?.includes('json-patch')
        ? (applyMergePatch(scaleOf(target, live), input) as KubeObject)
        : input;
  } catch {
    throw badRequest('the body of the request could not be decoded as a Scale');
  }
  const replicas = (requested.spec as { replicas?: unknown } | undefined)?.replicas;
  if (!Number.isInteger(replicas) || (replicas as number) < 0) {
    throw badRequest(
      `Scale.autoscaling "${target.name}" is invalid: spec.replicas: Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`,
    );
  }
  const next = clone(live);
  writePath(next, target.type.subresources.scale!.specReplicasPath, replicas);
  const mainTarget = { ...target, subresource: undefined };
  const prepared = prepareUpdate(mainTarget, live, {
    ...next,
    metadata: { ...next.metadata, resourceVersion: requested.metadata?.resourceVersion },
  });
  const result = commitWrite(
    ctx,
    { ...target, subresource: 'scale' },
    live,
    prepared,
    options,
    updateTracker(ctx, target, options.fieldManager),
  );
  return { ...result, object: scaleOf(target, result.object) };
}
