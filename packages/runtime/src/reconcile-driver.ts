import { randomUUID } from 'node:crypto';
import { ConditionType, EventSeverity, Reason, ReconcileRequestAnnotation } from '@driftless/api';
import type { Logger } from '@driftless/telemetry';
import { runInSpan } from '@driftless/telemetry';
import type { Tracer } from '@opentelemetry/api';
import {
  type Conditioned,
  deleteCondition,
  getCondition,
  markFalse,
  markReconciling,
  markStalled,
  markTrue,
} from './conditions.js';
import { parseDuration } from './duration.js';
import type { EventRecorder } from './event-recorder.js';
import { addFinalizer, removeFinalizer } from './finalizers.js';
import { type KubeClient, PatchType } from './kube-client.js';
import { NotFoundError } from './kube-errors.js';
import { createMergePatch } from './merge-patch.js';
import { StallingError, WaitAnnouncement, WaitingError } from './reconcile-errors.js';
import type { KubeObject, ResourceType } from './resource.js';

/** A Flux-style object: spec.interval, spec.suspend, status with conditions. */
export type ReconcilableObject = KubeObject &
  Conditioned & {
    spec?: { interval?: string; suspend?: boolean; [field: string]: unknown };
    status?: { lastHandledReconcileAt?: string; [field: string]: unknown };
  };

export interface ReconcileContext {
  signal: AbortSignal;
  logger: Logger;
  client: KubeClient;
  events: EventRecorder;
  reconcileID: string;
}

/** What a step asks for; nothing means "go on to the next step". */
export type StepResult = { requeueAfterMs?: number } | undefined;

/** One named step of a reconcile; the function's name names its span. */
export type ReconcileStep<T extends ReconcilableObject, S> = (
  ctx: ReconcileContext,
  object: T,
  state: S,
) => Promise<StepResult> | Promise<void>;

export interface Reconciler<T extends ReconcilableObject, S> {
  type: ResourceType;
  /** Added on first reconcile; cleanup runs before it is removed. */
  finalizer: string;
  newState(object: T): S;
  /** Frees what the steps left in the state (temp dirs), however the steps ended. */
  releaseState?(state: S): Promise<void>;
  steps: ReadonlyArray<ReconcileStep<T, S>>;
  /** Cleans up what the object owns before its finalizer is removed. */
  cleanup?(ctx: ReconcileContext, object: T): Promise<void>;
  /** Facts for events, e.g. `{ revision }`; keys get the object's group as prefix. */
  eventMetadata?(object: T, state: S): Record<string, string>;
  /**
   * Runs once the status is written (so what it announces is already in the cluster), e.g. to
   * publish the new artifact; an error fails the reconcile, which is then retried with backoff.
   */
  afterStatusWritten?(ctx: ReconcileContext, object: T, state: S, outcome: ReconcileOutcome): Promise<void>;
  /**
   * False when the steps announce their own successes (e.g. NewArtifact): the driver's Ready event
   * is then kept for failures and for the recovery from one.
   */
  announceSuccess?: boolean;
  /** False when the steps also announce the recovery from a failure themselves (Flux's helm actions). */
  announceRecovery?: boolean;
}

export const OutcomeKind = {
  Success: 'success',
  Requeue: 'requeue',
  Waiting: 'waiting',
  Stalled: 'stalled',
  Failed: 'failed',
  Gone: 'gone',
  Suspended: 'suspended',
} as const;
export type OutcomeKind = (typeof OutcomeKind)[keyof typeof OutcomeKind];

export interface ReconcileOutcome {
  kind: OutcomeKind;
  /** When to look again; absent for failures (backoff), stalls, suspended and gone objects. */
  requeueAfterMs?: number;
  error?: Error;
  /** The conditions the reconcile left, for metrics. */
  conditions?: ReadonlyArray<{ type: string; status: string }>;
}

export interface DriverDeps {
  client: KubeClient;
  events: EventRecorder;
  tracer: Tracer;
  logger: Logger;
}

/**
 * Runs one reconcile of `live` (a copy from the cache): deletion and finalizer first, then
 * suspend, then the steps in order, stopping at the first error or requeue and keeping the
 * earliest requeue. Whatever happens, the status is finalised with Flux's rules and patched.
 */
export async function reconcileObject<T extends ReconcilableObject, S>(
  reconciler: Reconciler<T, S>,
  live: T,
  deps: DriverDeps,
  signal: AbortSignal,
): Promise<ReconcileOutcome> {
  const reconcileID = randomUUID();
  const { namespace, name } = live.metadata;
  const logger = deps.logger.child({ kind: reconciler.type.kind, namespace, name, reconcileID });
  const ctx: ReconcileContext = { signal, logger, client: deps.client, events: deps.events, reconcileID };
  const attributes = { 'k8s.kind': reconciler.type.kind, 'k8s.namespace': namespace ?? '', 'k8s.name': name };

  return runInSpan(deps.tracer, `reconcile ${reconciler.type.kind}`, attributes, async () => {
    if (live.metadata.deletionTimestamp) return finishDeletion(reconciler, ctx, live);
    let object = structuredClone(live);
    if (!object.metadata.finalizers?.includes(reconciler.finalizer)) {
      object = await addFinalizer(deps.client, reconciler.type, object, reconciler.finalizer);
    }
    if (object.spec?.suspend) {
      logger.info({}, 'reconciliation is suspended for this object');
      return { kind: OutcomeKind.Suspended };
    }
    return runSteps(reconciler, ctx, object, deps.tracer);
  });
}

async function finishDeletion<T extends ReconcilableObject, S>(
  reconciler: Reconciler<T, S>,
  ctx: ReconcileContext,
  object: T,
): Promise<ReconcileOutcome> {
  if (!object.metadata.finalizers?.includes(reconciler.finalizer)) return { kind: OutcomeKind.Gone };
  if (!object.spec?.suspend) await reconciler.cleanup?.(ctx, object);
  await removeFinalizer(ctx.client, reconciler.type, object, reconciler.finalizer);
  ctx.logger.info({}, 'finalizer removed');
  return { kind: OutcomeKind.Gone };
}

async function runSteps<T extends ReconcilableObject, S>(
  reconciler: Reconciler<T, S>,
  ctx: ReconcileContext,
  object: T,
  tracer: Tracer,
): Promise<ReconcileOutcome> {
  const original = structuredClone(object);
  const state = reconciler.newState(object);
  const readyBefore = JSON.stringify(getCondition(object, ConditionType.Ready));
  const generation = object.metadata.generation;
  if (generation !== undefined && generation !== object.status?.observedGeneration) {
    markReconciling(
      object,
      Reason.Progressing,
      `processing object: new generation ${object.status?.observedGeneration ?? 0} -> ${generation}`,
    );
  }

  let requeueAfterMs: number | undefined;
  let failure: Error | undefined;
  try {
    for (const step of reconciler.steps) {
      const result = await runInSpan(tracer, step.name || 'step', {}, async (): Promise<StepResult> => {
        return (await step(ctx, object, state)) ?? undefined;
      });
      if (result?.requeueAfterMs !== undefined) {
        requeueAfterMs = Math.min(requeueAfterMs ?? Number.POSITIVE_INFINITY, result.requeueAfterMs);
        break;
      }
    }
  } catch (error) {
    failure = error instanceof Error ? error : new Error(String(error));
  } finally {
    await reconciler.releaseState?.(state);
  }

  const outcome = finalizeStatus(object, failure, requeueAfterMs, readyBefore);
  outcome.conditions = object.status?.conditions ?? [];
  if (outcome.kind === OutcomeKind.Success) outcome.requeueAfterMs = intervalOf(object);
  await patchStatus(ctx, reconciler.type, original, object);
  await announce(reconciler, ctx, original, object, state, outcome);
  if (reconciler.afterStatusWritten) {
    try {
      await reconciler.afterStatusWritten(ctx, object, state, outcome);
    } catch (error) {
      return { ...outcome, kind: OutcomeKind.Failed, error: error instanceof Error ? error : new Error(String(error)) };
    }
  }
  return outcome;
}

/** Flux's finalizeStatus: derive Ready, Reconciling and Stalled from how the steps ended. */
function finalizeStatus(
  object: ReconcilableObject,
  failure: Error | undefined,
  requeueAfterMs: number | undefined,
  readyBefore: string,
): ReconcileOutcome {
  const reason = (failure as { reason?: string } | undefined)?.reason ?? Reason.ReconciliationFailed;
  recordReconcileRequest(object);
  if (failure instanceof StallingError) {
    markStalled(object, reason, failure.message);
    if (!(failure.keepReady && getCondition(object, ConditionType.Ready)?.status === 'False')) {
      markFalse(object, ConditionType.Ready, reason, failure.message);
    }
    deleteCondition(object, ConditionType.Reconciling);
    stampHandled(object);
    return { kind: OutcomeKind.Stalled, error: failure };
  }
  deleteCondition(object, ConditionType.Stalled);
  if (failure instanceof WaitingError) {
    markFalse(object, ConditionType.Ready, reason, failure.message);
    return { kind: OutcomeKind.Waiting, requeueAfterMs: failure.requeueAfterMs, error: failure };
  }
  if (failure) {
    markFalse(object, ConditionType.Ready, reason, failure.message);
    markReconciling(object, Reason.ProgressingWithRetry, failure.message);
    return { kind: OutcomeKind.Failed, error: failure };
  }
  if (requeueAfterMs !== undefined) return { kind: OutcomeKind.Requeue, requeueAfterMs };

  deleteCondition(object, ConditionType.Reconciling);
  const ready = getCondition(object, ConditionType.Ready);
  if (ready?.status !== 'True' && JSON.stringify(ready) === readyBefore) {
    markTrue(object, ConditionType.Ready, Reason.Succeeded, 'Reconciliation finished');
  }
  stampHandled(object);
  return { kind: OutcomeKind.Success };
}

function stampHandled(object: ReconcilableObject): void {
  object.status ??= {};
  if (object.metadata.generation !== undefined) object.status.observedGeneration = object.metadata.generation;
}

/** Flux's RecordReconcileReq: every reconcile answers `flux reconcile`'s request, whatever its outcome. */
function recordReconcileRequest(object: ReconcilableObject): void {
  const requested = object.metadata.annotations?.[ReconcileRequestAnnotation];
  if (!requested) return;
  object.status ??= {};
  object.status.lastHandledReconcileAt = requested;
}

function intervalOf(object: ReconcilableObject): number | undefined {
  const interval = object.spec?.interval;
  return interval ? parseDuration(interval) : undefined;
}

/** Writes only what changed in status, through the status subresource: spec is never touched. */
async function patchStatus(
  ctx: ReconcileContext,
  type: ResourceType,
  original: ReconcilableObject,
  object: ReconcilableObject,
): Promise<void> {
  const patch = createMergePatch(original.status ?? {}, object.status ?? {});
  if (patch === undefined) return;
  try {
    await ctx.client.patch(
      type,
      object.metadata,
      { status: patch },
      { patchType: PatchType.Merge, subresource: 'status' },
    );
  } catch (error) {
    if (error instanceof NotFoundError) return;
    throw error;
  }
}

/** One event when the Ready condition says something new. */
async function announce<T extends ReconcilableObject, S>(
  reconciler: Reconciler<T, S>,
  ctx: ReconcileContext,
  original: T,
  object: T,
  state: S,
  outcome: ReconcileOutcome,
): Promise<void> {
  const before = getCondition(original, ConditionType.Ready);
  const after = getCondition(object, ConditionType.Ready);
  if (!after || (before?.status === after.status && before.message === after.message)) return;
  if (outcome.kind === OutcomeKind.Requeue) return;
  if (after.status === 'True' && reconciler.announceSuccess === false) {
    if (before?.status !== 'False' || reconciler.announceRecovery === false) return;
  }
  const announcement = outcome.error instanceof WaitingError ? outcome.error.announce : WaitAnnouncement.Error;
  if (announcement === WaitAnnouncement.Silent) return;
  const failed = after.status === 'False' && announcement === WaitAnnouncement.Error;
  const severity = failed ? EventSeverity.Error : EventSeverity.Info;
  await ctx.events.emit(object, severity, after.message, {
    reason: after.reason,
    metadata: reconciler.eventMetadata?.(object, state),
  });
}
