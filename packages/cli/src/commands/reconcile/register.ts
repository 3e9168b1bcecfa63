import { tryParseDuration } from '@driftless/runtime';
import { type Command, InvalidArgumentError } from 'commander';
import { type CliIo, processIo } from '../../context/cli-io.js';
import { withConnectionOptions } from '../../context/connection-options.js';
import type { CliKind } from '../../context/flux-kinds.js';
import type { ExitCode } from '../../exit-code.js';
import { defaultCheckTimeout, runCheck } from './check-command.js';
import { addKindCommands, reconcilableKinds } from './kind-commands.js';
import { runReconcile } from './reconcile-command.js';
import { defaultTimeout } from './session.js';
import { runResume, runSuspend } from './suspend-command.js';

/** `driftless reconcile`, `suspend`, `resume` and `check`. */
export function registerReconcileCommands(program: Command): void {
  const reconcile = program
    .command('reconcile')
    .description('ask a controller to reconcile an object now, and wait for the result');
  addKindCommands(reconcile, reconcilableKinds, (command, kind) => {
    waitOptions(command.argument('<name>', `the ${kind.kind}`).description(`reconcile ${withArticle(kind.kind)}`));
    if (kind.kind === 'Kustomization' || kind.kind === 'HelmRelease') {
      const what = kind.kind === 'HelmRelease' ? 'its source and HelmChart' : 'its source';
      command.option('--with-source', `reconcile ${what} first`);
    }
    command.action(async (name: string, options) => exit(await runReconcile({ kind, name }, options, withSignal())));
  });

  const suspend = program.command('suspend').description('stop reconciling objects (spec.suspend: true)');
  addKindCommands(suspend, reconcilableKinds, (command, kind) => {
    namesArgument(command, kind)
      .description(`suspend ${kind.kind} objects`)
      .option('-r, --reason <text>', 'why, kept in the suspend.toolkit.fluxcd.io/reason annotation');
    command.action(async (names: string[], options) => exit(await runSuspend({ kind, names }, options, withSignal())));
  });

  const resume = program.command('resume').description('reconcile suspended objects again, and wait for the result');
  addKindCommands(resume, reconcilableKinds, (command, kind) => {
    namesArgument(command, kind)
      .description(`resume ${kind.kind} objects`)
      .option('--wait [bool]', 'wait for the reconcile resume asks for', parseBoolean, true);
    command.action(async (names: string[], options) => exit(await runResume({ kind, names }, options, withSignal())));
  });

  withConnectionOptions(
    program
      .command('check')
      .description('check the prerequisites, the cluster, NATS and the controllers')
      .option('--pre', 'only check the prerequisites on this machine')
      .option(
        '--timeout <duration>',
        'how long a controller may take to become ready',
        parseTimeout,
        defaultCheckTimeout,
      ),
  ).action(async (options) => exit(await runCheck(options, withSignal())));
}

function withArticle(kind: string): string {
  return `${/^[AEIOU]/.test(kind) ? 'an' : 'a'} ${kind}`;
}

function waitOptions(command: Command): Command {
  return withConnectionOptions(
    command
      .option('-n, --namespace <namespace>', 'the namespace of the object', 'default')
      .option('--timeout <duration>', 'how long to wait for the controller', parseTimeout, defaultTimeout),
  );
}

function namesArgument(command: Command, kind: CliKind): Command {
  return waitOptions(
    command.argument('[names...]', `the ${kind.kind} objects`).option('--all', 'every one in the namespace'),
  );
}

function parseTimeout(value: string): string {
  if (tryParseDuration(value) === undefined) throw new InvalidArgumentError('a duration like 30s, 5m or 1h30m');
  return value;
}

function parseBoolean(value: string): boolean {
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new InvalidArgumentError('true or false');
}

/** Ctrl-C aborts the wait, so the spinner is cleared and the exit code is still ours. */
function withSignal(): CliIo {
  const controller = new AbortController();
  const abort = () => controller.abort();
  process.once('SIGINT', abort);
  controller.signal.addEventListener('abort', () => process.removeListener('SIGINT', abort));
  return processIo(controller.signal);
}

function exit(code: ExitCode): void {
  process.exitCode = code;
}
