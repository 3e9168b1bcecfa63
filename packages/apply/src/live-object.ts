import { NotFoundError, type ResourceType } from '@driftless/runtime';
import { ApplyError, applyErrorFrom } from './apply-errors.js';
import type { InventoryRef } from './inventory.js';
import { type ObjectRef, refOf, subjectOf, type Unstructured } from './objects.js';
import type { ManagerContext } from './resource-manager.js';

/** An object named either by its manifest or by an inventory entry. */
export type ObjectTarget = Unstructured | InventoryRef;

export interface ResolvedTarget {
  type: ResourceType;
  ref: ObjectRef;
  apiVersion: string;
  subject: string;
}

export function isManifest(target: ObjectTarget): target is Unstructured {
  return 'metadata' in target;
}

export function targetRef(target: ObjectTarget): { ref: ObjectRef; apiVersion: string } {
  if (isManifest(target)) return { ref: refOf(target), apiVersion: target.apiVersion };
  const { version, ...ref } = target;
  return { ref, apiVersion: ref.group ? `${ref.group}/${version}` : version };
}

/** Finds the resource type and checks the scope: namespaced objects need a namespace, others lose theirs. */
export async function resolveTarget(ctx: ManagerContext, target: ObjectTarget): Promise<ResolvedTarget> {
  const { ref, apiVersion } = targetRef(target);
  const type = await ctx.mapper.resourceFor(apiVersion, ref.kind);
  if (type.namespaced && !ref.namespace) {
    const subject = subjectOf(ref);
    throw new ApplyError(`${subject}: namespace not specified`, subject);
  }
  const scoped = type.namespaced ? ref : { ...ref, namespace: '' };
  return { type, ref: scoped, apiVersion, subject: subjectOf(scoped) };
}

/** The live object, or undefined when there is none. */
export async function readLive(ctx: ManagerContext, target: ResolvedTarget): Promise<Unstructured | undefined> {
  try {
    return await ctx.client.get<Unstructured>(target.type, target.ref.namespace || undefined, target.ref.name);
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    throw applyErrorFrom(target.subject, 'get', error);
  }
}
