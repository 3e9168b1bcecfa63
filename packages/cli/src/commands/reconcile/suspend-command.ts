import { PatchType } from '@driftless/runtime';
import type { CliIo } from '../../context/cli-io.js';
import type { CliKind } from '../../context/flux-kinds.js';
import { resourceTypeOf } from '../../context/resource-types.js';
import { ExitCode } from '../../exit-code.js';
import { describeTarget, type FluxObject, type Target } from './object-state.js';
import {
  annotate,
  getObject,
  line,
  type ReconcileSession,
  TargetNotFoundError,
  waitAndReport,
} from './request-reconcile.js';
import { UsageError, type WaitFlags, withSession } from './session.js';

/** Flux records why an object was suspended here; resume removes it. */
export const SuspendReasonAnnotation = 'suspend.toolkit.fluxcd.io/reason';

export interface SuspendArgs {
  kind: CliKind;
  names: string[];
}

export interface SuspendFlags extends WaitFlags {
  /** Every object of the kind in the namespace. */
  all?: boolean;
  reason?: string;
}

export interface ResumeFlags extends WaitFlags {
  all?: boolean;
  /** Wait for the reconcile resume asks for (default true). */
  wait: boolean;
}

/** `driftless suspend <kind words> <name...>|--all`: spec.suspend=true. Exit 0, 3 when one was not found. */
export function runSuspend(args: SuspendArgs, flags: SuspendFlags, io: CliIo): Promise<ExitCode> {
  return withSession('suspend', flags, io, (session) =>
    eachTarget(session, args, flags, async (target) => {
      line(session, `${session.paint('blue', '►')} suspending ${describeTarget(target)}`);
      const annotations = flags.reason ? { [SuspendReasonAnnotation]: flags.reason } : undefined;
      const patch = { spec: { suspend: true }, ...(annotations ? { metadata: { annotations } } : {}) };
      await session.client.patch(resourceTypeOf(target.kind.info), target, patch, { patchType: PatchType.Merge });
      line(session, `${session.paint('green', '✔')} ${target.kind.kind} suspended`);
      return ExitCode.ok;
    }),
  );
}

/**
 * `driftless resume <kind words> <name...>|--all`: spec.suspend=false together with a reconcile
 * request, then (unless --wait=false) waits for the answer as `reconcile` does.
 */
export function runResume(args: SuspendArgs, flags: ResumeFlags, io: CliIo): Promise<ExitCode> {
  return withSession('resume', flags, io, (session) =>
    eachTarget(session, args, flags, async (target, object) => {
      line(session, `${session.paint('blue', '►')} resuming ${describeTarget(target)}`);
      const patch = { spec: { suspend: false }, metadata: { annotations: { [SuspendReasonAnnotation]: null } } };
      const requestedAt = await annotate(session, target, object, patch);
      line(session, `${session.paint('green', '✔')} ${target.kind.kind} resumed`);
      return flags.wait ? waitAndReport(session, target, requestedAt) : ExitCode.ok;
    }),
  );
}

type Action = (target: Target, object: FluxObject) => Promise<ExitCode>;

/** Runs `action` on every named object (or all with --all); the first failure's code is the result. */
async function eachTarget(
  session: ReconcileSession,
  args: SuspendArgs,
  flags: { namespace: string; all?: boolean },
  action: Action,
): Promise<ExitCode> {
  const kind = args.kind;
  const names = [...new Set(args.names)];
  if (names.length === 0 && !flags.all) throw new UsageError(`give a ${kind.kind} name, or --all`);
  const objects = names.length > 0 ? names : await listNames(session, kind, flags.namespace);
  if (objects.length === 0) {
    session.io.stderr.write(
      `driftless ${session.verb}: no ${kind.kind} objects found in ${flags.namespace} namespace\n`,
    );
    return ExitCode.notFound;
  }
  let result: ExitCode = ExitCode.ok;
  for (const name of objects) {
    const target: Target = { kind, namespace: flags.namespace, name };
    const code = await actOn(session, target, action);
    if (result === ExitCode.ok) result = code;
  }
  return result;
}

async function actOn(session: ReconcileSession, target: Target, action: Action): Promise<ExitCode> {
  let object: FluxObject;
  try {
    object = await getObject(session.client, target);
  } catch (error) {
    if (!(error instanceof TargetNotFoundError)) throw error;
    session.io.stderr.write(`driftless ${session.verb}: ${error.message}\n`);
    return ExitCode.notFound;
  }
  return action(target, object);
}

async function listNames(session: ReconcileSession, kind: CliKind, namespace: string): Promise<string[]> {
  const names: string[] = [];
  let next: string | undefined;
  do {
    const page = await session.client.list(resourceTypeOf(kind.info), { namespace, limit: 500, continue: next });
    names.push(...page.items.map((item) => item.metadata.name));
    next = page.metadata?.continue || undefined;
  } while (next);
  return names;
}
