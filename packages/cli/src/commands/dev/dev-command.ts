import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { KubeClient, loadKubeConfig } from '@driftless/runtime';
import type { CliIo } from '../../context/cli-io.js';
import { connectBusFor } from '../../context/connection.js';
import { repoLayout } from '../../context/repo-layout.js';
import { stateDirPath } from '../../context/state-dir.js';
import { ExitCode } from '../../exit-code.js';
import { colorEnabled, type Paint, painter } from '../../output/colors.js';
import { applyBootstrap, installCrds } from './bootstrap.js';
import { type DevStack, startDevStack } from './dev-stack.js';
import { changedStates, listObjectStates, type ObjectState } from './object-states.js';
import { publishExamples } from './publish-examples.js';
import { reconcileOnPush } from './push-trigger.js';
import { describeAlert } from './webhook-sink.js';

export interface DevFlags {
  stateDir?: string;
  kubeconfig?: string;
  examples: boolean;
  examplesDir?: string;
  natsPrefix: string;
}

const exampleImageTags = ['1.0.0', '1.1.0'];

/**
 * `driftless dev`: NATS, the dev cluster (or --kubeconfig), a Git server, a registry, an alert sink and
 * the five controllers, then the examples; prints every object's state as it converges until `io.signal`
 * aborts, then stops everything it started.
 */
export async function runDev(flags: DevFlags, io: CliIo): Promise<number> {
  const signal = io.signal ?? new AbortController().signal;
  const paint = painter(colorEnabled(io.stdout, io.env));
  const say = (line: string) => io.stdout.write(`${line}\n`);
  const stateDir = stateDirPath(flags.stateDir, io.cwd);
  const examplesDir = resolve(io.cwd, flags.examplesDir ?? repoLayout.examples);
  if (flags.kubeconfig && !existsSync(flags.kubeconfig)) {
    io.stderr.write(`driftless dev: the kubeconfig ${flags.kubeconfig} does not exist\n`);
    return ExitCode.notFound;
  }
  const stoppers: Array<() => Promise<void>> = [];
  say(`driftless dev: state in ${stateDir}`);
  try {
    const stack = await startDevStack(
      { stateDir, kubeconfig: flags.kubeconfig, natsPrefix: flags.natsPrefix, path: io.env.PATH, exampleImageTags },
      {
        step: say,
        alert: (event) => say(`${paint('blue', 'alert')} ${describeAlert(event)}`),
        controllerExited: (name, code, logFile) =>
          io.stderr.write(`driftless dev: ${name} exited (code ${code}); restarting it. Its log: ${logFile}\n`),
      },
      stoppers,
    );
    const client = new KubeClient(loadKubeConfig({ kubeconfigPath: stack.kubeconfig }), {
      fieldManager: 'driftless-dev',
    });
    await installCrds(client);
    say('✔ CRDs of every Flux kind installed');
    for (const controller of stack.controllers) {
      await controller.ready(signal);
      say(`✔ ${controller.name} ready (log ${relative(io.cwd, controller.logFile)})`);
    }
    if (flags.examples) await applyExamples(client, stack, examplesDir, io.env.PATH, say);
    say('driftless: ready');
    printHowToTry(stack, stateDir, flags.examples, io.cwd, say);
    const bus = await connectBusFor({
      natsEnv: { NATS_URL: stack.natsUrl, DRIFTLESS_NATS_PREFIX: flags.natsPrefix },
      stateDir,
    });
    stoppers.push(() => bus.close());
    await Promise.all([
      reconcileOnPush(stack.gitServer, client, bus, signal),
      watchObjects(client, signal, paint, say),
    ]);
    return ExitCode.ok;
  } catch (error) {
    if (signal.aborted) return ExitCode.ok;
    io.stderr.write(`driftless dev: ${error instanceof Error ? error.message : String(error)}\n`);
    return ExitCode.failure;
  } finally {
    say('driftless dev: stopping');
    for (const stop of stoppers.reverse()) await stop().catch(() => undefined);
    say('driftless dev: stopped');
  }
}

async function applyExamples(
  client: KubeClient,
  stack: DevStack,
  examplesDir: string,
  path: string | undefined,
  say: (line: string) => void,
) {
  const outcome = await publishExamples(stack.gitServer, examplesDir, path);
  say(`✔ examples ${outcome === 'published' ? 'published as' : 'kept in'} ${stack.gitUrl}/examples.git`);
  await applyBootstrap(client, { gitUrl: stack.gitUrl, registry: stack.registry, webhookUrl: stack.webhookUrl });
  say('✔ GitRepository flux-system/examples and Kustomization flux-system/examples applied');
}

function printHowToTry(stack: DevStack, stateDir: string, examples: boolean, cwd: string, say: (line: string) => void) {
  const kubeconfig = relative(cwd, stack.kubeconfig) || stack.kubeconfig;
  say('');
  say(`  export KUBECONFIG=${resolve(stack.kubeconfig)}   # or: set -a; . ${relative(cwd, stateDir)}/env`);
  say(`  kubectl get kustomizations,helmreleases,gitrepositories -A --kubeconfig ${kubeconfig}`);
  if (examples) {
    say('  Drift:  kubectl -n staging scale deployment podinfo --replicas=5   (watch it go back to 1)');
    say(`  Deploy: git clone ${stack.gitUrl}/examples.git && cd examples`);
    say('          edit apps/podinfo/overlays/staging/kustomization.yaml, git commit -am change && git push');
  }
  say('  Ctrl-C stops everything.');
  say('');
}

async function watchObjects(client: KubeClient, signal: AbortSignal, paint: Paint, say: (line: string) => void) {
  const seen = new Map<string, ObjectState>();
  while (!signal.aborted) {
    const states = await listObjectStates(client).catch(() => undefined);
    for (const state of states ? changedStates(seen, states) : []) {
      seen.set(state.id, state);
      say(formatState(state, paint));
    }
    await sleep(1_000, undefined, { signal }).catch(() => undefined);
  }
}

function formatState(state: ObjectState, paint: Paint): string {
  const mark =
    state.ready === 'True' ? paint('green', '✔') : state.ready === 'False' ? paint('red', '✗') : paint('yellow', '◎');
  const revision = state.revision ? ` ${paint('gray', state.revision)}` : '';
  const suspended = state.suspended ? ' (suspended)' : '';
  return `${mark} ${state.id}${suspended} ${state.reason}${revision}: ${state.message}`;
}
