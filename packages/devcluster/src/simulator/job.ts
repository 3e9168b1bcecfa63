import { timestamp } from '../context.js';
import type { KubeObject } from '../types.js';
import { type ConditionInput, conditionIs, conditionsOf, setCondition } from './conditions.js';
import { SimulateMode } from './constants.js';
import { simulateModeOf } from './mode.js';
import type { WorkloadPlan } from './plan.js';
import { intOr, type Json, specOf, statusOf, withoutZeros } from './values.js';

const omitEmpty = ['active', 'succeeded', 'failed'];

const succeeded: Omit<ConditionInput, 'type'> = {
  status: 'True',
  reason: 'CompletionsReached',
  message: 'Reached expected number of succeeded pods',
};
const backoffLimitExceeded: Omit<ConditionInput, 'type'> = {
  status: 'True',
  reason: 'BackoffLimitExceeded',
  message: 'Job has reached the specified backoff limit',
};

const isFinished = (status: Json) => {
  const conditions = conditionsOf(status);
  return conditionIs(conditions, 'Complete', 'True') || conditionIs(conditions, 'Failed', 'True');
};

/** The counters a 1.32 Job always reports, whatever its phase. */
const baseline = { ready: 0, terminating: 0, uncountedTerminatedPods: {} };

function parallelPods(job: KubeObject): number {
  const spec = specOf(job);
  const parallelism = intOr(spec.parallelism, 1);
  return typeof spec.completions === 'number' ? Math.min(parallelism, spec.completions) : parallelism;
}

function running(job: KubeObject, status: Json, time: string): Json {
  const active = parallelPods(job);
  const ready = simulateModeOf(job) === SimulateMode.Healthy ? active : 0;
  return withoutZeros({ ...status, startTime: status.startTime ?? time, active, ...baseline, ready }, omitEmpty);
}

function complete(job: KubeObject, status: Json, time: string): Json {
  const spec = specOf(job);
  const completions = intOr(spec.completions, Math.max(1, intOr(spec.parallelism, 1)));
  let conditions = conditionsOf(status);
  conditions = setCondition(conditions, { type: 'SuccessCriteriaMet', ...succeeded }, 'lastProbeTime', time);
  conditions = setCondition(conditions, { type: 'Complete', ...succeeded }, 'lastProbeTime', time);
  return withoutZeros(
    {
      ...status,
      conditions,
      active: 0,
      succeeded: completions,
      ...(spec.completionMode === 'Indexed' && completions > 0
        ? { completedIndexes: completions === 1 ? '0' : `0-${completions - 1}` }
        : {}),
      completionTime: time,
      ...baseline,
    },
    omitEmpty,
  );
}

function fail(job: KubeObject, status: Json, time: string): Json {
  let conditions = conditionsOf(status);
  conditions = setCondition(conditions, { type: 'FailureTarget', ...backoffLimitExceeded }, 'lastProbeTime', time);
  conditions = setCondition(conditions, { type: 'Failed', ...backoffLimitExceeded }, 'lastProbeTime', time);
  const failed = intOr(specOf(job).backoffLimit, 6) + 1;
  return withoutZeros({ ...status, conditions, active: 0, failed, ...baseline }, omitEmpty);
}

function suspended(status: Json, time: string): Json {
  const conditions = setCondition(
    conditionsOf(status),
    { type: 'Suspended', status: 'True', reason: 'JobSuspended', message: 'Job suspended' },
    'lastProbeTime',
    time,
  );
  return withoutZeros({ ...status, conditions, active: 0, ...baseline }, omitEmpty);
}

function resumed(status: Json, time: string): Json {
  if (!conditionIs(conditionsOf(status), 'Suspended', 'True')) return status;
  const conditions = setCondition(
    conditionsOf(status),
    { type: 'Suspended', status: 'False', reason: 'JobResumed', message: 'Job resumed' },
    'lastProbeTime',
    time,
  );
  const { startTime: _restartedOnResume, ...rest } = status;
  return { ...rest, conditions };
}

/**
 * A Job starts on first sight and finishes on the next simulation: Complete, or Failed when the
 * simulate annotation says `fail`; `pending` keeps it running.
 */
export function simulateJob(job: KubeObject, now: Date): WorkloadPlan {
  const time = timestamp(now);
  const current = statusOf(job);
  const plan = (status: Json): WorkloadPlan => ({ status, upsertChildren: [], deleteChildren: [] });
  if (isFinished(current)) return plan(current);
  if (specOf(job).suspend === true) return plan(suspended(current, time));

  const status = resumed(current, time);
  const mode = simulateModeOf(job);
  if (status.startTime === undefined || mode === SimulateMode.Pending) return plan(running(job, status, time));
  return plan(mode === SimulateMode.Fail ? fail(job, status, time) : complete(job, status, time));
}
