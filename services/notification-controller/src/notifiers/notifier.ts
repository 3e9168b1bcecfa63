import type { FluxEvent, ProviderType } from '@driftless/api';

/** One Provider with its Secret resolved: everything a notifier needs to send. */
export interface ProviderSettings {
  type: ProviderType;
  namespace: string;
  name: string;
  /** The Provider's UID (commit status contexts are derived from it, as in Flux). */
  uid: string;
  /** `address` from the Secret, else `spec.address`; '' when neither is set. */
  address: string;
  channel?: string;
  username?: string;
  /** Secret `token`. */
  token?: string;
  /** Secret `password`. */
  password?: string;
  /** Secret `headers`: extra HTTP headers (generic providers). */
  headers: Record<string, string>;
  /** `spec.commitStatusExpr` (CEL), for git commit status providers. */
  commitStatusExpr?: string;
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH';
  url: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
}

export interface HttpResponse {
  status: number;
  /** Lower-case header names. */
  headers: Record<string, string>;
  body: string;
}

/**
 * Sends HTTP requests with the Provider's timeout, proxy and TLS settings. Resolves with whatever
 * status the server answered; throws a retryable DeliveryError on network errors and timeouts.
 */
export interface Transport {
  send(request: HttpRequest): Promise<HttpResponse>;
}

/**
 * One provider type. `send` throws DeliveryError (retryable or not) when the service refused or
 * could not be reached, ProviderConfigError when the settings cannot work; it returns quietly when
 * the event is not for this type (e.g. a commit status without a revision, PagerDuty progress).
 */
export interface Notifier {
  readonly type: ProviderType;
  /** Checks the settings before any event is sent; throws ProviderConfigError naming what is wrong. */
  validate(settings: ProviderSettings): void;
  send(event: FluxEvent, settings: ProviderSettings, transport: Transport): Promise<void>;
}
