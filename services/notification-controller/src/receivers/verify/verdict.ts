import type { ReceiverType } from '@driftless/api';

/** Request headers as Node gives them: lower-case names, repeated headers as arrays. */
export type WebhookHeaders = Readonly<Record<string, string | string[] | undefined>>;

export interface WebhookInput {
  type: ReceiverType;
  /** The Receiver Secret's `token`. */
  token: string;
  /** `spec.events`; empty accepts every event. */
  events: readonly string[];
  headers: WebhookHeaders;
  /** The raw request body, exactly as received (signatures are computed over these bytes). */
  body: Buffer;
}

export type WebhookVerdict =
  | { outcome: 'reconcile' }
  | { outcome: 'ignore'; status: 200; message: string }
  | { outcome: 'reject'; status: 400 | 401 | 501; message: string };

export type RejectStatus = Extract<WebhookVerdict, { outcome: 'reject' }>['status'];

export type Verifier = (input: WebhookInput) => WebhookVerdict;

export function reconcile(): WebhookVerdict {
  return { outcome: 'reconcile' };
}

export function ignore(message: string): WebhookVerdict {
  return { outcome: 'ignore', status: 200, message };
}

export function reject(status: RejectStatus, message: string): WebhookVerdict {
  return { outcome: 'reject', status, message };
}
