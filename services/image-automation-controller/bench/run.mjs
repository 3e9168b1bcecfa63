// Image pushed to deployed: how long from `docker push` of a new tag until the Deployment in the dev cluster
// runs it. Driftless (registry webhook → ImageRepository scan → ImagePolicy → commit and push → GitRepository →
// Kustomization → Deployment, every hand-off over NATS) is compared in the same run with a CI job doing the
// same steps with the standard tools: list the tags, clone, rewrite the line, commit, push, kubectl apply -k,
// wait for the rollout.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildCrd, findKindDefinition } from '@driftless/api';
import { connectBus, defaultBusOptions, ensureTopology, requestReconcile } from '@driftless/bus';
import { startDevCluster } from '@driftless/devcluster';
import { KubeClient, loadKubeConfig } from '@driftless/runtime';
import { createLogger } from '@driftless/telemetry';
import {
  createWorkTree,
  pushImageTag,
  spawnService,
  startDockerRegistry,
  startGitServer,
  startKustomizeControllerProcess,
  startNatsServer,
  startSourceControllerProcess,
  stopService,
} from '@driftless/testkit';
import semver from 'semver';

const run = promisify(execFile);
const repoRoot = join(import.meta.dirname, '../../..');
const kubectl = join(repoRoot, '.tools/bin/kubectl');
const imageControllerMain = join(repoRoot, 'services/image-automation-controller/dist/main.js');
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);

const type = (group, version, kind, plural, namespaced = true) => ({ group, version, kind, plural, namespaced });
const Types = {
  crd: type('apiextensions.k8s.io', 'v1', 'CustomResourceDefinition', 'customresourcedefinitions', false),
  namespace: type('', 'v1', 'Namespace', 'namespaces', false),
  deployment: type('apps', 'v1', 'Deployment', 'deployments'),
  gitRepository: type('source.toolkit.fluxcd.io', 'v1', 'GitRepository', 'gitrepositories'),
  kustomization: type('kustomize.toolkit.fluxcd.io', 'v1', 'Kustomization', 'kustomizations'),
  imageRepository: type('image.toolkit.fluxcd.io', 'v1', 'ImageRepository', 'imagerepositories'),
  imagePolicy: type('image.toolkit.fluxcd.io', 'v1', 'ImagePolicy', 'imagepolicies'),
  imageUpdateAutomation: type('image.toolkit.fluxcd.io', 'v1', 'ImageUpdateAutomation', 'imageupdateautomations'),
};
const kinds = ['GitRepository', 'Kustomization', 'ImageRepository', 'ImagePolicy', 'ImageUpdateAutomation'];

const deploymentYaml = (namespace, image) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: ${namespace}
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: ${image} # {"$imagepolicy": "${namespace}:web"}
`;
const kustomizationYaml = 'resources:\n  - deployment.yaml\n';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function waitUntil(check, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(10);
  }
  throw new Error('timed out');
}

async function rolledOut(client, namespace, image) {
  const deployment = await client.get(Types.deployment, namespace, 'web').catch(() => undefined);
  if (!deployment || deployment.spec.template.spec.containers[0].image !== image) return false;
  const status = deployment.status ?? {};
  return (
    status.observedGeneration === deployment.metadata.generation &&
    status.updatedReplicas === 2 &&
    status.readyReplicas === 2
  );
}

async function main() {
  const stoppers = [];
  const stop = async () => {
    for (const step of stoppers.splice(0).reverse()) await step().catch(() => undefined);
  };
  try {
    const dir = await mkdtemp(join(tmpdir(), 'image-bench-'));
    stoppers.push(() => rm(dir, { recursive: true, force: true }));
    const cluster = await startDevCluster({ port: 0, workloadDelayMs: 0 });
    stoppers.push(() => cluster.stop());
    const nats = await startNatsServer();
    stoppers.push(() => nats.stop());
    const registry = await startDockerRegistry();
    stoppers.push(() => registry.stop());
    const git = await startGitServer();
    stoppers.push(() => git.stop());
    const client = new KubeClient(loadKubeConfig({ kubeconfigPath: cluster.kubeconfigPath }), {
      fieldManager: 'bench',
    });
    for (const kind of kinds) await client.create(Types.crd, buildCrd(findKindDefinition(kind)));
    for (const name of ['gitops', 'scripted']) {
      await client.create(Types.namespace, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    }

    const prefix = `ibench${process.pid}`;
    const bus = await connectBus(
      { ...defaultBusOptions(), servers: [nats.url], prefix, name: 'bench' },
      { logger: createLogger({ level: 'warn', format: 'json' }) },
    );
    stoppers.push(() => bus.close());
    await ensureTopology(bus);
    const common = { kubeconfig: cluster.kubeconfigPath, natsUrl: nats.url, prefix, dir };
    const services = [
      startSourceControllerProcess(common),
      startKustomizeControllerProcess({ ...common, kubectlBinary: kubectl }),
      spawnService(imageControllerMain, {
        KUBECONFIG: cluster.kubeconfigPath,
        NATS_URL: nats.url,
        DRIFTLESS_NATS_PREFIX: prefix,
        WORK_PATH: join(dir, 'image-work'),
        HTTP_HOST: '127.0.0.1',
        HTTP_PORT: '0',
        LEADER_ELECT: 'false',
        LOG_FORMAT: 'json',
      }),
    ];
    for (const service of services) stoppers.push(() => stopService(service.child));
    await waitUntil(() => services.every((service) => service.output().includes(' started"')), 60_000);

    const image = `${registry.host}/team/web`;
    await pushImageTag(registry, 'team/web', '1.0.0');
    for (const namespace of ['gitops', 'scripted']) {
      await git.createRepo(namespace);
      const tree = await createWorkTree({ origin: git.repoUrl(namespace) });
      await tree.write('deploy/kustomization.yaml', kustomizationYaml);
      await tree.write('deploy/deployment.yaml', deploymentYaml(namespace, `${image}:1.0.0`));
      await tree.commit('initial');
      await tree.push('main');
      await tree.cleanup();
    }
    const flux = (resource, name, spec) => ({
      apiVersion: `${resource.group}/${resource.version}`,
      kind: resource.kind,
      metadata: { name, namespace: 'gitops' },
      spec: { interval: '1h', ...spec },
    });
    await client.create(
      Types.gitRepository,
      flux(Types.gitRepository, 'app', { url: git.repoUrl('gitops'), ref: { branch: 'main' } }),
    );
    await client.create(
      Types.kustomization,
      flux(Types.kustomization, 'app', {
        sourceRef: { kind: 'GitRepository', name: 'app' },
        path: './deploy',
        prune: true,
      }),
    );
    await client.create(Types.imageRepository, flux(Types.imageRepository, 'web', { image, insecure: true }));
    const policy = flux(Types.imagePolicy, 'web', {
      imageRepositoryRef: { name: 'web' },
      policy: { semver: { range: '>=1.0.0' } },
    });
    delete policy.spec.interval;
    await client.create(Types.imagePolicy, policy);
    await client.create(
      Types.imageUpdateAutomation,
      flux(Types.imageUpdateAutomation, 'app', {
        sourceRef: { kind: 'GitRepository', name: 'app' },
        git: {
          commit: { author: { name: 'bench', email: 'bench@driftless.test' } },
          push: { branch: 'main' },
          checkout: { ref: { branch: 'main' } },
        },
        update: { path: './deploy', strategy: 'Setters' },
      }),
    );
    await waitUntil(() => rolledOut(client, 'gitops', `${image}:1.0.0`));
    await scriptedDeploy({ dir, git, registry, image, kubeconfig: cluster.kubeconfigPath, client });

    const gitopsMain = join(git.root, 'gitops.git', 'refs', 'heads', 'main');
    const driftless = [];
    const toCommit = [];
    const scripted = [];
    for (let round = 1; round <= rounds; round++) {
      const tag = `1.0.${round}`;
      await pushImageTag(registry, 'team/web', tag);
      const before = await readFile(gitopsMain, 'utf8').catch(() => '');
      const started = performance.now();
      await requestReconcile(bus, 'ImageRepository', 'gitops', 'web', { requestedBy: 'bench (registry webhook)' });
      let committedAt;
      await waitUntil(async () => {
        if (committedAt === undefined && (await readFile(gitopsMain, 'utf8').catch(() => before)) !== before) {
          committedAt = performance.now();
        }
        return rolledOut(client, 'gitops', `${image}:${tag}`);
      });
      driftless.push(performance.now() - started);
      toCommit.push((committedAt ?? performance.now()) - started);

      const scriptStarted = performance.now();
      await scriptedDeploy({ dir, git, registry, image, kubeconfig: cluster.kubeconfigPath, client });
      scripted.push(performance.now() - scriptStarted);
    }

    const d = median(driftless);
    const s = median(scripted);
    console.log(`image pushed → Deployment rolled out, median of ${rounds} rounds (same machine, same run):`);
    console.log(
      `  driftless (webhook → scan → policy → commit → push → fetch → apply): ${d.toFixed(0)} ms (commit pushed after ${median(toCommit).toFixed(0)} ms)`,
    );
    console.log(
      `  baseline (CI job: list tags, git clone, edit, commit, push, kubectl apply -k, wait): ${s.toFixed(0)} ms`,
    );
    console.log(`  ratio driftless/baseline: ${(d / s).toFixed(2)}×`);
  } finally {
    await stop();
  }
}

/** The baseline: what a CI job does with the standard tools for the same change. */
async function scriptedDeploy({ dir, git, registry, image, kubeconfig, client }) {
  const { tags } = await (await fetch(`${registry.url}/v2/team/web/tags/list`)).json();
  const latest = semver.rsort(tags.filter((tag) => semver.valid(tag)))[0];
  const clone = await mkdtemp(join(dir, 'ci-'));
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: 'ci',
    GIT_AUTHOR_EMAIL: 'ci@x',
    GIT_COMMITTER_NAME: 'ci',
    GIT_COMMITTER_EMAIL: 'ci@x',
  };
  await run('git', ['clone', '--quiet', '--depth', '1', '--branch', 'main', git.repoUrl('scripted'), clone], { env });
  const file = join(clone, 'deploy/deployment.yaml');
  const text = await readFile(file, 'utf8');
  const updated = text.replace(/image: \S+/, `image: ${image}:${latest}`);
  if (updated !== text) {
    await writeFile(file, updated);
    await run('git', ['commit', '--quiet', '-am', `deploy ${latest}`], { cwd: clone, env });
    await run('git', ['push', '--quiet', 'origin', 'main'], { cwd: clone, env });
  }
  await run(kubectl, ['apply', '--server-side', '-k', join(clone, 'deploy')], {
    env: { ...env, KUBECONFIG: kubeconfig },
  });
  await waitUntil(() => rolledOut(client, 'scripted', `${image}:${latest}`));
  await rm(clone, { recursive: true, force: true });
}

await main();
