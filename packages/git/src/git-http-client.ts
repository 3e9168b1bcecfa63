import { Agent as HttpAgent, request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { GitHttpRequest, GitHttpResponse, HttpClient } from 'isomorphic-git';

export interface GitHttpClientOptions {
  /** PEM bundle trusted instead of the system roots (the secret's `ca.crt`). */
  caCert: string | undefined;
  /** Every request is bound to this signal; an abort destroys the socket mid-transfer. */
  signal: AbortSignal;
  /** Redirects followed for GET requests (info/refs). */
  maxRedirects: number;
}

export function defaultGitHttpClientOptions(): Omit<GitHttpClientOptions, 'signal'> {
  return { caCert: undefined, maxRedirects: 5 };
}

export interface GitHttpClient extends HttpClient {
  /** Closes every connection of the client (also done when the signal aborts). */
  close(): void;
}

/**
 * An isomorphic-git HTTP client on node:http(s) that trusts a custom CA and honours an AbortSignal
 * (isomorphic-git's own node client does neither for fetch/listServerRefs). Its connections live
 * in agents of its own, destroyed on abort so that no socket outlives the operation.
 */
export function createGitHttpClient(options: GitHttpClientOptions): GitHttpClient {
  const agents: Agents = {
    http: new HttpAgent({ keepAlive: true }),
    https: new HttpsAgent({ keepAlive: true, ...(options.caCert === undefined ? {} : { ca: options.caCert }) }),
  };
  const close = (): void => {
    agents.http.destroy();
    agents.https.destroy();
  };
  options.signal.addEventListener('abort', close, { once: true });
  return {
    close() {
      options.signal.removeEventListener('abort', close);
      close();
    },
    async request(req: GitHttpRequest): Promise<GitHttpResponse> {
      const collected = req.body === undefined ? undefined : await collect(req.body);
      const body =
        collected !== undefined && req.url.endsWith('/git-upload-pack') ? withThinPack(collected) : collected;
      let url = req.url;
      let headers: Record<string, string> = { ...(req.headers ?? {}) };
      for (let redirects = 0; ; redirects++) {
        const res = await send(url, req.method ?? 'GET', headers, body, options.signal, agents);
        const location = res.headers.location;
        const redirect = res.statusCode !== undefined && res.statusCode >= 300 && res.statusCode < 400;
        if (!redirect || location === undefined || body !== undefined || redirects >= options.maxRedirects) {
          return toGitResponse(url, req.method ?? 'GET', res);
        }
        res.resume();
        const next = new URL(location, url);
        // Never carry credentials to another origin.
        if (next.origin !== new URL(url).origin) headers = withoutAuthorization(headers);
        url = next.toString();
      }
    },
  };
}

interface Agents {
  http: HttpAgent;
  https: HttpsAgent;
}

function send(
  url: string,
  method: string,
  headers: OutgoingHttpHeaders,
  body: Buffer | undefined,
  signal: AbortSignal,
  agents: Agents,
): Promise<IncomingMessage> {
  const target = new URL(url);
  const requestHeaders = { ...headers };
  if (body !== undefined) requestHeaders['content-length'] = String(body.length);
  const common = { method, headers: requestHeaders, signal };
  return new Promise((resolve, reject) => {
    const req =
      target.protocol === 'https:'
        ? httpsRequest(target, { ...common, agent: agents.https })
        : httpRequest(target, { ...common, agent: agents.http });
    req.once('response', resolve);
    req.once('error', reject);
    req.end(body);
  });
}

function toGitResponse(url: string, method: string, res: IncomingMessage): GitHttpResponse {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(res.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return {
    url,
    method,
    statusCode: res.statusCode ?? 0,
    statusMessage: res.statusMessage ?? '',
    headers,
    body: chunks(res),
  };
}

async function* chunks(res: IncomingMessage): AsyncIterableIterator<Uint8Array> {
  for await (const chunk of res) yield chunk as Buffer;
}

async function collect(body: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const part of body) parts.push(part);
  return Buffer.concat(parts);
}

/**
 * Adds `thin-pack` to the capabilities of an upload-pack request. Without it, git's upload-pack
 * resends every blob of the new commit to a shallow client even when the client `have`s the old
 * commit, so a depth-1 refetch would cost a full clone. isomorphic-git leaves it out only because
 * canonical git cannot read thin packs; the cache is read by isomorphic-git alone, which resolves
 * the external delta bases from the objects it already has.
 */
export function withThinPack(body: Buffer): Buffer {
  const length = Number.parseInt(body.subarray(0, 4).toString('latin1'), 16);
  if (!Number.isFinite(length) || length < 4 || length > body.length) return body;
  const line = body.subarray(4, length).toString('latin1');
  if (!line.startsWith('want ') || line.includes(' thin-pack')) return body;
  const newline = line.endsWith('\n') ? '\n' : '';
  const rewritten = `${line.slice(0, line.length - newline.length)} thin-pack${newline}`;
  const header = (rewritten.length + 4).toString(16).padStart(4, '0');
  return Buffer.concat([Buffer.from(header + rewritten, 'latin1'), body.subarray(length)]);
}

function withoutAuthorization(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'authorization'));
}
