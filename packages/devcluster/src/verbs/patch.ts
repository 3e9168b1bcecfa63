import jsonPatch from 'fast-json-patch';
import { parse as parseYaml } from 'yaml';
import type { ClusterContext, Target, WriteOptions, WriteResult } from '../context.js';
import { timestamp } from '../context.js';
import { clone } from '../convert.js';
import { badRequest, StatusError, unsupportedMediaType } from '../errors.js';
import { applyMergePatch } from '../patch/merge-patch.js';
import { applyStrategicMergePatch, StrategicMergePatchError } from '../patch/strategic-merge.js';
import { collectionOf } from '../registry.js';
import { serverSideApply } from '../ssa/apply.js';
import { ApplyConflictError, InvalidApplyConfigError } from '../ssa/errors.js';
import { apiVersionOf, type KubeObject } from '../types.js';
import { commitWrite, prepareCreate, prepareUpdate } from '../write-path.js';
import { liveObject, requireNamespace, updateTracker } from './write.js';

export const PatchType = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
} as const;
export type PatchType = (typeof PatchType)[keyof typeof PatchType];

export interface PatchOptions extends WriteOptions {
  force: boolean;
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch (error) {
    throw badRequest(`error decoding patch: ${(error as Error).message}`);
  }
}

const patchFailed = (message: string) =>
  new StatusError(422, 'Invalid', `the server rejected our request due to an error in our request: ${message}`);

function patchedObject(target: Target, live: KubeObject, patchType: PatchType, body: string): KubeObject {
  const current = clone(live);
  switch (patchType) {
    case PatchType.json: {
      const operations = parseJson(body);
      if (!Array.isArray(operations)) throw badRequest('json patch must be a list of operations');
      try {
        return jsonPatch.applyPatch(current, operations as jsonPatch.Operation[], true, true).newDocument;
      } catch (error) {
        throw patchFailed((error as Error).message.split('\n')[0]);
      }
    }
    case PatchType.merge: {
      const patch = parseJson(body);
      if (!patch || typeof patch !== 'object' || Array.isArray(patch))
        throw badRequest('merge patch must be a JSON object');
      return applyMergePatch(current, patch) as KubeObject;
    }
    case PatchType.strategic: {
      if (!target.type.builtin) {
        throw new StatusError(415, 'UnsupportedMediaType', 'strategic merge patch format is not supported');
      }
      const patch = parseJson(body);
      if (!patch || typeof patch !== 'object' || Array.isArray(patch))
        throw badRequest('strategic merge patch must be a JSON object');
      try {
        return applyStrategicMergePatch(current, patch as Record<string, unknown>, target.type.schema) as KubeObject;
      } catch (error) {
        if (error instanceof StrategicMergePatchError) {
          const reason = error.status === 400 ? 'BadRequest' : error.status === 422 ? 'Invalid' : 'InternalError';
          throw new StatusError(error.status, reason, error.message);
        }
        throw error;
      }
    }
    default:
      throw unsupportedMediaType(patchType);
  }
}

function parseApplyConfiguration(target: Target, body: string): KubeObject {
  let config: unknown;
  try {
    config = parseYaml(body, { maxAliasCount: 100 });
  } catch (error) {
    throw badRequest(`error decoding YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  if (!config || typeof config !== 'object' || Array.isArray(config))
    throw badRequest('apply configuration must be an object');
  const object = config as KubeObject;
  if (!object.apiVersion || !object.kind) {
    throw badRequest("error decoding YAML: Object 'Kind' is missing or 'apiVersion' is missing");
  }
  if (object.metadata?.name && target.name && object.metadata.name !== target.name) {
    throw badRequest(
      `the name of the object (${object.metadata.name}) does not match the name on the URL (${target.name})`,
    );
  }
  return object;
}

function serverSideApplyPatch(ctx: ClusterContext, target: Target, body: string, options: PatchOptions): WriteResult {
  const { type } = target;
  if (!options.fieldManager || options.fieldManager === 'unknown') {
    throw badRequest('PATCH, application/apply-patch+yaml requires fieldManager to be set');
  }
  const config = parseApplyConfiguration(target, body);
  const collection = collectionOf(type);
  const stored = ctx.store.get(collection, type.namespaced ? target.namespace : undefined, target.name!);
  const apiVersion = apiVersionOf(type.group, type.version);
  const live = stored ? { ...stored, apiVersion } : undefined;
  const applyOnce = (current: KubeObject | undefined) => {
    try {
      return serverSideApply(current, clone(config), type.schema, {
        manager: options.fieldManager,
        force: options.force,
        apiVersion,
        now: timestamp(ctx.now()),
        subresource: target.subresource,
      });
    } catch (error) {
      if (error instanceof ApplyConflictError) {
        throw new StatusError(409, 'Conflict', error.message, { causes: error.causes });
      }
      if (error instanceof InvalidApplyConfigError) throw patchFailed(error.message);
      throw error;
    }
  };
  if (!live) {
    requireNamespace(ctx, target);
    const created = prepareCreate(ctx, target, { ...config, metadata: { ...config.metadata, name: target.name } });
    const applied = applyOnce(undefined);
    const merged: KubeObject = {
      ...created,
      ...applied,
      metadata: { ...created.metadata, managedFields: applied.metadata.managedFields },
    };
    if (type.subresources.status) delete merged.status;
    if (created.status) merged.status = created.status;
    return commitWrite(ctx, target, undefined, merged, options, (_, next) => next);
  }
  const applied = applyOnce(live);
  const next = prepareUpdate(target, live, applied);
  next.metadata.managedFields = applied.metadata.managedFields;
  return commitWrite(ctx, target, stored, next, options, (_, object) => object);
}

export function patchObject(
  ctx: ClusterContext,
  target: Target,
  patchType: PatchType,
  body: string,
  options: PatchOptions,
): WriteResult {
  if (patchType === PatchType.apply) return serverSideApplyPatch(ctx, target, body, options);
  const stored = liveObject(ctx, target);
  const live = { ...stored, apiVersion: apiVersionOf(target.type.group, target.type.version) };
  const patched = patchedObject(target, live, patchType, body);
  if (!patched || typeof patched !== 'object' || Array.isArray(patched))
    throw patchFailed('patch result is not an object');
  patched.metadata ??= {};
  const next = prepareUpdate(target, live, patched);
  return commitWrite(ctx, target, stored, next, options, updateTracker(ctx, target, options.fieldManager));
}
