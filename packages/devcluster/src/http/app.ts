import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { ClusterContext, FieldValidation } from '../context.js';
import { internalError, StatusError } from '../errors.js';
import type { FaultInjector } from '../faults/fault-injector.js';
import { openApiV2 } from '../openapi/v2-document.js';
import { openApiV3GroupVersion } from '../openapi/v3-document.js';
import { openApiV3Index } from '../openapi/v3-index.js';
import {
  aggregatedDiscovery,
  aggregatedDiscoveryContentType,
  apiGroupList,
  apiGroupOf,
  apiResourceList,
  apiVersions,
  wantsAggregatedDiscovery,
} from './discovery.js';
import type { RequestGuard } from './guard.js';
import { parseQuery } from './query.js';
import { parseResourcePath } from './request-target.js';
import { handleResource } from './resource-handler.js';

export interface AppOptions {
  bodyLimitBytes: number;
  defaultFieldValidation: FieldValidation;
  bookmarkIntervalMs: number;
  serverAddress: () => string;
}

export const defaultAppOptions = (): AppOptions => ({
  bodyLimitBytes: 3 * 1024 * 1024,
  defaultFieldValidation: 'Strict',
  bookmarkIntervalMs: 10_000,
  serverAddress: () => '127.0.0.1:6443',
});

export interface AppDeps {
  ctx: ClusterContext;
  faults: FaultInjector;
  guard: RequestGuard;
  options: AppOptions;
}

export const kubernetesVersion = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.0-driftless',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2026-01-01T00:00:00Z',
  goVersion: 'go1.23',
  compiler: 'gc',
  platform: 'linux/amd64',
};

function sendStatusError(reply: FastifyReply, error: StatusError) {
  if (error.details?.retryAfterSeconds !== undefined)
    reply.header('Retry-After', String(error.details.retryAfterSeconds));
  return reply.code(error.code).type('application/json').send(error.toStatus());
}

function fastifyErrorToStatus(error: { statusCode?: number; code?: string; message: string }): StatusError {
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || error.statusCode === 413) {
    return new StatusError(413, 'RequestEntityTooLarge', 'the request body is too large: limit is 3MB');
  }
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return new StatusError(error.statusCode, 'BadRequest', error.message);
  }
  return internalError(error.message, error);
}

/** Builds the API server's HTTP application; `main`/`startDevCluster` listens. */
export function buildApp(deps: AppDeps): FastifyInstance {
  const { ctx, faults, guard, options } = deps;
  const app = Fastify({
    logger: false,
    bodyLimit: options.bodyLimitBytes,
    return503OnClosing: false,
    forceCloseConnections: true,
  });

  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    'application/vnd.kubernetes.protobuf',
    { parseAs: 'buffer', bodyLimit: options.bodyLimitBytes },
    (_request, body, done) => done(null, body),
  );
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: options.bodyLimitBytes }, (_request, body, done) =>
    done(null, body),
  );
  app.setErrorHandler((error, _request, reply) => {
    if (error instanceof StatusError) return sendStatusError(reply, error);
    return sendStatusError(reply, fastifyErrorToStatus(error as never));
  });
  app.setNotFoundHandler((_request, reply) =>
    sendStatusError(reply, new StatusError(404, 'NotFound', 'the server could not find the requested resource')),
  );

  app.addHook('onRequest', async (request: FastifyRequest) => {
    const path = request.url.split('?')[0];
    const decision = faults.forRequest({
      method: request.method,
      path,
      isWatch: /[?&]watch=(true|1)/.test(request.url),
    });
    if (decision.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, decision.delayMs));
    if (decision.failure) {
      const { code, retryAfterSeconds, message } = decision.failure;
      throw new StatusError(code, code === 429 ? 'TooManyRequests' : 'InternalError', message, { retryAfterSeconds });
    }
    guard.authenticate(request);
  });

  for (const path of ['/healthz', '/livez', '/readyz'])
    app.get(path, async (_req, reply) => reply.type('text/plain').send('ok'));
  app.get('/version', async () => kubernetesVersion);

  app.get('/devcluster/faults', async () => faults.current());
  app.put('/devcluster/faults', async (request) => {
    guard.requireAdmin(request);
    const update = JSON.parse((request.body as string) || '{}');
    faults.update(update);
    return faults.current();
  });

  let openApiCache: { generation: number; v2?: string; index?: unknown; groups: Map<string, string> } = {
    generation: -1,
    groups: new Map(),
  };
  const openApi = () => {
    if (openApiCache.generation !== ctx.registry.generation) {
      openApiCache = { generation: ctx.registry.generation, groups: new Map() };
    }
    return openApiCache;
  };
  app.get('/openapi/v2', async (request, reply) => {
    const accept = request.headers.accept ?? '';
    if (accept.includes('protobuf') && !accept.includes('json') && !accept.includes('*/*')) {
      return sendStatusError(
        reply,
        new StatusError(406, 'NotAcceptable', 'only application/json is served for /openapi/v2'),
      );
    }
    const cache = openApi();
    cache.v2 ??= JSON.stringify(openApiV2(ctx.registry.all()));
    return reply.type('application/json').send(cache.v2);
  });
  app.get('/openapi/v3', async () => {
    const cache = openApi();
    cache.index ??= openApiV3Index(ctx.registry.all());
    return cache.index;
  });
  app.get('/openapi/v3/*', async (request, reply) => {
    const path = request.url.split('?')[0].replace(/^\/openapi\/v3\//, '');
    const segments = path.split('/');
    const [group, version] = segments[0] === 'api' ? ['', segments[1]] : [segments[1], segments[2]];
    const cache = openApi();
    let document = cache.groups.get(path);
    if (!document) {
      const built = openApiV3GroupVersion(group ?? '', version ?? '', ctx.registry.all());
      if (!built) throw new StatusError(404, 'NotFound', `no OpenAPI document for ${path}`);
      document = JSON.stringify(built);
      cache.groups.set(path, document);
    }
    return reply.type('application/json').header('Cache-Control', 'no-cache').send(document);
  });

  const handle = async (request: FastifyRequest, reply: FastifyReply) => {
    const [path] = request.url.split('?');
    const segments = path.split('/').filter(Boolean);
    const aggregated = wantsAggregatedDiscovery(request.headers.accept);
    if (path === '/api' || path === '/api/') {
      if (aggregated) {
        return reply
          .type(aggregatedDiscoveryContentType.replace('v=v2', `v=${aggregated}`))
          .send(aggregatedDiscovery(ctx.registry, true, aggregated));
      }
      return apiVersions(options.serverAddress());
    }
    if (path === '/apis' || path === '/apis/') {
      if (aggregated) {
        return reply
          .type(aggregatedDiscoveryContentType.replace('v=v2', `v=${aggregated}`))
          .send(aggregatedDiscovery(ctx.registry, false, aggregated));
      }
      return apiGroupList(ctx.registry);
    }
    if (segments[0] === 'api' && segments.length === 2) {
      if (!ctx.registry.groups().some((g) => g.group === '' && g.versions.includes(segments[1]))) throw notFoundPage();
      return apiResourceList(ctx.registry, '', segments[1]);
    }
    if (segments[0] === 'apis' && segments.length === 2) {
      const group = apiGroupOf(ctx.registry, segments[1]);
      if (!group) throw notFoundPage();
      return group;
    }
    if (segments[0] === 'apis' && segments.length === 3) {
      if (!ctx.registry.groups().some((g) => g.group === segments[1] && g.versions.includes(segments[2])))
        throw notFoundPage();
      return apiResourceList(ctx.registry, segments[1], segments[2]);
    }
    const parsed = parseResourcePath(path, ctx.registry);
    if (!parsed) throw notFoundPage();
    const query = parseQuery(request.url);
    guard.authorize(request, parsed.target, query);
    return handleResource(ctx, request, reply, parsed.target, parsed.legacyWatch, query, {
      defaultFieldValidation: options.defaultFieldValidation,
      bookmarkIntervalMs: options.bookmarkIntervalMs,
      dropWatchAfter: () => faults.dropWatchAfter(),
    });
  };
  const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
  for (const url of ['/api', '/api/*', '/apis', '/apis/*']) app.route({ method: [...methods], url, handler: handle });
  return app;
}

const notFoundPage = () => new StatusError(404, 'NotFound', 'the server could not find the requested resource');
