import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SpanStatusCode, trace } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import { runInSpan } from './run-in-span.js';
import type { Tracing } from './tracing.js';
import { createTracing, resolveOtlpTracesUrl } from './tracing.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function inMemoryTracing(): { tracing: Tracing; exporter: InMemorySpanExporter } {
  const exporter = new InMemorySpanExporter();
  const tracing = createTracing({ serviceName: 'test-controller', serviceVersion: '0.0.1', exporter });
  cleanups.push(() => tracing.shutdown());
  return { tracing, exporter };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('createTracing with an injected exporter', () => {
  it('nests child spans under the active parent across awaits', async () => {
    const { tracing, exporter } = inMemoryTracing();
    const result = await runInSpan(tracing.tracer, 'reconcile', { 'driftless.kind': 'GitRepository' }, async () => {
      await runInSpan(tracing.tracer, 'fetch', {}, async () => {
        await tick();
        await runInSpan(tracing.tracer, 'checkout', {}, async () => tick());
      });
      await tick();
      await runInSpan(tracing.tracer, 'store', {}, async () => 'stored');
      return 42;
    });
    expect(result).toBe(42);
    await tracing.forceFlush();

    const spans = exporter.getFinishedSpans();
    const byName = new Map(spans.map((span) => [span.name, span]));
    expect([...byName.keys()].sort()).toEqual(['checkout', 'fetch', 'reconcile', 'store']);
    const root = byName.get('reconcile')!;
    expect(root.parentSpanContext).toBeUndefined();
    expect(root.attributes).toEqual({ 'driftless.kind': 'GitRepository' });
    expect(root.resource.attributes['service.name']).toBe('test-controller');
    expect(root.resource.attributes['service.version']).toBe('0.0.1');
    const traceId = root.spanContext().traceId;
    for (const [child, parent] of [
      ['fetch', 'reconcile'],
      ['checkout', 'fetch'],
      ['store', 'reconcile'],
    ] as const) {
      const span = byName.get(child)!;
      expect(span.spanContext().traceId).toBe(traceId);
      expect(span.parentSpanContext?.spanId, `${child} parent`).toBe(byName.get(parent)!.spanContext().spanId);
    }
    expect(trace.getActiveSpan()).toBeUndefined();
  });

  it('records a thrown error as an exception, marks the span ERROR, rethrows and ends the span', async () => {
    const { tracing, exporter } = inMemoryTracing();
    const failure = new Error('artifact digest mismatch');
    await expect(runInSpan(tracing.tracer, 'verify', {}, async () => Promise.reject(failure))).rejects.toBe(failure);
    await expect(
      runInSpan(tracing.tracer, 'string-throw', {}, async () => {
        throw 'plain string';
      }),
    ).rejects.toBe('plain string');
    await runInSpan(tracing.tracer, 'ok', {}, async () => undefined);

    const [verify, stringThrow, ok] = exporter.getFinishedSpans();
    expect(verify.name).toBe('verify');
    expect(verify.ended).toBe(true);
    expect(verify.status).toEqual({ code: SpanStatusCode.ERROR, message: 'artifact digest mismatch' });
    const event = verify.events.find((e) => e.name === 'exception');
    expect(event?.attributes).toMatchObject({
      'exception.type': 'Error',
      'exception.message': 'artifact digest mismatch',
    });
    expect(stringThrow.status.code).toBe(SpanStatusCode.ERROR);
    expect(stringThrow.events.map((e) => e.name)).toEqual(['exception']);
    expect(ok.status.code).toBe(SpanStatusCode.UNSET);
    expect(ok.events).toEqual([]);
  });

  it('is disabled and records nothing without an exporter or endpoint', async () => {
    const tracing = createTracing({ serviceName: 'quiet' });
    cleanups.push(() => tracing.shutdown());
    expect(tracing.enabled).toBe(false);
    await runInSpan(tracing.tracer, 'noop', {}, async (span) => {
      expect(span.isRecording()).toBe(false);
      await runInSpan(tracing.tracer, 'inner', {}, async (inner) => {
        expect(inner.spanContext().traceId).toBe(span.spanContext().traceId);
      });
    });
  });
});

describe('resolveOtlpTracesUrl', () => {
  it.each([
    [{}, undefined],
    [{ otlpEndpoint: 'http://c:4318' }, 'http://c:4318/v1/traces'],
    [{ otlpEndpoint: 'http://c:4318/' }, 'http://c:4318/v1/traces'],
    [{ otlpEndpoint: 'http://c:4318/v1/traces' }, 'http://c:4318/v1/traces'],
    [{ otlpEndpoint: 'http://c:4318', otlpTracesEndpoint: 'http://t/custom' }, 'http://t/custom'],
  ])('%j -> %s', (options, url) => {
    expect(resolveOtlpTracesUrl(options)).toBe(url);
  });
});

interface CollectedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

async function startCollector(): Promise<{ server: Server; url: string; requests: CollectedRequest[] }> {
  const requests: CollectedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks),
      });
      if (req.method === 'POST' && req.url === '/v1/traces') {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      } else {
        res.writeHead(404).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return { server, url: `http://127.0.0.1:${port}`, requests };
}

describe('createTracing with OTLP/HTTP', () => {
  it('exports ended spans to the collector on forceFlush', async () => {
    const collector = await startCollector();
    const tracing = createTracing({ serviceName: 'otlp-test-controller', otlpEndpoint: collector.url });
    cleanups.push(() => tracing.shutdown());
    expect(tracing.enabled).toBe(true);

    await runInSpan(tracing.tracer, 'reconcile GitRepository/flux-system/podinfo', { 'k8s.namespace.name': 'x' }, () =>
      runInSpan(tracing.tracer, 'fetch-artifact', {}, async () => undefined),
    );
    await tracing.forceFlush();

    const posts = collector.requests.filter((r) => r.method === 'POST' && r.url === '/v1/traces');
    expect(posts.length).toBeGreaterThan(0);
    // @opentelemetry/exporter-trace-otlp-http sends OTLP/JSON (the -proto exporter would send protobuf).
    expect(posts.every((r) => r.headers['content-type'] === 'application/json')).toBe(true);
    const payloads = posts.map((r) => JSON.parse(r.body.toString('utf8')));
    const resourceSpans = payloads.flatMap((p: any) => p.resourceSpans);
    const names = resourceSpans.flatMap((rs: any) =>
      rs.scopeSpans.flatMap((ss: any) => ss.spans.map((s: any) => s.name)),
    );
    expect(names.sort()).toEqual(['fetch-artifact', 'reconcile GitRepository/flux-system/podinfo']);
    const service = resourceSpans[0].resource.attributes.find((a: any) => a.key === 'service.name');
    expect(service.value.stringValue).toBe('otlp-test-controller');
  });
});
