import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ClusterContext, FieldValidation, Target } from '../context.js';
import { badRequest, methodNotSupported, StatusError, unsupportedMediaType } from '../errors.js';
import { parseFieldSelector, parseLabelSelector } from '../selectors.js';
import { toTable } from '../table/to-table.js';
import type { KubeObject } from '../types.js';
import { deleteCollection, deleteObject, parseDeleteOptions } from '../verbs/delete.js';
import { PatchType, patchObject } from '../verbs/patch.js';
import { getObject, listObjects } from '../verbs/read.js';
import { getScale, updateScale } from '../verbs/scale.js';
import { createObject, updateObject } from '../verbs/write.js';
import { decodeObject, decodeOptional } from './body.js';
import { booleanParam, integerParam, type Query, writeOptions } from './query.js';
import { streamWatch } from './watch.js';

export interface ResourceHandlerOptions {
  defaultFieldValidation: FieldValidation;
  bookmarkIntervalMs: number;
  dropWatchAfter: () => number | undefined;
}

type IncludeObject = 'None' | 'Metadata' | 'Object';

/** `Accept: application/json;as=Table;v=v1;g=meta.k8s.io` → a Table response. */
function wantsTable(accept: string | undefined): boolean {
  if (!accept) return false;
  return accept
    .split(',')
    .some((part) => /as=Table/.test(part) && /g=meta\.k8s\.io/.test(part) && /v=v1(;|$|\s|beta1)/.test(part));
}

function sendWithWarnings(reply: FastifyReply, code: number, body: unknown, warnings: string[]) {
  if (warnings.length) reply.header('Warning', warnings.map((w) => `299 - ${JSON.stringify(w)}`).join(', '));
  return reply.code(code).type('application/json').send(body);
}

const asTable = (
  target: Target,
  objects: KubeObject[],
  query: Query,
  listMeta?: { resourceVersion?: string; continue?: string },
) =>
  toTable(target.type, objects, {
    includeObject: (query.includeObject as IncludeObject | undefined) ?? 'Metadata',
    now: new Date(),
    listMeta,
  });

export async function handleResource(
  ctx: ClusterContext,
  request: FastifyRequest,
  reply: FastifyReply,
  target: Target,
  legacyWatch: boolean,
  query: Query,
  options: ResourceHandlerOptions,
) {
  const method = request.method;
  const rawBody = request.body as string | Buffer | undefined;
  const body = Buffer.isBuffer(rawBody) ? undefined : rawBody;
  const contentType = request.headers['content-type'];
  const accept = request.headers.accept;
  const userAgent = request.headers['user-agent'];
  const named = target.name !== undefined;
  const { type } = target;

  if (method === 'GET' && (legacyWatch || booleanParam(query, 'watch'))) {
    if (!type.verbs.includes('watch')) throw methodNotSupported(type.plural, 'watch');
    reply.hijack();
    streamWatch(ctx, reply.raw, {
      target,
      labelSelector: parseLabelSelector(query.labelSelector),
      fieldSelector: parseFieldSelector(named ? `metadata.name=${target.name}` : query.fieldSelector),
      resourceVersion: query.resourceVersion,
      timeoutSeconds: integerParam(query, 'timeoutSeconds'),
      allowBookmarks: booleanParam(query, 'allowWatchBookmarks'),
      sendInitialEvents: booleanParam(query, 'sendInitialEvents'),
      bookmarkIntervalMs: options.bookmarkIntervalMs,
      dropAfterMs: options.dropWatchAfter(),
    });
    return;
  }
  if (target.subresource === 'scale') {
    if (method === 'GET') return reply.send(getScale(ctx, target));
    if (method === 'PUT' || method === 'PATCH') {
      const result = updateScale(
        ctx,
        target,
        method,
        body ?? '',
        contentType,
        writeOptions(query, userAgent, options.defaultFieldValidation),
      );
      return sendWithWarnings(reply, 200, result.object, result.warnings);
    }
    throw methodNotSupported(type.plural, method);
  }
  switch (method) {
    case 'GET': {
      if (named) {
        const object = getObject(ctx, target);
        return reply.type('application/json').send(wantsTable(accept) ? asTable(target, [object], query) : object);
      }
      const list = listObjects(ctx, target, {
        labelSelector: parseLabelSelector(query.labelSelector),
        fieldSelector: parseFieldSelector(query.fieldSelector),
        limit: integerParam(query, 'limit'),
        continueToken: query.continue,
      });
      return reply
        .type('application/json')
        .send(wantsTable(accept) ? asTable(target, list.items, query, list.metadata) : list);
    }
    case 'POST': {
      if (named) throw methodNotSupported(type.plural, 'create');
      if (!type.verbs.includes('create')) throw methodNotSupported(type.plural, 'create');
      const result = createObject(
        ctx,
        target,
        decodeObject(rawBody, contentType),
        writeOptions(query, userAgent, options.defaultFieldValidation),
      );
      return sendWithWarnings(reply, 201, result.object, result.warnings);
    }
    case 'PUT': {
      if (!named) throw methodNotSupported(type.plural, 'update');
      const result = updateObject(
        ctx,
        target,
        decodeObject(rawBody, contentType),
        writeOptions(query, userAgent, options.defaultFieldValidation),
      );
      return sendWithWarnings(reply, 200, result.object, result.warnings);
    }
    case 'PATCH': {
      if (!named) throw methodNotSupported(type.plural, 'patch');
      const patchType = (contentType ?? '').split(';')[0].trim() as PatchType;
      if (!Object.values(PatchType).includes(patchType)) throw unsupportedMediaType(contentType ?? '');
      if (patchType === PatchType.apply && !query.fieldManager) {
        throw badRequest('PATCH, application/apply-patch+yaml requires fieldManager to be set');
      }
      const result = patchObject(ctx, target, patchType, body ?? '', {
        ...writeOptions(query, userAgent, options.defaultFieldValidation),
        force: booleanParam(query, 'force'),
      });
      return sendWithWarnings(reply, result.created ? 201 : 200, result.object, result.warnings);
    }
    case 'DELETE': {
      const deleteOptions = parseDeleteOptions(decodeOptional(body), query, query.dryRun === 'All');
      if (named) return reply.type('application/json').send(deleteObject(ctx, target, deleteOptions).object);
      if (!type.verbs.includes('deletecollection')) throw methodNotSupported(type.plural, 'deletecollection');
      return reply.type('application/json').send(
        deleteCollection(
          ctx,
          target,
          {
            labelSelector: parseLabelSelector(query.labelSelector),
            fieldSelector: parseFieldSelector(query.fieldSelector),
          },
          deleteOptions,
        ),
      );
    }
    default:
      throw new StatusError(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource`);
  }
}
