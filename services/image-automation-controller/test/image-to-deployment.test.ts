import { join } from 'node:path';
import { requestReconcile } from '@driftless/bus';
import { createWorkTree, notReadyWith, pushImageTag, ready, runGit, type WorkTree } from '@driftless/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  deploymentType,
  fluxObject,
  gitRepositoryType,
  type ImageHarness,
  imagePolicyType,
  imageRepositoryType,
  imageUpdateAutomationType,
  kustomizationType,
  startImageHarness,
  waitFor,
} from './harness.js';

interface Deployment {
  metadata: { generation?: number };
  spec: { template: { spec: { containers: Array<{ image: string }> } } };
  status?: { observedGeneration?: number; readyReplicas?: number; updatedReplicas?: number };
}

const imageOf = (deployment: Deployment) => deployment.spec.template.spec.containers[0].image;

function runningImage(image: string) {
  return (deployment: Deployment) => {
    if (imageOf(deployment) !== image) throw new Error(`runs ${imageOf(deployment)}, not ${image}`);
    const status = deployment.status ?? {};
    if (
      status.observedGeneration !== deployment.metadata.generation ||
      status.updatedReplicas !== 2 ||
      status.readyReplicas !== 2
    ) {
      throw new Error(`rollout of ${image} not finished: ${JSON.stringify(status)}`);
    }
  };
}

const kustomizationFile = `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - deployment.yaml
`;

function deploymentFile(namespace: string, image: string): string {
  return `# The web app; its image is kept current by an ImageUpdateAutomation.
apiVersion: apps/v1
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
      labels:
        app: web   # the selector's label
    spec:
      containers:
        - name: web
          image: "${image}" # {"$imagepolicy": "${namespace}:web"}
          ports:
            - containerPort: 8080
`;
}

describe('a new image in the registry ends up running in the cluster', () => {
  let h: ImageHarness;
  let tree: WorkTree;
  let namespace: string;
  let repoName: string;

  beforeAll(async () => {
    h = await startImageHarness({ gitops: true });
    namespace = await h.namespace();
    repoName = `${namespace}-app`;
    await h.git.createRepo(repoName);
    tree = await createWorkTree({ origin: h.git.repoUrl(repoName) });
    await pushImageTag(h.registry, 'team/web', '1.0.0');
    await tree.write('deploy/kustomization.yaml', kustomizationFile);
    await tree.write('deploy/deployment.yaml', deploymentFile(namespace, `${h.registry.host}/team/web:1.0.0`));
    await tree.commit('initial');
    await tree.push('main');
  }, 120_000);

  afterAll(async () => {
    await tree?.cleanup();
    await h?.stop();
  });

  it('tag 1.2.3 pushed → policy selects it → one-line commit pushed → applied → Deployment runs 1.2.3', async () => {
    const c = h.client;
    await c.create(
      gitRepositoryType,
      fluxObject(gitRepositoryType, namespace, 'app', { url: h.git.repoUrl(repoName), ref: { branch: 'main' } }),
    );
    await c.create(
      kustomizationType,
      fluxObject(kustomizationType, namespace, 'app', {
        sourceRef: { kind: 'GitRepository', name: 'app' },
        path: './deploy',
        prune: true,
      }),
    );
    await c.create(
      imageRepositoryType,
      fluxObject(imageRepositoryType, namespace, 'web', { image: `${h.registry.host}/team/web`, insecure: true }),
    );
    await c.create(imagePolicyType, {
      apiVersion: 'image.toolkit.fluxcd.io/v1',
      kind: 'ImagePolicy',
      metadata: { name: 'web', namespace },
      spec: { imageRepositoryRef: { name: 'web' }, policy: { semver: { range: '>=1.0.0 <2.0.0' } } },
    });
    await c.create(
      imageUpdateAutomationType,
      fluxObject(imageUpdateAutomationType, namespace, 'app', {
        sourceRef: { kind: 'GitRepository', name: 'app' },
        git: {
          checkout: { ref: { branch: 'main' } },
          commit: { author: { name: 'driftless-bot', email: 'bot@driftless.test' } },
          push: { branch: 'main' },
        },
        update: { path: './deploy', strategy: 'Setters' },
      }),
    );
    const initial = `${h.registry.host}/team/web:1.0.0`;
    await waitFor<Deployment>(c, deploymentType, namespace, 'web', runningImage(initial), 60_000);
    await waitFor(c, imageUpdateAutomationType, namespace, 'app', (automation) => {
      ready(automation);
      expect(automation.status?.lastAutomationRunTime).toBeDefined();
    });
    const before = await runGit(['rev-parse', 'main'], { cwd: join(h.git.root, `${repoName}.git`) });

    await pushImageTag(h.registry, 'team/web', '1.2.3');
    await pushImageTag(h.registry, 'team/web', '2.0.0');
    await pushImageTag(h.registry, 'team/web', '1.3.0-rc.1');
    await requestReconcile(h.bus, 'ImageRepository', namespace, 'web', { requestedBy: 'registry webhook' });

    const updated = `${h.registry.host}/team/web:1.2.3`;
    await waitFor<Deployment>(c, deploymentType, namespace, 'web', runningImage(updated), 60_000);

    const bare = join(h.git.root, `${repoName}.git`);
    const head = (await runGit(['rev-parse', 'main'], { cwd: bare })).stdout.trim();
    expect((await runGit(['rev-parse', 'main^'], { cwd: bare })).stdout.trim()).toBe(before.stdout.trim());
    const changed = await runGit(['diff', '--name-only', 'main^', 'main'], { cwd: bare });
    expect(changed.stdout.trim()).toBe('deploy/deployment.yaml');
    const content = await runGit(['show', 'main:deploy/deployment.yaml'], { cwd: bare });
    expect(content.stdout).toBe(deploymentFile(namespace, updated));
    const author = await runGit(['log', '-1', '--format=%an <%ae>', 'main'], { cwd: bare });
    expect(author.stdout.trim()).toBe('driftless-bot <bot@driftless.test>');

    const policy = await waitFor(c, imagePolicyType, namespace, 'web', ready);
    expect(policy.status?.latestRef).toEqual({ name: `${h.registry.host}/team/web`, tag: '1.2.3' });
    expect(policy.status?.observedPreviousRef).toEqual({ name: `${h.registry.host}/team/web`, tag: '1.0.0' });
    const automation = await waitFor(c, imageUpdateAutomationType, namespace, 'app', ready);
    expect(automation.status?.lastPushCommit).toBe(head);
    const pushed = h.events.find(
      (event) => event.involvedObject.kind === 'ImageUpdateAutomation' && event.message.startsWith('pushed commit'),
    );
    expect(pushed?.message).toContain(`to branch 'main'`);
  }, 120_000);

  it('reports a marker that names a policy which does not exist, and still applies the others', async () => {
    const file = `${deploymentFile(namespace, `${h.registry.host}/team/web:1.2.3`)}---
apiVersion: v1
kind: ConfigMap
metadata:
  name: sidecar
  namespace: ${namespace}
data:
  image: "busybox:1.0" # {"$imagepolicy": "${namespace}:sidecar"}
`;
    await tree.run(['pull', 'origin', 'main']);
    await tree.write('deploy/deployment.yaml', file);
    await tree.commit('a marker naming a policy nobody made');
    await tree.push('main');
    await requestReconcile(h.bus, 'ImageUpdateAutomation', namespace, 'app');
    const automation = await waitFor(
      h.client,
      imageUpdateAutomationType,
      namespace,
      'app',
      notReadyWith('PolicyNotFound'),
    );
    const ready = automation.status?.conditions?.find((condition) => condition.type === 'Ready');
    expect(ready?.message).toBe(
      `deploy/deployment.yaml:28 names ImagePolicy '${namespace}/sidecar', which does not exist`,
    );
  }, 60_000);

  it('says so when no tag matches the policy', async () => {
    await h.client.create(imagePolicyType, {
      apiVersion: 'image.toolkit.fluxcd.io/v1',
      kind: 'ImagePolicy',
      metadata: { name: 'none', namespace },
      spec: { imageRepositoryRef: { name: 'web' }, policy: { semver: { range: '>=5.0.0' } } },
    });
    const policy = await waitFor(h.client, imagePolicyType, namespace, 'none', notReadyWith('ReconciliationFailed'));
    expect(JSON.stringify(policy.status?.conditions)).toMatch(/>=5\.0\.0/);
  });
});
