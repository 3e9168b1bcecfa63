import type { CliIo } from '../../context/cli-io.js';
import type { CliKind } from '../../context/flux-kinds.js';
import { ExitCode } from '../../exit-code.js';
import type { Target } from './object-state.js';
import { getObject, line, type ReconcileSession, reconcileTarget, refuseSuspended } from './request-reconcile.js';
import { type WaitFlags, withSession } from './session.js';
import { planSources } from './source-targets.js';

export interface ReconcileArgs {
  kind: CliKind;
  name: string;
}

export interface ReconcileFlags extends WaitFlags {
  /** Kustomization and HelmRelease: reconcile the source (and HelmChart) first. */
  withSource?: boolean;
}

/**
 * `driftless reconcile <kind words> <name>`: asks the owning controller to reconcile now (the
 * requestedAt annotation plus a NATS request) and waits for its answer. Exit 0 Ready, 1 not Ready or
 * suspended, 3 not found, 4 cluster unreachable, 5 no answer within --timeout.
 */
export function runReconcile(args: ReconcileArgs, flags: ReconcileFlags, io: CliIo): Promise<ExitCode> {
  const target: Target = { kind: args.kind, namespace: flags.namespace, name: args.name };
  return withSession('reconcile', flags, io, async (session) => {
    if (flags.withSource) {
      const code = await reconcileSources(session, target);
      if (code !== ExitCode.ok) return code;
    }
    return reconcileTarget(session, target);
  });
}

async function reconcileSources(session: ReconcileSession, target: Target): Promise<ExitCode> {
  const object = await getObject(session.client, target);
  refuseSuspended(target, object);
  const plan = await planSources(session.client, target, object);
  for (const skipped of plan.skipped) {
    line(session, `${session.paint('yellow', '►')} skipping ${skipped}: not a kind Driftless reconciles`);
  }
  for (const source of plan.targets) {
    const code = await reconcileTarget(session, source);
    if (code !== ExitCode.ok) return code;
  }
  return ExitCode.ok;
}
