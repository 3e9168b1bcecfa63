import type { Provider } from '@driftless/api';
import { type KubeClient, readSecretData, tryParseDuration } from '@driftless/runtime';
import { parse as parseYaml } from 'yaml';
import { DeliveryError, ProviderConfigError } from '../notifiers/delivery-errors.js';
import type { ProviderSettings } from '../notifiers/notifier.js';
import { defaultTransportOptions, type TransportOptions } from '../notifiers/transport.js';

export type ProviderObject = Provider & { metadata: { namespace: string; name: string; uid?: string } };

export interface ResolvedProvider {
  settings: ProviderSettings;
  transport: Omit<TransportOptions, 'maxResponseBytes'>;
}

/** Flux's default Provider timeout. */
const defaultTimeoutMs = 15_000;

/**
 * Reads the Provider's Secrets and merges them with its spec, as Flux does: the Secret's `address`
 * and `proxy` override the spec's; `proxySecretRef` overrides both; `certSecretRef` gives the CA and
 * the client certificate. A missing Secret is retryable (it may be created after the Provider).
 */
export async function resolveProvider(client: KubeClient, provider: ProviderObject): Promise<ResolvedProvider> {
  const { namespace, name } = provider.metadata;
  const spec = provider.spec;
  const secret = spec.secretRef ? await requiredSecret(client, provider, spec.secretRef.name, 'secretRef') : {};
  const headers = secret.headers ? parseHeaders(provider, secret.headers) : {};

  let proxy: TransportOptions['proxy'];
  const proxyUrl = secret.proxy || spec.proxy;
  if (proxyUrl) proxy = { url: proxyUrl };
  if (spec.proxySecretRef) {
    const proxySecret = await requiredSecret(client, provider, spec.proxySecretRef.name, 'proxySecretRef');
    if (!proxySecret.address) {
      throw new ProviderConfigError(`Secret '${namespace}/${spec.proxySecretRef.name}' has no 'address' key`);
    }
    proxy = { url: proxySecret.address, username: proxySecret.username, password: proxySecret.password };
  }

  let tls: TransportOptions['tls'];
  if (spec.certSecretRef) {
    const certs = await requiredSecret(client, provider, spec.certSecretRef.name, 'certSecretRef');
    tls = {
      ca: certs['ca.crt'] ?? certs.caFile,
      cert: certs['tls.crt'] ?? certs.certFile,
      key: certs['tls.key'] ?? certs.keyFile,
    };
    if (Boolean(tls.cert) !== Boolean(tls.key)) {
      throw new ProviderConfigError(
        `Secret '${namespace}/${spec.certSecretRef.name}' must hold both 'tls.crt' and 'tls.key', or neither`,
      );
    }
    if (!tls.ca && !tls.cert) {
      throw new ProviderConfigError(`Secret '${namespace}/${spec.certSecretRef.name}' has no 'ca.crt' or 'tls.crt'`);
    }
  }

  const timeoutMs = spec.timeout ? (tryParseDuration(spec.timeout) ?? defaultTimeoutMs) : defaultTimeoutMs;
  return {
    settings: {
      type: spec.type,
      namespace,
      name,
      uid: provider.metadata.uid ?? '',
      address: (secret.address ?? spec.address ?? '').trim(),
      channel: spec.channel || undefined,
      username: secret.username || spec.username || undefined,
      token: secret.token || undefined,
      password: secret.password || undefined,
      headers,
      commitStatusExpr: spec.commitStatusExpr || undefined,
    },
    transport: { ...defaultTransportOptions(), timeoutMs, proxy, tls },
  };
}

async function requiredSecret(client: KubeClient, provider: ProviderObject, secretName: string, field: string) {
  const { namespace, name } = provider.metadata;
  const data = await readSecretData(client, namespace, secretName);
  if (!data) {
    throw new DeliveryError(`Secret '${namespace}/${secretName}' (Provider ${name} ${field}) not found`, {
      retryable: true,
    });
  }
  return data;
}

function parseHeaders(provider: ProviderObject, text: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch (err) {
    throw new ProviderConfigError(`Provider ${provider.metadata.name}: the Secret's 'headers' is not valid YAML`, {
      cause: err,
    });
  }
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ProviderConfigError(`Provider ${provider.metadata.name}: the Secret's 'headers' must be a map`);
  }
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed)) headers[key] = String(value);
  return headers;
}
