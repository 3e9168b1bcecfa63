import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  condition,
  type KustomizeHarness,
  kustomization,
  kustomizationType,
  notReadyWith,
  ready,
  startKustomizeHarness,
  waitFor,
} from './harness.js';

const deploymentYaml = (
  namespace: string,
  name: string,
  annotations: Record<string, string> = {},
) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${namespace}
  annotations: ${JSON.stringify(annotations)}
spec:
  replicas: 2
  selector:
    matchLabels: { app: ${name} }
  template:
    metadata:
      labels: { app: ${name} }
    spec:
      containers:
        - name: app
          image: nginx:1.27
`;

describe('Kustomization: health checks', () => {
  let h: KustomizeHarness;
  beforeAll(async () => {
    h = await startKustomizeHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('is Ready and Healthy once every applied workload has rolled out (spec.wait)', async () => {
    const ns = await h.namespace();
    await h.repository(ns, 'repo', { 'web.yaml': deploymentYaml(ns, 'web') });
    await h.client.create(kustomizationType, kustomization(ns, 'app', { wait: true, timeout: '30s' }));
    const done = await waitFor(h.client, kustomizationType, ns, 'app', ready);
    expect(condition(done, 'Healthy')).toMatchObject({ status: 'True' });
  });

  it('fails with HealthCheckFailed when a Deployment cannot roll out', async () => {
    const ns = await h.namespace();
    await h.repository(ns, 'repo', {
      'web.yaml': deploymentYaml(ns, 'web', { 'devcluster.driftless.io/simulate': 'fail' }),
      'api.yaml': deploymentYaml(ns, 'api'),
    });
    await h.client.create(
      kustomizationType,
      kustomization(ns, 'app', {
        timeout: '20s',
        healthChecks: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: ns }],
      }),
    );
    const failed = await waitFor(h.client, kustomizationType, ns, 'app', notReadyWith('HealthCheckFailed'));
    expect(condition(failed, 'Healthy')).toMatchObject({ status: 'False', reason: 'HealthCheckFailed' });
    expect(condition(failed, 'Ready')?.message).toContain(`Deployment/${ns}/web`);
    const event = h.events.find((e) => e.involvedObject.namespace === ns && e.reason === 'HealthCheckFailed');
    expect(event?.severity).toBe('error');
  });
});
