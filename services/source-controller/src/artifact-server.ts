import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Logger } from '@driftless/telemetry';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from 'fastify';

export interface ArtifactServerDeps {
  /** Absolute file of a storage path; throws for a path outside the storage root. */
  resolve(path: string): string;
  logger: Logger;
}

const contentTypes: ReadonlyArray<[suffix: string, type: string]> = [
  ['.tar.gz', 'application/gzip'],
  ['.tgz', 'application/gzip'],
  ['.json', 'application/json'],
  ['.yaml', 'application/yaml'],
];

function contentTypeOf(path: string): string {
  return contentTypes.find(([suffix]) => path.endsWith(suffix))?.[1] ?? 'application/octet-stream';
}

/**
 * The file server appliers download artifacts from (Flux's storage server): GET and HEAD of any
 * stored file at its storage path. Files being written (hidden temp files) and anything outside
 * the storage root are never served.
 */
export function buildArtifactServer(deps: ArtifactServerDeps): FastifyInstance {
  const loggerInstance = deps.logger.child({ component: 'artifact-server' }) as FastifyBaseLogger;
  const app: FastifyInstance = Fastify({ loggerInstance });
  const serve = async (path: string, reply: FastifyReply, withBody: boolean) => {
    const file = await storedFile(deps.resolve, path);
    if (!file) return reply.code(404).send({ error: 'artifact not found' });
    reply
      .header('content-type', contentTypeOf(path))
      .header('content-length', file.size)
      .header('last-modified', file.modifiedAt.toUTCString())
      .header('cache-control', 'no-cache');
    return withBody ? reply.send(createReadStream(file.absolute)) : reply.send();
  };
  app.route<{ Params: { '*': string } }>({
    method: ['GET', 'HEAD'],
    url: '/*',
    exposeHeadRoute: false,
    logLevel: 'warn',
    handler: (request, reply) => serve(request.params['*'], reply, request.method === 'GET'),
  });
  return app;
}

async function storedFile(resolve: ArtifactServerDeps['resolve'], path: string) {
  if (path.split('/').some((part) => part.startsWith('.'))) return undefined;
  let absolute: string;
  try {
    absolute = resolve(path);
  } catch {
    return undefined;
  }
  try {
    const stats = await stat(absolute);
    return stats.isFile() ? { absolute, size: stats.size, modifiedAt: stats.mtime } : undefined;
  } catch {
    return undefined;
  }
}
