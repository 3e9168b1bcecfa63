import { setTimeout as sleep } from 'node:timers/promises';
import { ReconcileRequestAnnotation } from '@driftless/api';
import { type KubeClient, NotFoundError, PatchType } from '@driftless/runtime';
import type { CliIo } from '../../context/cli-io.js';
import { resourceTypeOf } from '../../context/resource-types.js';
import { ExitCode } from '../../exit-code.js';
import type { Paint } from '../../output/colors.js';
import {
  describeTarget,
  type FluxObject,
  hasAnswered,
  lastSeen,
  readyOf,
  successMessage,
  type Target,
} from './object-state.js';
import type { Progress } from './progress.js';
import type { ReconcileNotifier } from './reconcile-notifier.js';

/** What one command run shares between the objects it reconciles. */
export interface ReconcileSession {
  /** The command's verb, for error lines (`driftless <verb>: …`). */
  verb: string;
  client: KubeClient;
  io: CliIo;
  notifier: ReconcileNotifier;
  progress: Progress;
  paint: Paint;
  /** Epoch ms after which waiting stops (one budget for the whole command, as flux's --timeout). */
  deadline: number;
  timeoutText: string;
  pollMs: number;
}

export class SuspendedError extends Error {
  override readonly name = 'SuspendedError';
}

export class ReconcileTimeoutError extends Error {
  override readonly name = 'ReconcileTimeoutError';
}

/** Flux's `reconcile`: refuse a suspended object, annotate it, publish the request, wait, report. */
export async function reconcileTarget(session: ReconcileSession, target: Target): Promise<ExitCode> {
  const object = await getObject(session.client, target);
  refuseSuspended(target, object);
  line(session, `${session.paint('blue', '►')} annotating ${describeTarget(target)}`);
  const requestedAt = await annotate(session, target, object, {});
  line(session, `${session.paint('green', '✔')} ${target.kind.kind} annotated`);
  return waitAndReport(session, target, requestedAt);
}

export function refuseSuspended(target: Target, object: FluxObject): void {
  if (!object.spec?.suspend) return;
  const resume = `driftless resume ${target.kind.words.join(' ')} ${target.name} -n ${target.namespace}`;
  throw new SuspendedError(`${describeTarget(target)} is suspended; resume it first (${resume})`);
}

/** Writes `patch` together with a new reconcile request, so one change both edits and asks. */
export async function annotate(
  session: ReconcileSession,
  target: Target,
  current: FluxObject,
  patch: Record<string, unknown>,
): Promise<string> {
  const requestedAt = newRequestTime(current.metadata.annotations?.[ReconcileRequestAnnotation]);
  const metadata = (patch.metadata ?? {}) as { annotations?: Record<string, string | null> };
  const body = {
    ...patch,
    metadata: { ...metadata, annotations: { ...metadata.annotations, [ReconcileRequestAnnotation]: requestedAt } },
  };
  await session.client.patch(resourceTypeOf(target.kind.info), target, body, { patchType: PatchType.Merge });
  await session.notifier.notify(target, requestedAt);
  return requestedAt;
}

/** Waits for the controller's answer to `requestedAt` and prints it: exit 0 when Ready, 1 when not. */
export async function waitAndReport(session: ReconcileSession, target: Target, requestedAt: string): Promise<ExitCode> {
  const { paint, progress } = session;
  const kind = target.kind.kind;
  progress.update(`waiting for ${kind} reconciliation`);
  let object: FluxObject | undefined;
  try {
    object = await waitForAnswer(session, target, requestedAt);
  } finally {
    progress.stop();
  }
  const ready = readyOf(object);
  if (ready?.status !== 'True') {
    progress.done(`${paint('red', '✗')} ${ready?.message || `${kind} reconciliation failed`}`);
    return ExitCode.failure;
  }
  progress.done(`${paint('green', '✔')} ${kind} reconciliation completed`);
  line(session, `${paint('green', '✔')} ${successMessage(object)}`);
  return ExitCode.ok;
}

async function waitForAnswer(session: ReconcileSession, target: Target, requestedAt: string): Promise<FluxObject> {
  for (;;) {
    const object = await getObject(session.client, target);
    if (hasAnswered(object, requestedAt)) return object;
    if (Date.now() >= session.deadline) {
      throw new ReconcileTimeoutError(
        `${describeTarget(target)}: no answer from the ${target.kind.controller} within ${session.timeoutText} (${lastSeen(object)})`,
      );
    }
    await sleep(session.pollMs, undefined, { signal: session.io.signal });
  }
}

export class TargetNotFoundError extends Error {
  override readonly name = 'TargetNotFoundError';
}

export async function getObject(client: KubeClient, target: Target): Promise<FluxObject> {
  try {
    return await client.get<FluxObject>(resourceTypeOf(target.kind.info), target.namespace, target.name);
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    throw new TargetNotFoundError(`${target.kind.kind} ${target.name} not found in ${target.namespace} namespace`, {
      cause: error,
    });
  }
}

export function line(session: Pick<ReconcileSession, 'io'>, text: string): void {
  session.io.stdout.write(`${text}\n`);
}

/** A timestamp the object has not seen yet: two requests within one millisecond must still differ. */
function newRequestTime(previous: string | undefined): string {
  const now = new Date();
  if (now.toISOString() === previous) now.setTime(now.getTime() + 1);
  return now.toISOString();
}
