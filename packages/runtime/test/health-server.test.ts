import { createMetrics } from '@driftless/telemetry';
import { afterEach, describe, expect, it } from 'vitest';
import { buildHealthApp, type ReadinessCheck } from '../src/index.js';
import { quietLogger } from './support.js';

describe('buildHealthApp', () => {
  const apps: Array<ReturnType<typeof buildHealthApp>> = [];
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
  });

  function build(readiness: ReadinessCheck[] = []) {
    const metrics = createMetrics({ defaultMetrics: false });
    const app = buildHealthApp({ readiness, metrics, logger: quietLogger() });
    apps.push(app);
    return { app, metrics };
  }

  it('answers /healthz with 200 even when not ready', async () => {
    const { app } = build([{ name: 'caches', ready: () => false }]);
    const response = await app.inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('ok');
  });

  it('answers /readyz with 503 naming the failing checks, then 200 once they hold', async () => {
    const state = { caches: false, nats: false, leader: true };
    const { app } = build([
      { name: 'caches', ready: () => state.caches },
      { name: 'nats', ready: () => state.nats },
      { name: 'leader', ready: () => state.leader },
    ]);

    const before = await app.inject({ method: 'GET', url: '/readyz' });
    expect(before.statusCode).toBe(503);
    expect(before.json()).toEqual({ ready: false, failing: ['caches', 'nats'] });

    state.caches = true;
    const half = await app.inject({ method: 'GET', url: '/readyz' });
    expect(half.statusCode).toBe(503);
    expect(half.json()).toEqual({ ready: false, failing: ['nats'] });

    state.nats = true;
    const after = await app.inject({ method: 'GET', url: '/readyz' });
    expect(after.statusCode).toBe(200);
    expect(after.json()).toEqual({ ready: true });

    // Readiness is evaluated on every request, so it can be lost again.
    state.leader = false;
    const lost = await app.inject({ method: 'GET', url: '/readyz' });
    expect(lost.statusCode).toBe(503);
    expect(lost.json()).toEqual({ ready: false, failing: ['leader'] });
  });

  it('is ready with no checks at all', async () => {
    const { app } = build([]);
    const response = await app.inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ ready: true });
  });

  it('serves /metrics as Prometheus text with the registry’s content type', async () => {
    const { app, metrics } = build();
    metrics.reconcileTotal.inc('greeting-controller', 'success');
    metrics.setConditions({ kind: 'Greeting', namespace: 'default', name: 'hello' }, [
      { type: 'Ready', status: 'True' },
    ]);

    const response = await app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe(metrics.contentType);
    expect(response.body).toBe(await metrics.render());
    expect(response.body).toMatch(/^# HELP /m);
    expect(response.body).toMatch(/^# TYPE \S+ counter$/m);
    expect(response.body).toContain('greeting-controller');
    expect(response.body).toContain('name="hello"');
    // defaultMetrics: false keeps prom-client's process collectors out.
    expect(response.body).not.toContain('process_cpu');
  });

  it('answers 404 for other paths', async () => {
    const { app } = build();
    const response = await app.inject({ method: 'GET', url: '/debug' });
    expect(response.statusCode).toBe(404);
  });
});
