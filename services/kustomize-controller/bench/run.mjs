// Kustomize-controller benchmark, each figure against a baseline measured in the same run (this
// machine is shared and noisy), on a Kustomization of 100 ConfigMaps in one Git repository:
// 1. commit → applied: push, a NATS reconcile request for the GitRepository (what a Git webhook
//    Receiver sends), until the changed ConfigMap shows its new value; against a CI job for the
//    same commit (`git clone --depth 1` + `kubectl apply --server-side`);
// 2. drift correction: a merge patch to one applied ConfigMap (`kubectl edit`) until the value is
//    back; against a person re-applying that one manifest with kubectl;
// 3. API requests of a reconcile requested over NATS when nothing changed (and after a commit
//    that changes one object), counted by a proxy in front of the API server; against a
//    server-side dry-run of the same objects, what a Flux-style reconcile costs at every interval.
import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { requestReconcile } from '@driftless/bus';
import { PatchType } from '@driftless/runtime';
import { createWorkTree } from '@driftless/testkit';
import { kubectlBinary, startStack, Types } from './stack.mjs';

const run = promisify(execFile);
const objects = Number(process.env.BENCH_OBJECTS ?? 100);
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const namespace = 'bench';
const ciNamespace = 'bench-ci';

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const fileOf = (i) => `cm-${String(i).padStart(3, '0')}.yaml`;
const nameOf = (i) => `cm-${String(i).padStart(3, '0')}`;
const manifest = (i, value) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${nameOf(i)}\ndata:\n  value: "${value}"\n`;

async function timed(action) {
  const started = performance.now();
  await action();
  return performance.now() - started;
}

/** Polls `check` every 5 ms until it returns true. */
async function until(check, what, timeoutMs = 30_000) {
  const deadline = performance.now() + timeoutMs;
  let last;
  while (performance.now() < deadline) {
    try {
      if (await check()) return;
    } catch (error) {
      last = error;
    }
    await sleep(5);
  }
  throw new Error(`${what}: not seen within ${timeoutMs} ms${last ? ` (last error: ${last.message})` : ''}`);
}

async function liveValue(client, ns, i) {
  const object = await client.get(Types.configMap, ns, nameOf(i));
  return object.data?.value;
}

async function seed(stack) {
  for (const name of [namespace, ciNamespace]) {
    await stack.client.create(Types.namespace, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  }
  await stack.git.createRepo('bench');
  const url = stack.git.repoUrl('bench');
  const tree = await createWorkTree({ origin: url });
  const values = Array.from({ length: objects }, () => 'v0');
  for (let i = 0; i < objects; i++) await tree.write(fileOf(i), manifest(i, values[i]));
  const sha = await tree.commit(`${objects} ConfigMaps`);
  await tree.push('main');
  await stack.client.create(Types.gitRepository, {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'GitRepository',
    metadata: { name: 'repo', namespace },
    spec: { url, interval: '1h', ref: { branch: 'main' } },
  });
  await stack.client.create(Types.kustomization, {
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: { name: 'app', namespace },
    spec: {
      interval: '1h',
      prune: true,
      sourceRef: { kind: 'GitRepository', name: 'repo' },
      path: './',
      targetNamespace: namespace,
    },
  });
  await appliedRevision(stack, sha, 60_000);
  await stack.reconciles.idle();
  return { tree, url, values };
}

async function appliedRevision(stack, sha, timeoutMs = 30_000) {
  await until(
    async () => {
      const object = await stack.client.get(Types.kustomization, namespace, 'app');
      const ready = object.status?.conditions?.find((c) => c.type === 'Ready');
      return ready?.status === 'True' && object.status?.lastAppliedRevision?.endsWith(sha);
    },
    `Kustomization ${namespace}/app ready at ${sha.slice(0, 12)}`,
    timeoutMs,
  );
}

/** What a CI pipeline does for a commit: a shallow clone and a server-side apply of the directory. */
function ciPipeline(stack, repo, kubectl) {
  return async (round) => {
    const dir = join(stack.dir, `ci-${round}`);
    await run('git', ['clone', '--quiet', '--depth', '1', '--branch', 'main', repo.url, dir]);
    await kubectl(['apply', '--server-side', '-n', ciNamespace, '-f', dir]);
    await rm(dir, { recursive: true, force: true });
  };
}

async function commitToApplied(stack, repo, ci) {
  const driftless = [];
  const baseline = [];
  for (let round = 1; round <= rounds; round++) {
    const i = (round * 37) % objects;
    repo.values[i] = `v${round}`;
    await repo.tree.write(fileOf(i), manifest(i, repo.values[i]));
    await repo.tree.commit(`${nameOf(i)} = v${round}`);
    await repo.tree.push('main');
    driftless.push(
      await timed(async () => {
        await requestReconcile(stack.bus, 'GitRepository', namespace, 'repo');
        await until(
          async () => (await liveValue(stack.client, namespace, i)) === repo.values[i],
          `${nameOf(i)} applied`,
        );
      }),
    );
    await stack.reconciles.idle();
    baseline.push(await timed(() => ci(round)));
    if ((await liveValue(stack.client, ciNamespace, i)) !== repo.values[i])
      throw new Error('CI apply missed the change');
  }
  return { driftless: median(driftless), baseline: median(baseline) };
}

async function driftCorrection(stack, repo, kubectl) {
  const driftless = [];
  const baseline = [];
  const edit = (ns, i, round) =>
    stack.client.patch(
      Types.configMap,
      { namespace: ns, name: nameOf(i) },
      { data: { value: `edited-${round}` } },
      { patchType: PatchType.Merge },
    );
  for (let round = 1; round <= rounds; round++) {
    const i = (round * 13) % objects;
    await edit(namespace, i, round);
    driftless.push(
      await timed(() =>
        until(async () => (await liveValue(stack.client, namespace, i)) === repo.values[i], `${nameOf(i)} corrected`),
      ),
    );
    await stack.reconciles.idle();
    await edit(ciNamespace, i, round);
    const file = join(repo.tree.dir, fileOf(i));
    baseline.push(
      await timed(() => kubectl(['apply', '--server-side', '--force-conflicts', '-n', ciNamespace, '-f', file])),
    );
    if ((await liveValue(stack.client, ciNamespace, i)) !== repo.values[i])
      throw new Error('kubectl apply did not fix it');
  }
  return { driftless: median(driftless), baseline: median(baseline) };
}

/** The requests the controller makes for one reconcile requested over NATS, nothing changed. */
async function noOpRequests(stack) {
  const counts = [];
  let last;
  for (let round = 0; round < rounds; round++) {
    await stack.reconciles.idle();
    stack.proxy.reset();
    const finished = stack.reconciles.nextReconcile();
    await requestReconcile(stack.bus, 'Kustomization', namespace, 'app');
    await finished;
    if (stack.reconciles.lastResult() === 'error') throw new Error('the no-op reconcile failed');
    last = stack.proxy.snapshot();
    counts.push(last.total);
  }
  return { total: median(counts), last };
}

/** The requests of the reconcile(s) that apply a commit changing one object. */
async function oneChangeRequests(stack, repo) {
  const i = 1;
  repo.values[i] = 'one-change';
  await repo.tree.write(fileOf(i), manifest(i, repo.values[i]));
  const sha = await repo.tree.commit(`${nameOf(i)} = one-change`);
  await repo.tree.push('main');
  await stack.reconciles.idle();
  stack.proxy.reset();
  let reconciles = 0;
  let applied = false;
  while (!applied) {
    const finished = stack.reconciles.nextReconcile();
    if (reconciles === 0) await requestReconcile(stack.bus, 'GitRepository', namespace, 'repo');
    await finished;
    if (stack.reconciles.lastResult() === 'error') throw new Error('the reconcile of the one-object commit failed');
    reconciles += 1;
    const object = await stack.client.get(Types.kustomization, namespace, 'app');
    applied = Boolean(object.status?.lastAppliedRevision?.endsWith(sha));
  }
  const snapshot = stack.proxy.snapshot();
  if ((await liveValue(stack.client, namespace, i)) !== repo.values[i]) throw new Error(`${nameOf(i)} not applied`);
  return { ...snapshot, reconciles };
}

/** A server-side dry-run of the same objects through the proxy; the first run fills kubectl's discovery cache. */
async function dryRunRequests(stack, repo, kubectl) {
  const args = ['apply', '--server-side', '--dry-run=server', '-n', namespace, '-f', repo.tree.dir];
  await kubectl(args);
  await stack.reconciles.idle();
  stack.proxy.reset();
  await kubectl(args);
  return stack.proxy.snapshot();
}

function routes(snapshot) {
  return [...snapshot.byRoute]
    .sort((a, b) => b[1] - a[1])
    .map(([route, count]) => `${count} × ${route}`)
    .join(', ');
}

function printTable(rows) {
  const widths = [0, 1, 2].map((c) => Math.max(...rows.map((row) => row[c].length)));
  for (const row of rows)
    console.log(
      row
        .map((cell, c) => cell.padEnd(widths[c]))
        .join('  ')
        .trimEnd(),
    );
}

const ms = (value) => `${value.toFixed(0)} ms`;
const ratio = (value, base) => `${(value / base).toFixed(2)}x`;

const stack = await startStack();
try {
  const started = performance.now();
  const repo = await seed(stack);
  const initial = performance.now() - started;
  const cacheDir = join(stack.dir, 'kubectl-cache');
  const kubectlWith = (kubeconfig) => (args) =>
    run(kubectlBinary, ['--kubeconfig', kubeconfig, '--cache-dir', cacheDir, ...args]);
  const kubectl = kubectlWith(stack.cluster.kubeconfigPath);
  const ci = ciPipeline(stack, repo, kubectl);
  await ci(0);

  const latency = await commitToApplied(stack, repo, ci);
  const drift = await driftCorrection(stack, repo, kubectl);
  const noOp = await noOpRequests(stack);
  const dryRun = await dryRunRequests(stack, repo, kubectlWith(stack.proxyKubeconfig));
  const oneChange = await oneChangeRequests(stack, repo);

  console.log(`kustomization: ${objects} ConfigMaps in one Git repository, ${rounds} rounds, medians`);
  console.log(`(first apply of all ${objects}, from creating the Kustomization: ${ms(initial)})\n`);
  printTable([
    ['what', 'figure', 'ratio'],
    ['CI: git clone --depth 1 + kubectl apply --server-side', ms(latency.baseline), 'baseline'],
    [
      'driftless: push → NATS request → value in the cluster',
      ms(latency.driftless),
      ratio(latency.driftless, latency.baseline),
    ],
    ['by hand: kubectl apply --server-side --force-conflicts (1 object)', ms(drift.baseline), 'baseline'],
    ['driftless: edit → value put back', ms(drift.driftless), ratio(drift.driftless, drift.baseline)],
    ['Flux: edit → value put back', 'next interval (10 min by default)', '-'],
    [`kubectl apply --server-side --dry-run=server (${objects} objects)`, `${dryRun.total} requests`, 'baseline'],
    ['driftless: no-op reconcile over NATS', `${noOp.total} requests`, ratio(noOp.total, dryRun.total)],
    [
      `driftless: reconcile of a commit changing 1 object (${oneChange.reconciles} reconcile)`,
      `${oneChange.total} requests`,
      ratio(oneChange.total, dryRun.total),
    ],
  ]);
  console.log('');
  console.log(`dry-run requests: ${routes(dryRun)}`);
  console.log(`no-op requests: ${routes(noOp.last) || 'none'}; watches opened: ${noOp.last.watches}`);
  console.log(`one-change requests: ${routes(oneChange)}; watches opened: ${oneChange.watches}`);
} catch (error) {
  console.error(`kustomize-controller bench failed: ${error.stack}\n--- recent logs ---\n${stack.logs()}`);
  process.exitCode = 1;
} finally {
  await stack.stop();
}
