import * as http from 'node:http';
import * as https from 'node:https';
import { rootCertificates } from 'node:tls';
import { OciRequestError, OciTooLargeError } from './oci-errors.js';

export interface HttpRequestOptions {
  readonly method: 'GET' | 'HEAD';
  readonly headers: Readonly<Record<string, string>>;
  readonly signal: AbortSignal | undefined;
  /** Extra PEM CA certificate(s), trusted in addition to the system roots (as Flux does for `certSecretRef`). */
  readonly caCert: string | undefined;
  readonly maxRedirects: number;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: http.IncomingMessage;
  /** The URL that answered, after redirects. */
  readonly url: URL;
}

const redirectStatuses = new Set([301, 302, 303, 307, 308]);

function send(
  url: URL,
  opts: HttpRequestOptions,
  headers: Readonly<Record<string, string>>,
): Promise<http.IncomingMessage> {
  const isHttps = url.protocol === 'https:';
  if (!isHttps && url.protocol !== 'http:') {
    return Promise.reject(new OciRequestError(url.href, `unsupported protocol ${url.protocol}`));
  }
  const client = isHttps ? https : http;
  const tls = isHttps && opts.caCert !== undefined ? { ca: [...rootCertificates, opts.caCert] } : {};
  return new Promise((resolve, reject) => {
    const req = client.request(url, { method: opts.method, headers, signal: opts.signal, ...tls }, resolve);
    req.once('error', (err) => {
      const detail = opts.signal?.aborted ? 'request aborted' : err.message;
      reject(new OciRequestError(`${opts.method} ${url.href}`, detail, { cause: err }));
    });
    req.end();
  });
}

/**
 * Sends a request with node:http(s) and follows redirects (registries redirect blob downloads to storage). The
 * `Authorization` header is only sent to the origin it was meant for, never to a redirect target elsewhere.
 */
export async function httpRequest(url: URL, opts: HttpRequestOptions): Promise<HttpResponse> {
  let current = url;
  for (let redirects = 0; ; redirects += 1) {
    const sameOrigin = current.origin === url.origin;
    const headers = sameOrigin ? opts.headers : withoutAuthorization(opts.headers);
    const res = await send(current, opts, headers);
    const status = res.statusCode ?? 0;
    const location = res.headers.location;
    if (!redirectStatuses.has(status) || location === undefined)
      return { status, headers: res.headers, body: res, url: current };
    res.destroy();
    if (redirects >= opts.maxRedirects) {
      throw new OciRequestError(`${opts.method} ${url.href}`, `more than ${opts.maxRedirects} redirects`, { status });
    }
    current = new URL(location, current);
  }
}

function withoutAuthorization(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'authorization'));
}

/** Reads a whole body, failing with OciTooLargeError as soon as it passes `limit` bytes. */
export async function readBody(res: HttpResponse, limit: number, subject: string): Promise<Buffer> {
  const announced = Number(res.headers['content-length']);
  if (Number.isFinite(announced) && announced > limit) {
    res.body.destroy();
    throw new OciTooLargeError(subject, limit, announced);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of res.body as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limit) {
        res.body.destroy();
        throw new OciTooLargeError(subject, limit, size);
      }
      chunks.push(chunk);
    }
  } catch (err) {
    if (err instanceof OciTooLargeError) throw err;
    throw new OciRequestError(res.url.href, `reading the response failed: ${(err as Error).message}`, { cause: err });
  }
  return Buffer.concat(chunks);
}

/** Drains and discards a body so the connection can be reused. */
export async function discardBody(res: HttpResponse): Promise<void> {
  res.body.resume();
  await new Promise<void>((resolve) => {
    if (res.body.complete || res.body.destroyed) resolve();
    else
      res.body
        .once('end', resolve)
        .once('close', resolve)
        .once('error', () => resolve());
  });
}

/** A short description of an error response: status text and the first OCI error code and message of the body. */
export async function describeErrorResponse(res: HttpResponse): Promise<{ detail: string; code: string | undefined }> {
  let code: string | undefined;
  let message: string | undefined;
  try {
    const body = await readBody(res, 64 * 1024, res.url.href);
    const parsed = JSON.parse(body.toString('utf8')) as { errors?: { code?: unknown; message?: unknown }[] };
    const first = parsed.errors?.[0];
    if (typeof first?.code === 'string') code = first.code;
    if (typeof first?.message === 'string') message = first.message;
  } catch {
    // Not an OCI error body; the status is all there is.
  }
  const statusText = http.STATUS_CODES[res.status] ?? '';
  const suffix = code !== undefined ? ` (${code}${message ? `: ${message}` : ''})` : '';
  return { detail: `${res.status} ${statusText}${suffix}`.trim(), code };
}
