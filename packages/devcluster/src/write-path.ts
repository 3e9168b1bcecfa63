import { randomUUID } from 'node:crypto';
import { decodeProblems } from './builtin-validation.js';
import type { ClusterContext, Target, WriteOptions, WriteResult } from './context.js';
import { timestamp } from './context.js';
import { toServedVersion, toStorageVersion } from './convert.js';
import { defaultAndPrune } from './crd/default-and-prune.js';
import { validateCustomObject } from './crd/validate-custom-object.js';
import { applyBuiltinDefaults } from './defaults.js';
import { badRequest, invalid, StatusError } from './errors.js';
import { checkImmutableFields } from './immutable-fields.js';
import { collectionOf } from './registry.js';
import { apiVersionOf, type KubeObject, type ResourceType } from './types.js';

/** Records who changed what: server-side apply or update tracking, chosen by the verb. */
export type ManageFields = (live: KubeObject | undefined, next: KubeObject) => KubeObject;

const nameChars = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
const labelName = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const generatedSuffixAlphabet = 'bcdfghjklmnpqrstvwxz2456789';

function nameProblem(type: ResourceType, name: string): string | undefined {
  if (name === '.' || name === '..' || name.includes('/') || name.includes('%')) {
    return `may not be '.' or '..' and may not contain '/' or '%'`;
  }
  if (type.group === 'rbac.authorization.k8s.io') return undefined;
  if (type.kind === 'Namespace' && (!labelName.test(name) || name.length > 63)) {
    return `a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character`;
  }
  if (!nameChars.test(name) || name.length > 253) {
    return `a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`;
  }
  return undefined;
}

function generateName(prefix: string): string {
  let suffix = '';
  for (let i = 0; i < 5; i++)
    suffix += generatedSuffixAlphabet[Math.floor(Math.random() * generatedSuffixAlphabet.length)];
  return `${prefix}${suffix}`;
}

const specOf = (object: KubeObject, statusIsSpec: boolean): string => {
  const { metadata: _metadata, status, ...rest } = object;
  return JSON.stringify(statusIsSpec ? { ...rest, status } : rest);
};

const withoutVolatile = (object: KubeObject): string =>
  JSON.stringify({
    ...object,
    metadata: {
      ...object.metadata,
      resourceVersion: undefined,
      managedFields: object.metadata.managedFields?.map((entry) => ({ ...entry, time: undefined })),
    },
  });

function checkKind(target: Target, object: KubeObject): void {
  const expected = apiVersionOf(target.type.group, target.type.version);
  const isScale = target.subresource === 'scale';
  if (isScale || target.subresource === 'status') return;
  if (object.kind !== target.type.kind) {
    throw badRequest(
      `the object provided is unrecognized (must be of type ${target.type.kind}): ${object.kind ?? 'no kind'}`,
    );
  }
  if (object.apiVersion !== expected) {
    throw badRequest(
      `the API version in the data (${object.apiVersion}) does not match the expected API version (${expected})`,
    );
  }
}

/** Strict decoding for built-ins, schema validation, defaulting and pruning for custom resources. */
function validateAndDefault(ctx: ClusterContext, type: ResourceType, object: KubeObject, options: WriteOptions) {
  const warnings: string[] = [];
  const problems = decodeProblems(stripRootMeta(object, type), type.schema);
  const decodeError = (detail: string) =>
    badRequest(`${type.kind} in version "${type.version}" cannot be handled as a ${type.kind}: ${detail}`);
  if (type.builtin && problems.typeErrors.length) throw decodeError(problems.typeErrors[0]);
  if (options.fieldValidation !== 'Ignore' && problems.unknownFields.length) {
    const listed = problems.unknownFields.map((f) => `unknown field "${f}"`);
    if (options.fieldValidation === 'Strict') throw decodeError(`strict decoding error: ${listed.join(', ')}`);
    warnings.push(...listed);
  }
  if (type.builtin) {
    applyBuiltinDefaults(type.group, object, ctx.allocators);
    return { object, warnings };
  }
  const shaped = defaultAndPrune(object, type.schema);
  const errors = validateCustomObject(shaped, type.schema);
  if (errors.length) {
    throw invalid(
      type.kind,
      type.group,
      object.metadata.name ?? '',
      errors.map((e) => ({ type: e.type, field: e.field, message: e.message.replace(`${e.field}: `, '') })),
    );
  }
  return { object: shaped, warnings };
}

function stripRootMeta(object: KubeObject, type: ResourceType): Record<string, unknown> {
  if (type.builtin) return object;
  const { apiVersion: _a, kind: _k, metadata: _m, ...rest } = object;
  return rest;
}

export function prepareCreate(ctx: ClusterContext, target: Target, object: KubeObject): KubeObject {
  const { type } = target;
  const metadata = { ...(object.metadata ?? {}) };
  if (type.namespaced) {
    if (metadata.namespace && target.namespace && metadata.namespace !== target.namespace) {
      throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    metadata.namespace = target.namespace ?? metadata.namespace;
  } else {
    delete metadata.namespace;
  }
  if (!metadata.name && metadata.generateName) metadata.name = generateName(metadata.generateName);
  if (!metadata.name) {
    throw invalid(type.kind, type.group, '', [
      {
        type: 'FieldValueRequired',
        field: 'metadata.name',
        message: 'Required value: name or generateName is required',
      },
    ]);
  }
  const problem = nameProblem(type, metadata.name);
  if (problem) {
    throw invalid(type.kind, type.group, metadata.name, [
      { type: 'FieldValueInvalid', field: 'metadata.name', message: `Invalid value: "${metadata.name}": ${problem}` },
    ]);
  }
  metadata.uid = randomUUID();
  metadata.creationTimestamp = timestamp(ctx.now());
  delete metadata.resourceVersion;
  delete metadata.deletionTimestamp;
  delete metadata.deletionGracePeriodSeconds;
  metadata.generation = 1;
  const prepared: KubeObject = { ...object, metadata };
  if (type.subresources.status) delete prepared.status;
  if (type.kind === 'Namespace' && !type.group) {
    prepared.spec = { finalizers: ['kubernetes'], ...((object.spec as object) ?? {}) };
    prepared.status = { phase: 'Active' };
  }
  return prepared;
}

export function prepareUpdate(target: Target, live: KubeObject, object: KubeObject): KubeObject {
  const { type } = target;
  const requested = object.metadata?.resourceVersion;
  if (requested && requested !== live.metadata.resourceVersion) {
    throw new StatusError(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${type.group ? `${type.plural}.${type.group}` : type.plural} "${live.metadata.name}": the object has been modified; please apply your changes to the latest version and try again`,
      { name: live.metadata.name, group: type.group, kind: type.plural },
    );
  }
  let next: KubeObject;
  if (target.subresource === 'status') {
    next = { ...live, status: object.status, metadata: { ...live.metadata } };
  } else {
    next = { ...object, metadata: { ...(object.metadata ?? {}) } };
    if (type.subresources.status) keepLiveStatus(next, live);
    const metadata = next.metadata;
    for (const key of ['uid', 'creationTimestamp', 'name', 'namespace', 'deletionTimestamp', 'generation'] as const) {
      metadata[key] = live.metadata[key] as never;
    }
    if (!metadata.namespace) delete metadata.namespace;
    if (!metadata.deletionTimestamp) delete metadata.deletionTimestamp;
    if (type.kind === 'Service' && !type.group && live.spec) {
      const spec = { ...((next.spec as Record<string, unknown>) ?? {}) };
      const liveSpec = live.spec as Record<string, unknown>;
      spec.clusterIP ??= liveSpec.clusterIP;
      spec.clusterIPs ??= liveSpec.clusterIPs;
      next.spec = spec;
    }
    if (type.kind === 'Namespace' && !type.group) keepLiveStatus(next, live);
  }
  next.metadata.resourceVersion = live.metadata.resourceVersion;
  const statusIsSpec = !type.subresources.status;
  if (target.subresource !== 'status' && specOf(next, statusIsSpec) !== specOf(live, statusIsSpec)) {
    next.metadata.generation = (live.metadata.generation ?? 0) + 1;
  }
  return next;
}

/** Status is not written through the main resource: the stored one stays, or stays absent. */
function keepLiveStatus(next: KubeObject, live: KubeObject): void {
  if (live.status === undefined) delete next.status;
  else next.status = live.status;
}

/**
 * Validates, defaults, records managed fields and stores one object. A write that changes
 * nothing is not stored (no new resourceVersion, no watch event), as on a real API server.
 */
export function commitWrite(
  ctx: ClusterContext,
  target: Target,
  live: KubeObject | undefined,
  candidate: KubeObject,
  options: WriteOptions,
  manageFields: ManageFields,
): WriteResult {
  const { type } = target;
  if (!live) checkKind(target, candidate);
  else if (!target.subresource) checkKind(target, candidate);
  const { object: shaped, warnings } = validateAndDefault(ctx, type, candidate, options);
  if (live && !target.subresource) checkImmutableFields(type, live, shaped);
  const managed = manageFields(live, shaped);
  const stored = toStorageVersion(managed, type);
  if (live && withoutVolatile(stored) === withoutVolatile(live)) {
    return { object: toServedVersion(live, type), created: false, warnings };
  }
  if (options.dryRun) {
    return { object: toServedVersion(stored, type), created: !live, warnings };
  }
  if (live && stored.metadata.deletionTimestamp && !stored.metadata.finalizers?.length) {
    const removed = ctx.store.remove(collectionOf(type), stored.metadata.namespace, stored.metadata.name!);
    return { object: toServedVersion(removed ?? stored, type), created: false, warnings };
  }
  const saved = ctx.store.put(collectionOf(type), stored);
  return { object: toServedVersion(saved, type), created: !live, warnings };
}
