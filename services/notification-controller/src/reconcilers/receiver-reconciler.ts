import { ConditionType, FluxFinalizer, NotificationReason, Reason } from '@driftless/api';
import {
  type KubeClient,
  markTrue,
  type ReconcileContext,
  type Reconciler,
  readSecretData,
  StallingError,
  TransientError,
} from '@driftless/runtime';
import { webhookPath } from '../receivers/webhook-path.js';
import { type ReceiverObject, receiverType } from './receiver-object.js';

/** The `token` of the Receiver's Secret; TokenNotFound (retried) while the Secret or key is missing. */
export async function receiverToken(client: KubeClient, receiver: ReceiverObject): Promise<string> {
  const { namespace } = receiver.metadata;
  const secretName = receiver.spec.secretRef.name;
  const data = await readSecretData(client, namespace, secretName);
  if (!data) {
    throw new TransientError(NotificationReason.TokenNotFound, `Secret '${namespace}/${secretName}' not found`);
  }
  if (!data.token) {
    throw new TransientError(
      NotificationReason.TokenNotFound,
      `invalid '${secretName}' secret data: required field 'token'`,
    );
  }
  return data.token;
}

/** Receiver: check the spec, read the token, publish the webhook path in the status (Flux's rules). */
export function receiverReconciler(): Reconciler<ReceiverObject, Record<string, never>> {
  async function checkSupported(_ctx: ReconcileContext, receiver: ReceiverObject) {
    if (receiver.spec.type === 'gcr') {
      throw new StallingError(
        NotificationReason.ValidationFailed,
        'gcr receivers are not supported by Driftless yet (they need Google OIDC token verification)',
      );
    }
    if (receiver.spec.resourceFilter) {
      throw new StallingError(
        NotificationReason.ValidationFailed,
        'spec.resourceFilter (CEL) is not supported by Driftless yet; select resources by name and matchLabels',
      );
    }
  }

  async function publishWebhookPath(ctx: ReconcileContext, receiver: ReceiverObject) {
    const token = await receiverToken(ctx.client, receiver);
    const path = webhookPath(token, receiver.metadata.name, receiver.metadata.namespace);
    receiver.status ??= {};
    receiver.status.webhookPath = path;
    markTrue(receiver, ConditionType.Ready, Reason.Succeeded, `Receiver initialized for path: ${path}`);
  }

  return {
    type: receiverType,
    finalizer: FluxFinalizer,
    newState: () => ({}),
    steps: [checkSupported, publishWebhookPath],
  };
}
