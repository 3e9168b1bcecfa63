import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { requestReconcile } from '@driftless/bus';
import { PatchType } from '@driftless/runtime';
import { eventually } from '@driftless/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  configMapType,
  configMapYaml,
  deploymentType,
  type KustomizeHarness,
  kubectlBinary,
  kustomization,
  kustomizationType,
  read,
  ready,
  startKustomizeHarness,
  waitFor,
} from './harness.js';

const deploymentYaml = (namespace: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: ${namespace}
spec:
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
          image: nginx:1.27
`;

const run = promisify(execFile);

type ConfigMap = { data: Record<string, string>; metadata: { resourceVersion: string }; status?: undefined };

describe('Kustomization: drift corrected the moment it happens', () => {
  let h: KustomizeHarness;

  /** The real kubectl against the dev cluster; `kubectl edit` with a sed script as its editor. */
  async function kubectl(args: string[], env: Record<string, string> = {}): Promise<string> {
    const { stdout } = await run(kubectlBinary, args, {
      env: { ...process.env, KUBECONFIG: h.cluster.kubeconfigPath, ...env },
    });
    return stdout;
  }
  beforeAll(async () => {
    h = await startKustomizeHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  async function appliedNamespace(spec: Record<string, unknown> = {}): Promise<string> {
    const ns = await h.namespace();
    await h.repository(ns, 'repo', {
      'settings.yaml': configMapYaml('settings', { greeting: 'hello', color: 'blue' }, ns),
      'web.yaml': deploymentYaml(ns),
    });
    await h.client.create(kustomizationType, kustomization(ns, 'app', spec));
    await waitFor(h.client, kustomizationType, ns, 'app', ready);
    return ns;
  }

  it('puts back an edited field within a second and names it in an event', async () => {
    const ns = await appliedNamespace();
    const edited = Date.now();
    await kubectl(['edit', '-n', ns, 'configmap/settings'], {
      KUBE_EDITOR: 'sed -i s/greeting:\\ hello/greeting:\\ tampered/',
    });
    await waitFor<ConfigMap>(
      h.client,
      configMapType,
      ns,
      'settings',
      (object: ConfigMap) => {
        expect(object.data.greeting).toBe('hello');
      },
      1_000,
    );
    expect(Date.now() - edited).toBeLessThan(1_000);
    const drift = h.events.find((event) => event.involvedObject.namespace === ns && event.reason === 'DriftCorrected');
    expect(drift?.message).toBe(`drift corrected: ConfigMap/${ns}/settings configured (data.greeting)`);
  });

  it('recreates a deleted object within a second', async () => {
    const ns = await appliedNamespace();
    await kubectl(['delete', '-n', ns, 'configmap/settings']);
    await waitFor<ConfigMap>(
      h.client,
      configMapType,
      ns,
      'settings',
      (object: ConfigMap) => {
        expect(object.data).toEqual({ greeting: 'hello', color: 'blue' });
      },
      1_000,
    );
  });

  it('leaves a field owned by another manager (an HPA scaling the Deployment) alone', async () => {
    const ns = await appliedNamespace();
    await h.client.patch(
      deploymentType,
      { namespace: ns, name: 'web' },
      { spec: { replicas: 5 } },
      { patchType: PatchType.Merge, subresource: 'scale' },
    );
    await h.client.patch(
      configMapType,
      { namespace: ns, name: 'settings' },
      { data: { color: 'red' } },
      { patchType: PatchType.Merge },
    );
    await waitFor<ConfigMap>(h.client, configMapType, ns, 'settings', (object: ConfigMap) => {
      expect(object.data.color).toBe('blue');
    });
    const web = await read<{ spec: { replicas: number } }>(h.client, deploymentType, ns, 'web');
    expect(web.spec.replicas).toBe(5);
    const drift = h.events.filter(
      (event) => event.involvedObject.namespace === ns && event.reason === 'DriftCorrected',
    );
    expect(drift.map((event) => event.message).join('\n')).not.toContain('Deployment');
  });

  it('in warn mode reports drift and leaves it', async () => {
    const ns = await appliedNamespace({ driftDetection: { mode: 'warn' } });
    await h.client.patch(
      configMapType,
      { namespace: ns, name: 'settings' },
      { data: { greeting: 'changed by hand' } },
      { patchType: PatchType.Merge },
    );
    await waitFor(h.client, kustomizationType, ns, 'app', () => {
      const detected = h.events.find(
        (event) => event.involvedObject.namespace === ns && event.reason === 'DriftDetected',
      );
      expect(detected?.message).toContain(`ConfigMap/${ns}/settings configured (data.greeting)`);
    });
    const settings = await read<ConfigMap>(h.client, configMapType, ns, 'settings');
    expect(settings.data.greeting).toBe('changed by hand');
  });

  it('does not count fields under spec.ignore as drift', async () => {
    const ns = await appliedNamespace({ ignore: [{ paths: ['/data/color'], target: { kind: 'ConfigMap' } }] });
    await h.client.patch(
      configMapType,
      { namespace: ns, name: 'settings' },
      { data: { color: 'green' } },
      { patchType: PatchType.Merge },
    );
    await h.client.patch(
      configMapType,
      { namespace: ns, name: 'settings' },
      { data: { greeting: 'tampered' } },
      { patchType: PatchType.Merge },
    );
    const settings = await waitFor<ConfigMap>(h.client, configMapType, ns, 'settings', (object: ConfigMap) => {
      expect(object.data.greeting).toBe('hello');
    });
    expect(settings.data.color).toBe('green');
  });

  it('makes no write when a reconcile finds nothing changed', async () => {
    const ns = await appliedNamespace();
    const before = await read<ConfigMap>(h.client, configMapType, ns, 'settings');
    const ks = await read<{ metadata: { resourceVersion: string } }>(h.client, kustomizationType, ns, 'app');
    const reconciles = await h.reconciles();
    await requestReconcile(h.bus, 'Kustomization', ns, 'app');
    await eventually(async () => expect(await h.reconciles()).toBeGreaterThan(reconciles));
    const after = await read<ConfigMap>(h.client, configMapType, ns, 'settings');
    expect(after.metadata.resourceVersion).toBe(before.metadata.resourceVersion);
    const ksAfter = await read<{ metadata: { resourceVersion: string } }>(h.client, kustomizationType, ns, 'app');
    expect(ksAfter.metadata.resourceVersion).toBe(ks.metadata.resourceVersion);
  });
});
