import { once } from 'node:events';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { GitServerTls } from './git-server.js';

/** One request the capture server received, body read in full. */
export interface CapturedRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  /** Lower-case header names, as Node parses them. */
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** The body parsed as JSON; undefined when it is not JSON. */
  json: unknown;
  /** The status the server answered. */
  status: number;
}

export interface CaptureReply {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

export interface CaptureServerOptions {
  /** Port on 127.0.0.1; 0 lets the kernel pick a free one. */
  port: number;
  /** Decides each answer; it sees the requests before this one in `requests()`. Default: 200 `ok`. */
  respond: (request: Omit<CapturedRequest, 'status'>) => CaptureReply | Promise<CaptureReply>;
  /** Serve HTTPS with this certificate instead of HTTP. */
  tls: GitServerTls | undefined;
  /** With `tls`: require a client certificate signed by this PEM CA (mutual TLS). */
  clientCa: string | undefined;
}

export function defaultCaptureServerOptions(): CaptureServerOptions {
  return { port: 0, respond: () => ({ status: 200, body: 'ok' }), tls: undefined, clientCa: undefined };
}

/** A stand-in for a webhook service (Slack, PagerDuty, a generic receiver): records every request. */
export interface CaptureServer {
  /** `http://127.0.0.1:<port>` (https with tls). */
  readonly url: string;
  readonly port: number;
  /** Requests answered so far, in order. */
  requests(): CapturedRequest[];
  /** Resolves once `count` requests have been answered (or rejects after `timeoutMs`). */
  waitForRequests(count: number, timeoutMs?: number): Promise<CapturedRequest[]>;
  clearRequests(): void;
  /** Closes the server and its connections. Safe to call twice. */
  stop(): Promise<void>;
}

export async function startCaptureServer(options: Partial<CaptureServerOptions> = {}): Promise<CaptureServer> {
  const opts = { ...defaultCaptureServerOptions(), ...options };
  const recorded: CapturedRequest[] = [];
  const waiters = new Set<() => void>();

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      json = undefined;
    }
    const request = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, json };
    let reply: CaptureReply;
    try {
      reply = await opts.respond(request);
    } catch (err) {
      reply = { status: 500, body: String(err) };
    }
    recorded.push({ ...request, status: reply.status });
    res.writeHead(reply.status, reply.headers ?? {});
    res.end(reply.body ?? '');
    for (const wake of waiters) wake();
  };

  const listener = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch(() => res.destroy());
  };
  const server: Server = opts.tls
    ? createHttpsServer(
        { cert: opts.tls.cert, key: opts.tls.key, ca: opts.clientCa, requestCert: Boolean(opts.clientCa) },
        listener,
      )
    : createHttpServer(listener);
  server.listen(opts.port, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  let stopped: Promise<void> | undefined;

  return {
    url: `${opts.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    requests: () => [...recorded],
    waitForRequests(count, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (recorded.length < count) return;
          cleanup();
          resolve([...recorded]);
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`capture server got ${recorded.length} of ${count} requests in ${timeoutMs}ms`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    clearRequests() {
      recorded.length = 0;
    },
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return stopped;
    },
  };
}
