import { type ClientRequest, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent, request as httpsRequest } from 'node:https';
import { rootCertificates } from 'node:tls';
import type { HelmCredentials } from './helm-credentials.js';
import { HelmFetchError, HelmTooLargeError, HelmUnauthorizedError, HelmUrlError } from './helm-errors.js';

export interface HelmGetOptions {
  url: string;
  credentials: HelmCredentials;
  /**
   * The HelmRepository URL. Basic auth goes only to URLs with the same scheme and host:port, unless
   * `passCredentials` is set (Helm's `WithPassCredentialsAll`).
   */
  credentialsFor: string;
  passCredentials: boolean;
  signal: AbortSignal;
  maxBytes: number;
  /** Condition reason of the errors (`Failed` for an index, `ChartPullError` for a chart). */
  reason: string;
  /** What is fetched, for messages: `index`, `chart`. */
  what: string;
}

const maxRedirects = 10;
const userAgent = 'Helm/3 (driftless source-controller)';

/** GETs a URL into memory with Helm's auth rules, a custom CA / client certificate, a size limit and the signal. */
export async function helmGet(options: HelmGetOptions): Promise<Buffer> {
  const agent = tlsAgent(options.credentials);
  try {
    let url = parseHttpUrl(options.url);
    for (let hop = 0; hop <= maxRedirects; hop++) {
      const res = await send(url, options, agent);
      const location = res.headers.location;
      if (isRedirect(res.statusCode) && location) {
        res.resume();
        url = parseHttpUrl(new URL(location, url).toString());
        continue;
      }
      return await readBody(url, res, options);
    }
    throw new HelmFetchError(redact(url), `stopped after ${maxRedirects} redirects`, options.reason);
  } finally {
    agent?.destroy();
  }
}

/** `scheme://host/path` without userinfo and query, which may hold secrets. */
export function redact(url: URL | string): string {
  try {
    const u = typeof url === 'string' ? new URL(url) : url;
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '<invalid URL>';
  }
}

export function parseHttpUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch (err) {
    throw new HelmUrlError(`invalid URL ${redact(value)}`, { cause: err });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new HelmUrlError(`unsupported URL scheme '${url.protocol.replace(/:$/, '')}' in ${redact(url)}`);
  }
  return url;
}

function tlsAgent(credentials: HelmCredentials): Agent | undefined {
  if (!credentials.caCert && !credentials.certPem) return undefined;
  return new Agent({
    // Flux appends the CA to the system pool; node's `ca` replaces it, so the roots are added back.
    ca: credentials.caCert ? [...rootCertificates, credentials.caCert] : undefined,
    cert: credentials.certPem,
    key: credentials.keyPem,
    minVersion: 'TLSv1.2',
  });
}

function sendsCredentials(url: URL, options: HelmGetOptions): boolean {
  const { username, password } = options.credentials;
  if (!username || !password) return false;
  if (options.passCredentials) return true;
  const origin = new URL(options.credentialsFor);
  return origin.protocol === url.protocol && origin.host === url.host;
}

function send(url: URL, options: HelmGetOptions, agent: Agent | undefined): Promise<IncomingMessage> {
  const headers: Record<string, string> = { 'User-Agent': userAgent, Accept: '*/*' };
  if (sendsCredentials(url, options)) {
    const { username, password } = options.credentials;
    headers.Authorization = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  }
  const https = url.protocol === 'https:';
  return new Promise((resolve, reject) => {
    let req: ClientRequest;
    try {
      const requestOptions = { method: 'GET', headers, signal: options.signal };
      req = https
        ? httpsRequest(url, { ...requestOptions, agent: agent ?? undefined })
        : httpRequest(url, requestOptions);
    } catch (err) {
      reject(new HelmFetchError(redact(url), 'request failed', options.reason, { cause: err }));
      return;
    }
    req.once('response', resolve);
    req.once('error', (err) => {
      const message = options.signal.aborted ? 'aborted' : errorText(err);
      reject(new HelmFetchError(redact(url), message, options.reason, { cause: err }));
    });
    req.end();
  });
}

function readBody(url: URL, res: IncomingMessage, options: HelmGetOptions): Promise<Buffer> {
  const status = res.statusCode ?? 0;
  if (status === 401 || status === 403) {
    res.resume();
    return Promise.reject(new HelmUnauthorizedError(redact(url), status, options.reason));
  }
  if (status < 200 || status > 299) {
    res.resume();
    const text = `${status} ${res.statusMessage ?? ''}`.trim();
    return Promise.reject(new HelmFetchError(redact(url), text, options.reason, { status }));
  }
  const tooLarge = () => new HelmTooLargeError(redact(url), options.maxBytes, options.what, options.reason);
  const announced = Number(res.headers['content-length']);
  if (Number.isFinite(announced) && announced > options.maxBytes) {
    res.destroy();
    return Promise.reject(tooLarge());
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > options.maxBytes) {
        res.destroy();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    });
    const fail = (err: unknown): void => {
      const message = options.signal.aborted ? 'aborted' : errorText(err);
      reject(new HelmFetchError(redact(url), message, options.reason, { cause: err }));
    };
    res.once('end', () => resolve(Buffer.concat(chunks)));
    res.once('error', fail);
    // A body cut short without an error would otherwise leave the promise pending.
    res.once('close', () => {
      if (!res.complete) fail(new Error('connection closed before the body was complete'));
    });
  });
}

function isRedirect(status: number | undefined): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

function errorText(err: unknown): string {
  const code = (err as { code?: unknown }).code;
  const message = err instanceof Error ? err.message : String(err);
  return typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message;
}
