import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { MetricNames, reconcileDurationBuckets, workqueueDurationBuckets } from './metric-names.js';
import { createMetrics } from './metrics.js';

const repo = { kind: 'GitRepository', namespace: 'flux-system', name: 'podinfo' };
const labels = 'kind="GitRepository",name="podinfo",namespace="flux-system"';

function sampleLines(text: string, metric: string): string[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${metric}{`) || line.startsWith(`${metric} `))
    .sort();
}

function conditionLines(text: string, type: string): string[] {
  return sampleLines(text, MetricNames.reconcileCondition).filter((line) => line.includes(`type="${type}"`));
}

describe('createMetrics', () => {
  it('uses its own registry with the text exposition content type', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    expect(metrics.registry).toBeInstanceOf(Registry);
    expect(metrics.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    const other = createMetrics({ defaultMetrics: false });
    metrics.setSuspended(repo, true);
    expect(await other.render()).not.toContain(`${MetricNames.suspendStatus}{`);
  });

  it('exposes process and Node.js default metrics unless turned off', async () => {
    expect(await createMetrics().render()).toContain('process_cpu_user_seconds_total');
    expect(await createMetrics({ defaultMetrics: false }).render()).not.toContain('process_cpu_user_seconds_total');
  });

  it('registers into a given registry', async () => {
    const registry = new Registry();
    createMetrics({ registry, defaultMetrics: false }).reconcileErrors.inc('source-controller');
    expect(await registry.metrics()).toContain(
      'controller_runtime_reconcile_errors_total{controller="source-controller"} 1',
    );
  });

  it('observes the reconcile duration histogram with Flux buckets', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    metrics.observeReconcile(repo, 0.25);
    metrics.observeReconcile(repo, 3);
    const text = await metrics.render();
    expect(text).toContain('# TYPE gotk_reconcile_duration_seconds histogram');
    expect(text).toContain(`gotk_reconcile_duration_seconds_bucket{le="0.1",${labels}} 0`);
    expect(text).toContain(`gotk_reconcile_duration_seconds_bucket{le="1",${labels}} 1`);
    expect(text).toContain(`gotk_reconcile_duration_seconds_bucket{le="10",${labels}} 2`);
    expect(text).toContain(`gotk_reconcile_duration_seconds_bucket{le="+Inf",${labels}} 2`);
    expect(text).toContain(`gotk_reconcile_duration_seconds_sum{${labels}} 3.25`);
    expect(text).toContain(`gotk_reconcile_duration_seconds_count{${labels}} 2`);
    expect(reconcileDurationBuckets).toEqual([1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 0.01, 0.1, 1, 10]);
    expect(workqueueDurationBuckets).toEqual([1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 0.01, 0.1, 1, 10, 100, 1000]);
  });

  it('sets 1 for the current status of each condition type and 0 for the others', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    metrics.setConditions(repo, [
      { type: 'Ready', status: 'Unknown' },
      { type: 'Reconciling', status: 'True' },
    ]);
    let text = await metrics.render();
    expect(conditionLines(text, 'Ready')).toEqual(
      [
        `gotk_reconcile_condition{${labels},type="Ready",status="True"} 0`,
        `gotk_reconcile_condition{${labels},type="Ready",status="False"} 0`,
        `gotk_reconcile_condition{${labels},type="Ready",status="Unknown"} 1`,
        `gotk_reconcile_condition{${labels},type="Ready",status="Deleted"} 0`,
      ].sort(),
    );
    expect(conditionLines(text, 'Reconciling')).toContain(
      `gotk_reconcile_condition{${labels},type="Reconciling",status="True"} 1`,
    );

    metrics.setConditions(repo, [{ type: 'Ready', status: 'True' }]);
    text = await metrics.render();
    expect(conditionLines(text, 'Ready')).toEqual(
      [
        `gotk_reconcile_condition{${labels},type="Ready",status="True"} 1`,
        `gotk_reconcile_condition{${labels},type="Ready",status="False"} 0`,
        `gotk_reconcile_condition{${labels},type="Ready",status="Unknown"} 0`,
        `gotk_reconcile_condition{${labels},type="Ready",status="Deleted"} 0`,
      ].sort(),
    );
    // A condition type that left the status no longer has series.
    expect(conditionLines(text, 'Reconciling')).toEqual([]);

    metrics.setConditions(repo, [{ type: 'Ready', status: 'False' }]);
    text = await metrics.render();
    expect(conditionLines(text, 'Ready').filter((line) => line.endsWith(' 1'))).toEqual([
      `gotk_reconcile_condition{${labels},type="Ready",status="False"} 1`,
    ]);
  });

  it('keeps objects apart', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const other = { kind: 'Kustomization', namespace: 'apps', name: 'podinfo' };
    metrics.setConditions(repo, [{ type: 'Ready', status: 'True' }]);
    metrics.setConditions(other, [{ type: 'Ready', status: 'False' }]);
    const ones = sampleLines(await metrics.render(), MetricNames.reconcileCondition).filter((l) => l.endsWith(' 1'));
    expect(ones).toEqual(
      [
        `gotk_reconcile_condition{${labels},type="Ready",status="True"} 1`,
        'gotk_reconcile_condition{kind="Kustomization",name="podinfo",namespace="apps",type="Ready",status="False"} 1',
      ].sort(),
    );
  });

  it('marks a deleted object with status Deleted for every reported type', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    metrics.setConditions(repo, [
      { type: 'Ready', status: 'True' },
      { type: 'ArtifactInStorage', status: 'True' },
    ]);
    metrics.markDeleted(repo);
    const text = await metrics.render();
    for (const type of ['Ready', 'ArtifactInStorage']) {
      expect(conditionLines(text, type).filter((line) => line.endsWith(' 1'))).toEqual([
        `gotk_reconcile_condition{${labels},type="${type}",status="Deleted"} 1`,
      ]);
      expect(conditionLines(text, type)).toHaveLength(4);
    }
  });

  it('marks Ready as Deleted for an object without reported conditions', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    metrics.markDeleted(repo);
    expect(conditionLines(await metrics.render(), 'Ready').filter((line) => line.endsWith(' 1'))).toEqual([
      `gotk_reconcile_condition{${labels},type="Ready",status="Deleted"} 1`,
    ]);
  });

  it('flips the suspend gauge', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    metrics.setSuspended(repo, true);
    expect(sampleLines(await metrics.render(), MetricNames.suspendStatus)).toEqual([
      `gotk_suspend_status{${labels}} 1`,
    ]);
    metrics.setSuspended(repo, false);
    expect(sampleLines(await metrics.render(), MetricNames.suspendStatus)).toEqual([
      `gotk_suspend_status{${labels}} 0`,
    ]);
  });

  it('exposes the controller-runtime workqueue metrics', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const q = 'gitrepository';
    const ql = 'name="gitrepository",controller="gitrepository"';
    metrics.queue.setDepth(q, 3);
    metrics.queue.incAdds(q);
    metrics.queue.incAdds(q);
    metrics.queue.incRetries(q);
    metrics.queue.observeQueueLatency(q, 0.002);
    metrics.queue.observeWorkDuration(q, 1.5);
    metrics.queue.setUnfinishedWork(q, 4);
    metrics.queue.setLongestRunning(q, 2.5);
    const text = await metrics.render();
    expect(sampleLines(text, 'workqueue_depth')).toEqual([`workqueue_depth{${ql}} 3`]);
    expect(sampleLines(text, 'workqueue_adds_total')).toEqual([`workqueue_adds_total{${ql}} 2`]);
    expect(sampleLines(text, 'workqueue_retries_total')).toEqual([`workqueue_retries_total{${ql}} 1`]);
    expect(text).toContain(`workqueue_queue_duration_seconds_bucket{le="0.01",${ql}} 1`);
    expect(text).toContain(`workqueue_queue_duration_seconds_bucket{le="0.001",${ql}} 0`);
    expect(text).toContain(`workqueue_queue_duration_seconds_count{${ql}} 1`);
    expect(text).toContain(`workqueue_work_duration_seconds_bucket{le="1000",${ql}} 1`);
    expect(text).toContain(`workqueue_work_duration_seconds_sum{${ql}} 1.5`);
    expect(sampleLines(text, 'workqueue_unfinished_work_seconds')).toEqual([
      `workqueue_unfinished_work_seconds{${ql}} 4`,
    ]);
    expect(sampleLines(text, 'workqueue_longest_running_processor_seconds')).toEqual([
      `workqueue_longest_running_processor_seconds{${ql}} 2.5`,
    ]);
  });

  it('counts NATS messages and controller-runtime reconciles', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    metrics.nats.message('published', 'event');
    metrics.nats.message('published', 'event');
    metrics.nats.message('received', 'artifact');
    metrics.nats.message('dropped', 'reconcile');
    metrics.reconcileTotal.inc('kustomization', 'success');
    metrics.reconcileTotal.inc('kustomization', 'success');
    metrics.reconcileTotal.inc('kustomization', 'requeue_after');
    metrics.reconcileTotal.inc('kustomization', 'error');
    metrics.reconcileErrors.inc('kustomization');
    metrics.reconcileTime.observe('kustomization', 0.3);
    const text = await metrics.render();
    expect(sampleLines(text, 'driftless_nats_messages_total')).toEqual(
      [
        'driftless_nats_messages_total{direction="published",kind="event"} 2',
        'driftless_nats_messages_total{direction="received",kind="artifact"} 1',
        'driftless_nats_messages_total{direction="dropped",kind="reconcile"} 1',
      ].sort(),
    );
    expect(sampleLines(text, 'controller_runtime_reconcile_total')).toEqual(
      [
        'controller_runtime_reconcile_total{controller="kustomization",result="success"} 2',
        'controller_runtime_reconcile_total{controller="kustomization",result="requeue_after"} 1',
        'controller_runtime_reconcile_total{controller="kustomization",result="error"} 1',
      ].sort(),
    );
    expect(sampleLines(text, 'controller_runtime_reconcile_errors_total')).toEqual([
      'controller_runtime_reconcile_errors_total{controller="kustomization"} 1',
    ]);
    expect(text).toContain('controller_runtime_reconcile_time_seconds_bucket{le="0.3",controller="kustomization"} 1');
    expect(text).toContain('controller_runtime_reconcile_time_seconds_bucket{le="0.25",controller="kustomization"} 0');
  });
});
