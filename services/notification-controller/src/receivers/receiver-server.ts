import type { Bus } from '@driftless/bus';
import type { Informer, KubeClient } from '@driftless/runtime';
import type { Logger } from '@driftless/telemetry';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { ReceiverObject } from '../reconcilers/receiver-object.js';
import { receiverToken } from '../reconcilers/receiver-reconciler.js';
import { requestReconciles } from './reconcile-requests.js';
import { verifyWebhook } from './verify/index.js';
import { webhookPath, webhookPathPrefix } from './webhook-path.js';

export interface ReceiverAppDeps {
  client: KubeClient;
  bus: Bus;
  logger: Logger;
  /** The Receivers' watch cache, indexed by `webhookPath` (see `indexReceiversByPath`). */
  receivers: Informer<ReceiverObject>;
}

export interface ReceiverAppOptions {
  /** Largest webhook body accepted; larger ones get 413. */
  bodyLimit: number;
}

export const webhookPathIndex = 'webhookPath';

export function indexReceiversByPath(receivers: Informer<ReceiverObject>): void {
  receivers.addIndex(webhookPathIndex, (receiver) =>
    receiver.status?.webhookPath ? [receiver.status.webhookPath] : [],
  );
}

/**
 * The webhook server: `POST /hook/<digest>` finds the Receiver whose status holds that path, checks the
 * call with the Receiver type's own rule, and asks for a reconcile of its resources. The path is
 * checked against the current token too, so a rotated token closes the old path at once.
 */
export function buildReceiverApp(deps: ReceiverAppDeps, options: ReceiverAppOptions): FastifyInstance {
  const loggerInstance = deps.logger.child({ component: 'receiver-server' }) as FastifyBaseLogger;
  const app: FastifyInstance = Fastify({ loggerInstance, bodyLimit: options.bodyLimit });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  app.post<{ Params: { digest: string } }>(`${webhookPathPrefix}:digest`, async (request, reply) => {
    const path = `${webhookPathPrefix}${request.params.digest}`;
    const receiver = deps.receivers.byIndex(webhookPathIndex, path)[0];
    if (!receiver) return reply.code(404).send({ message: 'no receiver for this path' });
    const { namespace, name } = receiver.metadata;
    const log = request.log.child({ receiver: `${namespace}/${name}`, type: receiver.spec.type });
    if (receiver.spec.suspend) return reply.code(503).send({ message: 'receiver is suspended' });

    let token: string;
    try {
      token = await receiverToken(deps.client, receiver);
    } catch (err) {
      log.error({ err }, 'cannot read the receiver token');
      return reply.code(500).send({ message: 'receiver token unavailable' });
    }
    if (webhookPath(token, name, namespace) !== path) {
      return reply.code(404).send({ message: 'no receiver for this path' });
    }
    const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const verdict = verifyWebhook({
      type: receiver.spec.type,
      token,
      events: receiver.spec.events ?? [],
      headers: request.headers,
      body,
    });
    if (verdict.outcome === 'reject') {
      log.warn({ status: verdict.status, reason: verdict.message }, 'webhook refused');
      return reply.code(verdict.status).send({ message: verdict.message });
    }
    if (verdict.outcome === 'ignore') return reply.code(200).send({ message: verdict.message });
    try {
      const requested = await requestReconciles(deps.client, deps.bus, receiver);
      log.info(
        { requested: requested.map((ref) => `${ref.kind}/${ref.namespace}/${ref.name}`) },
        'reconcile requested',
      );
      return reply.code(200).send({ message: `reconcile requested for ${requested.length} object(s)` });
    } catch (err) {
      log.error({ err }, 'cannot request the reconcile');
      return reply.code(500).send({ message: 'cannot request the reconcile of the receiver resources' });
    }
  });
  return app;
}
