import { type FluxEvent, Reason } from '@driftless/api';
import { ProviderConfigError } from '../delivery-errors.js';
import { shortMetadata } from '../event-text.js';
import type { ProviderSettings } from '../notifier.js';

/**
 * The event as Flux's notification-controller hands it to webhooks and NATS: metadata keys without
 * their API group prefix, `metadata` and `reportingInstance` left out when empty.
 */
export function wireEvent(event: FluxEvent): FluxEvent {
  const metadata = shortMetadata(event);
  return {
    involvedObject: event.involvedObject,
    severity: event.severity,
    timestamp: event.timestamp,
    message: event.message,
    reason: event.reason,
    ...(Object.keys(metadata).length > 0 ? { metadata } : {}),
    reportingController: event.reportingController,
    ...(event.reportingInstance ? { reportingInstance: event.reportingInstance } : {}),
  };
}

/** Progress reports are neither a failure nor a recovery; incident tools skip them as Flux does. */
export function isProgressing(event: FluxEvent): boolean {
  return event.reason === Reason.Progressing;
}

/**
 * The key that ties a recovery to the incident its failure opened: the object's UID, as in Flux.
 * Without a UID, kind/namespace/name is the next most stable identity.
 */
export function incidentKey(event: FluxEvent): string {
  const { uid, kind, namespace, name } = event.involvedObject;
  return uid || `${kind}/${namespace}/${name}`;
}

/** The Provider's address as an http(s) URL; the message never echoes the address (it may hold a secret). */
export function httpAddress(settings: ProviderSettings): URL {
  if (!settings.address) {
    throw new ProviderConfigError(`${settings.type} Provider needs an address (spec.address or the Secret's address)`);
  }
  return parseHttpUrl(settings.address, `${settings.type} Provider address`);
}

export function parseHttpUrl(value: string, what: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ProviderConfigError(`${what} is not a valid URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ProviderConfigError(`${what} must be an http or https URL, not ${url.protocol}`);
  }
  return url;
}

export function requireToken(settings: ProviderSettings, purpose: string): string {
  if (!settings.token) {
    throw new ProviderConfigError(`${settings.type} Provider needs a token (the Secret's token) ${purpose}`);
  }
  return settings.token;
}

/** RFC 3339 in UTC with whole seconds, as Go's time.RFC3339 prints it; an unreadable time is passed through. */
export function rfc3339Seconds(timestamp: string): string {
  const ms = Date.parse(timestamp);
  return Number.isNaN(ms) ? timestamp : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function unixSeconds(timestamp: string): number {
  const ms = Date.parse(timestamp);
  return Math.floor((Number.isNaN(ms) ? Date.now() : ms) / 1000);
}

export function basicAuthorization(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}
