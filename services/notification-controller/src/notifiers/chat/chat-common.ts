import type { FluxEvent } from '@driftless/api';
import { ProviderConfigError } from '../delivery-errors.js';
import { shortMetadata } from '../event-text.js';
import type { ProviderSettings } from '../notifier.js';

/**
 * The Provider's address as a URL. `fallback` stands in when no address is set, for services with
 * one public API host (Slack's chat.postMessage, Telegram, Webex); tests point the address elsewhere.
 */
export function providerUrl(settings: ProviderSettings, fallback?: string): URL {
  const raw = settings.address || fallback;
  if (!raw) {
    throw new ProviderConfigError(`${settings.type} Provider needs an address (spec.address or the Secret's address)`);
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ProviderConfigError(`${settings.type} Provider address is not a valid URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ProviderConfigError(`${settings.type} Provider address must be an http(s) URL, not ${url.protocol}`);
  }
  return url;
}

/** A setting the type cannot work without; `what` says where it comes from and what it means there. */
export function requireSetting(
  settings: ProviderSettings,
  key: 'channel' | 'token' | 'username' | 'password',
  what: string,
): string {
  const value = settings[key];
  if (!value) throw new ProviderConfigError(`${settings.type} Provider needs ${what}`);
  return value;
}

/**
 * Commit status updates are meant for Git providers only; Flux drops them for every chat service.
 * The key may still carry the object's group prefix (`kustomize.toolkit.fluxcd.io/commit_status`).
 */
export function isCommitStatusUpdate(event: FluxEvent): boolean {
  return Object.entries(event.metadata ?? {}).some(
    ([key, value]) => (key === 'commit_status' || key.endsWith('/commit_status')) && value === 'update',
  );
}

/** Metadata without group prefixes, sorted by key so every message lists it in the same order. */
export function metadataEntries(event: FluxEvent): Array<[string, string]> {
  return Object.entries(shortMetadata(event)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The body as JSON, or undefined when it is not JSON. */
export function parseJsonBody(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
