// Helm-controller benchmark, each figure against a baseline measured in the same run (this machine
// is shared and noisy), with the webapp fixture chart served from an http chart repository:
// 1. 100 HelmReleases (one HelmRepository, each HelmRelease its own HelmChart through spec.chart,
//    as Flux users write them): wall time from the first create until all are Ready=True, and the
//    peak memory of the helm-controller process; against the real `helm upgrade --install --wait`
//    of the same 100 releases with as many at once as the controller's workers;
// 2. values change → upgraded: a merge patch of one HelmRelease's values until its ConfigMap shows
//    the new value (and until the HelmRelease is Ready at the new generation); against
//    `helm upgrade --wait --set` of the same change by hand.
// Flux's published figure for 1 is printed next to ours, labelled as published (not measured here).
import { defaultControllerOptions, PatchType } from '@driftless/runtime';
import { startStack, Types } from './stack.mjs';

const releases = Number(process.env.BENCH_RELEASES ?? 100);
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const workloadDelayMs = Number(process.env.BENCH_WORKLOAD_DELAY_MS ?? 100);
/** The helm-controller's workers (CONCURRENT, default 4); the helm baseline runs as many at once. */
const concurrency = defaultControllerOptions('helm-controller').concurrency;
const namespace = 'bench';
const helmNamespace = 'bench-helm';
const repoName = 'charts';

/** Published by the Flux project (flux-benchmark), not measured here. */
const fluxPublished = { version: '2.9.0', releases: 100, seconds: 26, memoryMiB: 286, runner: '16-core runner' };

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const nameOf = (i) => `web-${String(i).padStart(3, '0')}`;
const isReady = (object) =>
  object.status?.observedGeneration === object.metadata.generation &&
  object.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');

async function timed(action) {
  const started = performance.now();
  await action();
  return performance.now() - started;
}

/** Polls `check` every `intervalMs` until it returns true. */
async function until(check, what, timeoutMs = 60_000, intervalMs = 5) {
  const deadline = performance.now() + timeoutMs;
  let last;
  while (performance.now() < deadline) {
    try {
      if (await check()) return;
    } catch (error) {
      last = error;
    }
    await sleep(intervalMs);
  }
  throw new Error(`${what}: not seen within ${timeoutMs} ms${last ? ` (last error: ${last.message})` : ''}`);
}

/** Runs `task(i)` for i in [0, count) with `workers` at once. */
async function pool(count, workers, task) {
  let next = 0;
  const worker = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: workers }, worker));
}

async function greeting(client, ns, release) {
  const object = await client.get(Types.configMap, ns, `${release}-settings`);
  return object.data?.greeting;
}

async function seed(stack) {
  for (const name of [namespace, helmNamespace]) {
    await stack.client.create(Types.namespace, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  }
  await stack.client.create(Types.helmRepository, {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'HelmRepository',
    metadata: { name: repoName, namespace },
    spec: { url: stack.chartRepoUrl, interval: '1h' },
  });
  await until(
    async () => isReady(await stack.client.get(Types.helmRepository, namespace, repoName)),
    'HelmRepository ready',
  );
  await stack.helm(['repo', 'add', repoName, stack.chartRepoUrl]);
}

const helmRelease = (name) => ({
  apiVersion: 'helm.toolkit.fluxcd.io/v2',
  kind: 'HelmRelease',
  metadata: { name, namespace },
  spec: {
    interval: '1h',
    chart: { spec: { chart: 'webapp', version: '1.0.0', sourceRef: { kind: 'HelmRepository', name: repoName } } },
  },
});

/** `helm upgrade` of webapp 1.0.0 in the baseline's namespace, waiting as the controller does. */
const helmUpgrade = (release) => [
  'upgrade',
  release,
  `${repoName}/webapp`,
  '--version',
  '1.0.0',
  '--namespace',
  helmNamespace,
  '--wait',
  '--timeout',
  '2m',
];

async function allReady(stack) {
  const list = await stack.client.list(Types.helmRelease, { namespace });
  return list.items.filter(isReady).length === releases;
}

async function installMany(stack) {
  stack.memory.reset();
  const driftless = await timed(async () => {
    for (let i = 0; i < releases; i++) await stack.client.create(Types.helmRelease, helmRelease(nameOf(i)));
    await until(() => allReady(stack), `${releases} HelmReleases ready`, 150_000, 100);
  });
  const memory = await stack.memory.peak();
  const baseline = await timed(() =>
    pool(releases, concurrency, (i) => stack.helm([...helmUpgrade(nameOf(i)), '--install'])),
  );
  return { driftless, baseline, memory };
}

/** Times `change` twice over: until `shows` sees the new value in the ConfigMap, and until `done` resolves. */
async function timeChange(change, shows, done) {
  const started = performance.now();
  let shown;
  const watch = until(shows, 'new value in the ConfigMap').then(() => {
    shown = performance.now() - started;
  });
  await change();
  await done();
  const finished = performance.now() - started;
  await watch;
  return { shown, finished };
}

async function valuesChange(stack) {
  const driftless = { shown: [], finished: [] };
  const baseline = { shown: [], finished: [] };
  for (let round = 1; round <= rounds; round++) {
    const release = nameOf((round * 37) % releases);
    const value = `round-${round}`;
    let generation;
    const ours = await timeChange(
      async () => {
        const patched = await stack.client.patch(
          Types.helmRelease,
          { namespace, name: release },
          { spec: { values: { settings: { greeting: value } } } },
          { patchType: PatchType.Merge },
        );
        generation = patched.metadata.generation;
      },
      async () => (await greeting(stack.client, namespace, release)) === value,
      () =>
        until(async () => {
          const object = await stack.client.get(Types.helmRelease, namespace, release);
          return object.metadata.generation === generation && isReady(object);
        }, `${namespace}/${release} upgraded`),
    );
    const theirs = await timeChange(
      () => stack.helm([...helmUpgrade(release), '--set', `settings.greeting=${value}`]),
      async () => (await greeting(stack.client, helmNamespace, release)) === value,
      async () => undefined,
    );
    for (const [into, from] of [
      [driftless, ours],
      [baseline, theirs],
    ]) {
      into.shown.push(from.shown);
      into.finished.push(from.finished);
    }
  }
  const medians = (series) => ({ shown: median(series.shown), finished: median(series.finished) });
  return { driftless: medians(driftless), baseline: medians(baseline) };
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
const seconds = (value) => `${(value / 1000).toFixed(1)} s`;
const mib = (kib) => `${(kib / 1024).toFixed(0)} MiB`;
const ratio = (value, base) => `${(value / base).toFixed(2)}x`;

const stack = await startStack({ workloadDelayMs });
try {
  await seed(stack);
  const many = await installMany(stack);
  const upgrade = await valuesChange(stack);

  console.log(
    `helm-controller: webapp chart from an http chart repository, ${concurrency} workers, ` +
      `dev cluster workloadDelayMs ${workloadDelayMs}, ${rounds} rounds (medians)\n`,
  );
  printTable([
    ['what', 'figure', 'ratio'],
    [`helm upgrade --install --wait, ${releases} releases, ${concurrency} at once`, seconds(many.baseline), 'baseline'],
    [
      `driftless: ${releases} HelmReleases created → all Ready`,
      seconds(many.driftless),
      ratio(many.driftless, many.baseline),
    ],
    ['driftless: helm-controller peak RSS, its helm children included', mib(many.memory.treeKib), '-'],
    ['driftless: helm-controller process alone (VmHWM)', mib(many.memory.ownHwmKib), '-'],
    [
      `Flux ${fluxPublished.version}, ${fluxPublished.releases} HelmReleases (published, ${fluxPublished.runner}; not measured here)`,
      `${fluxPublished.seconds} s, ${fluxPublished.memoryMiB} MiB`,
      '-',
    ],
    ['helm upgrade --wait --set (1 value): ConfigMap updated', ms(upgrade.baseline.shown), 'baseline'],
    [
      'driftless: values patched → ConfigMap updated',
      ms(upgrade.driftless.shown),
      ratio(upgrade.driftless.shown, upgrade.baseline.shown),
    ],
    ['helm upgrade --wait --set (1 value): command done', ms(upgrade.baseline.finished), 'baseline'],
    [
      'driftless: values patched → HelmRelease Ready at new generation',
      ms(upgrade.driftless.finished),
      ratio(upgrade.driftless.finished, upgrade.baseline.finished),
    ],
  ]);
  if (workloadDelayMs > 0)
    console.log(
      `\nhelm --wait looks at readiness every 2 s (helm v3 pkg/kube/wait.go): a Deployment ready after ` +
        `${workloadDelayMs} ms costs each install one more look; BENCH_WORKLOAD_DELAY_MS=0 takes that out.`,
    );
} catch (error) {
  console.error(`helm-controller bench failed: ${error.stack}\n--- recent logs ---\n${stack.logs()}`);
  process.exitCode = 1;
} finally {
  await stack.stop();
}
