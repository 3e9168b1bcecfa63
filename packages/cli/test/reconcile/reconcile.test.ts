import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { KubeObject, ResourceType } from '@driftless/runtime';
import { createWorkTree, ready, type WorkTree, waitForObject } from '@driftless/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runReconcile } from '../../src/commands/reconcile/reconcile-command.js';
import { runResume, runSuspend } from '../../src/commands/reconcile/suspend-command.js';
import { cliKindOf } from '../../src/context/flux-kinds.js';
import { resourceTypeOf } from '../../src/context/resource-types.js';
import { captureIo, type Stack, startStack } from './stack.js';

const gitRepository = cliKindOf('GitRepository');
const kustomization = cliKindOf('Kustomization');
const configMapType: ResourceType = {
  group: '',
  version: 'v1',
  kind: 'ConfigMap',
  plural: 'configmaps',
  namespaced: true,
};

const configMap = (value: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  value: "${value}"\n`;

type Flux = KubeObject & { spec: Record<string, unknown>; status?: Record<string, unknown> };

describe('driftless reconcile, suspend and resume', () => {
  let stack: Stack;
  let tree: WorkTree;
  let namespace: string;
  const flags = <T extends object>(extra: T = {} as T) => ({
    namespace,
    timeout: '30s',
    stateDir: stack.stateDir,
    ...extra,
  });
  const read = (kind: typeof gitRepository, name: string) =>
    stack.client.get<Flux>(resourceTypeOf(kind.info), namespace, name);

  beforeAll(async () => {
    stack = await startStack();
    namespace = await stack.namespace();
    await stack.git.createRepo('app');
    tree = await createWorkTree({ origin: stack.git.repoUrl('app') });
    await tree.write('deploy/settings.yaml', configMap('one'));
    await tree.commit('first');
    await tree.push();
    const metadata = (name: string) => ({ name, namespace });
    await stack.client.create(resourceTypeOf(gitRepository.info), {
      apiVersion: gitRepository.info.apiVersion,
      kind: 'GitRepository',
      metadata: metadata('app'),
      spec: { url: stack.git.repoUrl('app'), ref: { branch: 'main' }, interval: '1h' },
    });
    for (const [name, path] of [
      ['app', './deploy'],
      ['broken', './missing'],
    ] as const) {
      await stack.client.create(resourceTypeOf(kustomization.info), {
        apiVersion: kustomization.info.apiVersion,
        kind: 'Kustomization',
        metadata: metadata(name),
        spec: {
          sourceRef: { kind: 'GitRepository', name: 'app' },
          path,
          prune: true,
          interval: '1h',
          targetNamespace: namespace,
        },
      });
    }
    await waitForObject('GitRepository app', () => read(gitRepository, 'app'), ready, { timeoutMs: 20_000 });
    await waitForObject('Kustomization app', () => read(kustomization, 'app'), ready, { timeoutMs: 20_000 });
  });

  afterAll(async () => {
    await tree?.cleanup();
    await stack?.stop();
  });

  it('fetches a new commit and prints its revision', async () => {
    await tree.write('README.md', 'hello\n');
    const sha = await tree.commit('second');
    await tree.push();
    const { io, out, err } = captureIo();

    const code = await runReconcile({ kind: gitRepository, name: 'app' }, flags(), io);

    expect(err()).toBe('');
    expect(out()).toContain(`► annotating GitRepository app in ${namespace} namespace\n✔ GitRepository annotated\n`);
    expect(out()).toContain('◎ waiting for GitRepository reconciliation\n');
    expect(out()).toContain(`✔ fetched revision main@sha1:${sha}\n`);
    expect(code).toBe(0);
  });

  it('reconciles the source first with --with-source, then applies the new revision', async () => {
    await tree.write('deploy/settings.yaml', configMap('two'));
    const sha = await tree.commit('third');
    await tree.push();
    const { io, out } = captureIo();

    const code = await runReconcile({ kind: kustomization, name: 'app' }, flags({ withSource: true }), io);

    expect(out().indexOf('annotating GitRepository app')).toBeLessThan(out().indexOf('annotating Kustomization app'));
    expect(out()).toContain(`✔ fetched revision main@sha1:${sha}\n`);
    expect(out()).toContain(`✔ applied revision main@sha1:${sha}\n`);
    expect(code).toBe(0);
    const applied = await stack.client.get<KubeObject & { data?: Record<string, string> }>(
      configMapType,
      namespace,
      'settings',
    );
    expect(applied.data?.value).toBe('two');
  });

  it('exits 1 with the controller message when a Kustomization fails', async () => {
    const { io, out } = captureIo();

    const code = await runReconcile({ kind: kustomization, name: 'broken' }, flags(), io);

    const conditions = (await read(kustomization, 'broken')).status?.conditions as
      | Array<{ type: string; message: string }>
      | undefined;
    const readyMessage = conditions?.find((condition) => condition.type === 'Ready')?.message;
    expect(readyMessage).toBeTruthy();
    expect(out()).toContain(`✗ ${readyMessage}`);
    expect(code).toBe(1);
  });

  it('suspends, then refuses to reconcile a suspended object', async () => {
    const suspended = captureIo();
    expect(await runSuspend({ kind: kustomization, names: ['app'] }, flags({ reason: 'testing' }), suspended.io)).toBe(
      0,
    );
    expect(suspended.out()).toContain(
      `► suspending Kustomization app in ${namespace} namespace\n✔ Kustomization suspended\n`,
    );
    expect((await read(kustomization, 'app')).spec.suspend).toBe(true);

    const refused = captureIo();
    const code = await runReconcile({ kind: kustomization, name: 'app' }, flags(), refused.io);

    expect(refused.err()).toMatch(/^driftless reconcile: Kustomization app in t\d+ namespace is suspended/);
    expect(refused.out()).not.toContain('annotating');
    expect(code).toBe(1);
  });

  it('resumes and waits for the reconcile it asks for', async () => {
    const { io, out } = captureIo();

    const code = await runResume({ kind: kustomization, names: ['app'] }, flags({ wait: true }), io);

    expect(out()).toContain(`► resuming Kustomization app in ${namespace} namespace\n✔ Kustomization resumed\n`);
    expect(out()).toMatch(/✔ applied revision main@sha1:[0-9a-f]{40}\n/);
    expect(code).toBe(0);
    const object = await read(kustomization, 'app');
    expect(object.spec.suspend).toBe(false);
    expect(object.metadata.annotations?.['suspend.toolkit.fluxcd.io/reason']).toBeUndefined();
  });

  it('exits 3 for an object that does not exist', async () => {
    const { io, err } = captureIo();

    const code = await runReconcile({ kind: gitRepository, name: 'nope' }, flags(), io);

    expect(err()).toBe(`driftless reconcile: GitRepository nope not found in ${namespace} namespace\n`);
    expect(code).toBe(3);
  });

  it('relies on the annotation and warns once when NATS cannot be reached', async () => {
    const { io, out, err } = captureIo();

    const code = await runReconcile(
      { kind: kustomization, name: 'app' },
      flags({ withSource: true, natsUrl: 'nats://127.0.0.1:1' }),
      io,
    );

    expect(
      err().match(
        /^driftless reconcile: NATS cannot be reached.*nats:\/\/127\.0\.0\.1:1.*relying on the annotation$/gm,
      ),
    ).toHaveLength(1);
    expect(out()).toMatch(/✔ applied revision main@sha1:/);
    expect(code).toBe(0);
  });

  it('exits 5 when the controller does not answer within --timeout', async () => {
    const helmRelease = cliKindOf('HelmRelease');
    await stack.client.create(resourceTypeOf(helmRelease.info), {
      apiVersion: helmRelease.info.apiVersion,
      kind: 'HelmRelease',
      metadata: { name: 'orphan', namespace },
      spec: { interval: '1h', chartRef: { kind: 'OCIRepository', name: 'chart' } },
    });
    const { io, err } = captureIo();

    const code = await runReconcile({ kind: helmRelease, name: 'orphan' }, flags({ timeout: '1s' }), io);

    expect(err()).toMatch(
      /^driftless reconcile: HelmRelease orphan in t\d+ namespace: no answer from the helm-controller within 1s/,
    );
    expect(code).toBe(5);
  });

  it('exits 4 when the cluster cannot be reached', async () => {
    const kubeconfig = join(stack.stateDir, 'unreachable-kubeconfig');
    await writeFile(kubeconfig, unreachableKubeconfig);
    const { io, err } = captureIo();

    const code = await runReconcile({ kind: gitRepository, name: 'app' }, flags({ kubeconfig }), io);

    expect(err()).toMatch(/^driftless reconcile: cannot reach the cluster at http:\/\/127\.0\.0\.1:1/);
    expect(code).toBe(4);
  });
});

const unreachableKubeconfig = `apiVersion: v1
kind: Config
clusters: [{ name: gone, cluster: { server: "http://127.0.0.1:1", insecure-skip-tls-verify: true } }]
users: [{ name: gone, user: {} }]
contexts: [{ name: gone, context: { cluster: gone, user: gone } }]
current-context: gone
`;
