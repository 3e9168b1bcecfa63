import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { extname, join, posix, resolve, sep } from 'node:path';
import type { GitServerTls } from './git-server.js';

export interface StaticServerOptions {
  /** Directory served read-only at `/`. */
  root: string;
  /** Port on 127.0.0.1; 0 lets the kernel pick a free one. */
  port: number;
  /** Basic auth required on every request; `undefined` serves anonymously. */
  auth: { username: string; password: string } | undefined;
  /** Serve HTTPS with this certificate instead of HTTP. */
  tls: GitServerTls | undefined;
  /** With `tls`: require a client certificate signed by this PEM CA (mutual TLS). */
  clientCa: string | undefined;
}

export interface StaticServer {
  /** `http://127.0.0.1:<port>` (https with tls) */
  readonly url: string;
  readonly port: number;
  /**
   * Requests finished so far, in order. `path` is the URL path without the query; `user` is the basic-auth
   * username the client sent (whether or not it was accepted), `undefined` when it sent none.
   */
  requests(): { method: string; path: string; status: number; user: string | undefined }[];
  /** Forgets the recorded requests. */
  clearRequests(): void;
  /** Closes the server and its connections. Safe to call twice. */
  stop(): Promise<void>;
}

type RequestRecord = ReturnType<StaticServer['requests']>[number];
/** Writes the status line and headers, and notes the status in the request's record. */
type Reply = (status: number, headers: Record<string, string>) => ServerResponse;

const contentTypes: Record<string, string> = {
  '.yaml': 'application/x-yaml',
  '.yml': 'application/x-yaml',
  '.json': 'application/json',
  '.tgz': 'application/gzip',
  '.gz': 'application/gzip',
  '.txt': 'text/plain',
};

/** Starts a node:http(s) server on 127.0.0.1 that serves the files under `root` (GET and HEAD only). */
export async function startStaticServer(
  options: Partial<StaticServerOptions> & { root: string },
): Promise<StaticServer> {
  const opts: StaticServerOptions = { port: 0, auth: undefined, tls: undefined, clientCa: undefined, ...options };
  const root = await realpath(resolve(opts.root));
  let records: RequestRecord[] = [];
  let stopped = false;

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const user = basicUser(req);
    // Recorded before the reply is written so a client that has read the reply always finds its record.
    const record: RequestRecord = { method: req.method ?? 'GET', path: url.pathname, status: 0, user: user?.username };
    records.push(record);
    const reply: Reply = (status, headers) => {
      record.status = status;
      res.writeHead(status, headers);
      return res;
    };
    req.resume();
    if (opts.auth && (user?.username !== opts.auth.username || user.password !== opts.auth.password)) {
      reply(401, { 'WWW-Authenticate': 'Basic realm="static"', 'Content-Type': 'text/plain' }).end(
        'authentication required\n',
      );
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      reply(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain' }).end('method not allowed\n');
      return;
    }
    serveFile(root, url.pathname, req.method === 'HEAD', res, reply).catch(() => {
      if (res.headersSent) res.destroy();
      else reply(500, { 'Content-Type': 'text/plain' }).end();
    });
  };

  const server = createServer(opts, handler);
  server.listen({ host: '127.0.0.1', port: opts.port });
  await Promise.race([
    once(server, 'listening'),
    once(server, 'error').then(([err]) => {
      throw new Error(`static server could not listen on 127.0.0.1:${opts.port}`, { cause: err });
    }),
  ]);
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${opts.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    requests: () => records.map((r) => ({ ...r })),
    clearRequests() {
      records = [];
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

function createServer(opts: StaticServerOptions, handler: (req: IncomingMessage, res: ServerResponse) => void): Server {
  if (!opts.tls) return createHttpServer(handler);
  const mtls = opts.clientCa ? { requestCert: true, rejectUnauthorized: true, ca: opts.clientCa } : {};
  return createHttpsServer({ cert: opts.tls.cert, key: opts.tls.key, ...mtls }, handler);
}

function basicUser(req: IncomingMessage): { username: string; password: string } | undefined {
  const given = req.headers.authorization ?? '';
  if (!given.startsWith('Basic ')) return undefined;
  const decoded = Buffer.from(given.slice('Basic '.length), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** Maps a URL path to a regular file inside `root`, or `undefined` when it is missing or escapes `root`. */
async function resolveFile(root: string, pathname: string): Promise<{ file: string; size: number } | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const relative = posix.normalize(decoded).replace(/^\/+/, '');
  if (relative === '..' || relative.startsWith('../')) return undefined;
  try {
    // realpath also catches symlinks that point out of root.
    const file = await realpath(join(root, relative));
    if (file !== root && !file.startsWith(root + sep)) return undefined;
    const info = await stat(file);
    return info.isFile() ? { file, size: info.size } : undefined;
  } catch {
    return undefined;
  }
}

async function serveFile(
  root: string,
  pathname: string,
  headOnly: boolean,
  res: ServerResponse,
  reply: Reply,
): Promise<void> {
  const found = await resolveFile(root, pathname);
  if (!found) {
    reply(404, { 'Content-Type': 'text/plain' }).end('not found\n');
    return;
  }
  reply(200, {
    'Content-Type': contentTypes[extname(found.file)] ?? 'application/octet-stream',
    'Content-Length': String(found.size),
  });
  if (headOnly) {
    res.end();
    return;
  }
  const stream = createReadStream(found.file);
  stream.once('error', () => res.destroy());
  stream.pipe(res);
}
