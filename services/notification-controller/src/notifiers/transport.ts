import { Agent, type Dispatcher, ProxyAgent, request } from 'undici';
import { DeliveryError } from './delivery-errors.js';
import type { HttpRequest, HttpResponse, Transport } from './notifier.js';

export interface TransportOptions {
  /** Whole-request deadline (Provider `spec.timeout`, 15s by default as in Flux). */
  timeoutMs: number;
  /** `spec.proxy` or the proxySecretRef's address, with its credentials. */
  proxy?: { url: string; username?: string; password?: string };
  /** certSecretRef: `ca.crt` alone, or with `tls.crt` + `tls.key` for mutual TLS. */
  tls?: { ca?: string; cert?: string; key?: string };
  /** Largest response body read; the rest is discarded. */
  maxResponseBytes: number;
}

export function defaultTransportOptions(): TransportOptions {
  return { timeoutMs: 15_000, maxResponseBytes: 64 * 1024 };
}

export interface ClosableTransport extends Transport {
  close(): Promise<void>;
}

/** An HTTP transport with its own connection pool (undici), proxy and TLS settings. */
export function createTransport(options: Partial<TransportOptions> = {}): ClosableTransport {
  const opts = { ...defaultTransportOptions(), ...options };
  const connect = opts.tls ? { ca: opts.tls.ca, cert: opts.tls.cert, key: opts.tls.key } : undefined;
  const dispatcher: Dispatcher = opts.proxy
    ? new ProxyAgent({
        uri: opts.proxy.url,
        token: opts.proxy.username
          ? `Basic ${Buffer.from(`${opts.proxy.username}:${opts.proxy.password ?? ''}`).toString('base64')}`
          : undefined,
        requestTls: connect,
      })
    : new Agent({ connect });
  return {
    async send(req: HttpRequest): Promise<HttpResponse> {
      const target = redactUrl(req.url);
      try {
        const response = await request(req.url, {
          method: req.method,
          headers: req.headers,
          body: req.body,
          dispatcher,
          signal: AbortSignal.timeout(opts.timeoutMs),
        });
        const body = await readLimited(response.body, opts.maxResponseBytes);
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(response.headers)) {
          if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
        }
        return { status: response.statusCode, headers, body };
      } catch (err) {
        const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
        const why = timedOut ? `timed out after ${opts.timeoutMs}ms` : describeNetworkError(err);
        throw new DeliveryError(`${req.method} ${target}: ${why}`, { retryable: true, cause: err });
      }
    },
    close: () => dispatcher.close(),
  };
}

/**
 * Sends `payload` as JSON and checks the answer: 2xx passes; 429 and 5xx are retryable (with the
 * Retry-After the service gave); any other status is a refusal that retrying will not change.
 */
export async function postJson(
  transport: Transport,
  url: string,
  payload: unknown,
  headers: Record<string, string> = {},
): Promise<HttpResponse> {
  const response = await transport.send({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(payload),
  });
  return expectSuccess(response, 'POST', url);
}

export function expectSuccess(response: HttpResponse, method: string, url: string): HttpResponse {
  if (response.status >= 200 && response.status < 300) return response;
  const retryable = response.status === 429 || response.status >= 500;
  const snippet = response.body.replace(/\s+/g, ' ').trim().slice(0, 200);
  throw new DeliveryError(`${method} ${redactUrl(url)} answered ${response.status}${snippet ? `: ${snippet}` : ''}`, {
    retryable,
    status: response.status,
    retryAfterMs: parseRetryAfter(response.headers['retry-after']),
  });
}

/** Retry-After as seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Scheme and host only: webhook URLs carry their secret in the path or query. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname === '/' && !parsed.search ? '' : '/…'}`;
  } catch {
    return '<invalid URL>';
  }
}

function describeNetworkError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause instanceof Error ? err.cause : undefined;
  const code = (cause as NodeJS.ErrnoException | undefined)?.code ?? (err as NodeJS.ErrnoException).code;
  return code ? `${code}` : err.message.replace(/https?:\/\/\S+/g, (match) => redactUrl(match));
}

async function readLimited(body: AsyncIterable<Uint8Array> & { destroy(): unknown }, limit: number) {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = Buffer.from(chunk);
    if (size + buffer.length > limit) {
      chunks.push(buffer.subarray(0, limit - size));
      body.destroy();
      break;
    }
    chunks.push(buffer);
    size += buffer.length;
  }
  return Buffer.concat(chunks).toString('utf8');
}
