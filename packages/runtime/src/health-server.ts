import type { ControllerMetrics, Logger } from '@driftless/telemetry';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';

/** One thing that must hold for the process to take traffic, e.g. "caches synced", "NATS connected". */
export interface ReadinessCheck {
  name: string;
  ready(): boolean;
}

export interface HealthAppDeps {
  readiness: ReadonlyArray<ReadinessCheck>;
  metrics: ControllerMetrics;
  logger: Logger;
}

/** Probes and scrapes come every few seconds; they are not worth a log line each. */
const quiet = { logLevel: 'silent' } as const;

/** /healthz (the process answers), /readyz (every readiness check holds) and /metrics (Prometheus). */
export function buildHealthApp(deps: HealthAppDeps): FastifyInstance {
  const loggerInstance = deps.logger.child({ component: 'health-server' }) as FastifyBaseLogger;
  const app: FastifyInstance = Fastify({ loggerInstance });
  app.get('/healthz', quiet, async () => 'ok');
  app.get('/readyz', quiet, async (_request, reply) => {
    const failing = deps.readiness.filter((check) => !check.ready()).map((check) => check.name);
    if (failing.length > 0) return reply.code(503).send({ ready: false, failing });
    return { ready: true };
  });
  app.get('/metrics', quiet, async (_request, reply) => {
    reply.header('content-type', deps.metrics.contentType);
    return deps.metrics.render();
  });
  return app;
}
