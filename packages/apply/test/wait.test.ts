import { readFile } from 'node:fs/promises';
import { type DevCluster, startDevCluster } from '@driftless/devcluster';
import { KubeClient, loadKubeConfig, type ResourceType } from '@driftless/runtime';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { computeHealth, HealthStatus } from '../src/health.js';
import { createApiReader, type ResourceResolver } from '../src/object-reader.js';
import { createObjectWatch, type ObjectWatch } from '../src/object-watch.js';
import { refOf, type Unstructured } from '../src/objects.js';
import { defaultWaitOptions, HealthCheckError, type WaitTarget, waitForHealth } from '../src/wait.js';

const types: Record<string, ResourceType> = {
  'v1/Namespace': { group: '', version: 'v1', kind: 'Namespace', plural: 'namespaces', namespaced: false },
  'v1/ConfigMap': { group: '', version: 'v1', kind: 'ConfigMap', plural: 'configmaps', namespaced: true },
  'apps/v1/Deployment': { group: 'apps', version: 'v1', kind: 'Deployment', plural: 'deployments', namespaced: true },
};

const resolver: ResourceResolver = {
  async resourceFor(apiVersion, kind) {
    const type = types[`${apiVersion}/${kind}`];
    if (!type) throw new Error(`no resource for ${apiVersion} ${kind}`);
    return type;
  },
};

const silentLogger = { debug() {}, info() {}, warn() {}, error() {} };
const simulateAnnotation = 'devcluster.driftless.io/simulate';

describe('waitForHealth on a dev cluster', () => {
  let cluster: DevCluster;
  let client: KubeClient;
  let deploymentFixture: Unstructured;
  let namespaceCount = 0;
  const watches: ObjectWatch[] = [];

  beforeAll(async () => {
    cluster = await startDevCluster({ port: 0, workloadDelayMs: 100 });
    client = new KubeClient(loadKubeConfig({ kubeconfigPath: cluster.kubeconfigPath }), { fieldManager: 'test' });
    deploymentFixture = parse(await readFile(new URL('./fixtures/health-deployment.yaml', import.meta.url), 'utf8'));
  });
  afterEach(async () => {
    await Promise.all(watches.splice(0).map((watch) => watch.stop()));
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  async function freshNamespace(): Promise<string> {
    namespaceCount += 1;
    const name = `wait-${namespaceCount}`;
    await client.create(types['v1/Namespace']!, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    return name;
  }

  async function createDeployment(namespace: string, simulate?: 'fail' | 'pending'): Promise<Unstructured> {
    const manifest: Unstructured = {
      ...deploymentFixture,
      metadata: {
        ...deploymentFixture.metadata,
        namespace,
        labels: { 'test.driftless.io/owner': namespace },
        annotations: simulate ? { [simulateAnnotation]: simulate } : undefined,
      },
    };
    return client.create(types['apps/v1/Deployment']!, manifest);
  }

  const targetOf = (object: Unstructured): WaitTarget => ({ ref: refOf(object), apiVersion: object.apiVersion });

  it('resolves once the workload simulator reports the Deployment available', async () => {
    const namespace = await freshNamespace();
    const created = await createDeployment(namespace);
    expect(computeHealth(created).status).toBe(HealthStatus.InProgress);

    const results = await waitForHealth(
      [targetOf(created)],
      { ...defaultWaitOptions(), timeoutMs: 20_000, pollIntervalMs: 100 },
      { reader: createApiReader(client, resolver) },
    );

    expect(results).toEqual([
      { ref: refOf(created), status: HealthStatus.Current, message: '2 of 2 replicas available' },
    ]);
  });

  it('rejects early with the Failed object when its progress deadline is exceeded', async () => {
    const namespace = await freshNamespace();
    const created = await createDeployment(namespace, 'fail');

    const error = await waitForHealth(
      [targetOf(created)],
      { ...defaultWaitOptions(), timeoutMs: 50_000, pollIntervalMs: 100 },
      { reader: createApiReader(client, resolver) },
    ).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(HealthCheckError);
    const healthError = error as HealthCheckError;
    expect(healthError.message).toMatch(
      new RegExp(
        `^failed early due to stalled resources: \\[Deployment/${namespace}/web status: 'Failed': ProgressDeadlineExceeded: `,
      ),
    );
    expect(healthError.results).toEqual([
      expect.objectContaining({ ref: refOf(created), status: HealthStatus.Failed }),
    ]);
  });

  it('times out listing every object that is not ready, with its status and message', async () => {
    const namespace = await freshNamespace();
    const pending = await createDeployment(namespace, 'pending');
    const ready = await client.create(types['v1/ConfigMap']!, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { namespace, name: 'settings' },
    });
    const missing: WaitTarget = {
      ref: { namespace, name: 'absent', group: '', kind: 'ConfigMap' },
      apiVersion: 'v1',
    };

    const error = await waitForHealth(
      [targetOf(pending), targetOf(ready as Unstructured), missing],
      { ...defaultWaitOptions(), timeoutMs: 1_500, pollIntervalMs: 100 },
      { reader: createApiReader(client, resolver) },
    ).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(HealthCheckError);
    const message = (error as HealthCheckError).message;
    expect(message).toMatch(
      new RegExp(
        `^timeout waiting for: \\[Deployment/${namespace}/web status: 'InProgress': .+, ConfigMap/${namespace}/absent status: 'NotFound': not found\\]$`,
      ),
    );
    expect(message).not.toContain('settings');
    expect((error as HealthCheckError).results.map((result) => result.status)).toEqual([
      HealthStatus.InProgress,
      HealthStatus.Current,
      HealthStatus.NotFound,
    ]);
  });

  it('with failFast off, waits for the timeout and reports the Failed object', async () => {
    const namespace = await freshNamespace();
    const created = await createDeployment(namespace, 'fail');

    const error = await waitForHealth(
      [targetOf(created)],
      { ...defaultWaitOptions(), timeoutMs: 1_500, pollIntervalMs: 100, failFast: false },
      { reader: createApiReader(client, resolver) },
    ).catch((caught: unknown) => caught);

    expect((error as HealthCheckError).message).toMatch(
      new RegExp(`^timeout waiting for: \\[Deployment/${namespace}/web status: 'Failed': ProgressDeadlineExceeded`),
    );
  });

  it('reads through a watch cache and is woken by its changes rather than by polling', async () => {
    const namespace = await freshNamespace();
    const watch = createObjectWatch(
      { client, resolver, logger: silentLogger },
      { labelSelector: `test.driftless.io/owner=${namespace}` },
    );
    watches.push(watch);
    await watch.ensureWatching('apps/v1', 'Deployment');
    const created = await createDeployment(namespace);

    // The first poll would come after the abort: only a change notification can finish the wait.
    const results = await waitForHealth(
      [targetOf(created)],
      { ...defaultWaitOptions(), timeoutMs: 60_000, pollIntervalMs: 60_000, signal: AbortSignal.timeout(15_000) },
      { reader: watch, onChange: watch.onChange },
    );

    expect(results.map((result) => result.status)).toEqual([HealthStatus.Current]);
  });

  it('stops with the abort reason when its signal is aborted', async () => {
    const namespace = await freshNamespace();
    const created = await createDeployment(namespace, 'pending');
    const controller = new AbortController();
    const waiting = waitForHealth(
      [targetOf(created)],
      { ...defaultWaitOptions(), timeoutMs: 50_000, pollIntervalMs: 50_000, signal: controller.signal },
      { reader: createApiReader(client, resolver) },
    );
    controller.abort(new Error('reconcile cancelled'));

    await expect(waiting).rejects.toThrow('reconcile cancelled');
  });

  it('resolves at once when there is nothing to wait for', async () => {
    await expect(
      waitForHealth([], defaultWaitOptions(), { reader: createApiReader(client, resolver) }),
    ).resolves.toEqual([]);
  });
});
