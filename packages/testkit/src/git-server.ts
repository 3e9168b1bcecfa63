import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GitNotInstalledError, gitEnv, runGit } from './git-repo.js';

export type GitServerAuth = { username: string; password: string } | { token: string };

export interface GitServerTls {
  /** PEM certificate (chain) served to clients. */
  cert: string | Buffer;
  /** PEM private key of `cert`. */
  key: string | Buffer;
}

export interface GitServerOptions {
  /** Dir holding the bare repos; `undefined` makes a temp dir that `stop()` removes. A given dir is kept. */
  root: string | undefined;
  /** Basic (`username`/`password`) or Bearer (`token`) auth on every request; `undefined` serves anonymously. */
  auth: GitServerAuth | undefined;
  /** Serve HTTPS with this certificate instead of HTTP. */
  tls: GitServerTls | undefined;
  /** Port on 127.0.0.1; 0 lets the kernel pick a free one. */
  port: number;
  /** The git binary (used to find `git-http-backend` and to create repos). */
  binary: string;
}

export function defaultGitServerOptions(): GitServerOptions {
  return { root: undefined, auth: undefined, tls: undefined, port: 0, binary: 'git' };
}

export interface GitRequestRecord {
  method: string;
  /** URL path without the query, e.g. `/app.git/info/refs` or `/app.git/git-upload-pack`. */
  path: string;
  /** The `service` query parameter of `info/refs` requests (`git-upload-pack`, `git-receive-pack`), else `undefined`. */
  service: string | undefined;
  /** The request's `Content-Encoding` (`gzip` for compressed bodies), else `undefined`. */
  contentEncoding: string | undefined;
  status: number;
}

export interface GitServer {
  /** `http://127.0.0.1:<port>` (or `https://…` with `tls`). */
  readonly url: string;
  readonly port: number;
  /** Dir holding the bare repos `<root>/<name>.git`. */
  readonly root: string;
  /** `<url>/<name>.git`. */
  repoUrl(name: string): string;
  /** Creates the bare repo `<root>/<name>.git` (HEAD → `main`) and returns its path. */
  createRepo(name: string): Promise<string>;
  /** Every finished request, in completion order. */
  requests(): GitRequestRecord[];
  /** Forgets the recorded requests. */
  clearRequests(): void;
  /** What `git http-backend` wrote to stderr and CGI failures, for assertions and failure messages. */
  logs(): string;
  /** Closes the server, kills running CGI processes and removes a temp root. Safe to call twice. */
  stop(): Promise<void>;
}

export class GitServerStartError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'GitServerStartError';
  }
}

const maxLogChars = 64 * 1024;
const maxCgiHeaderBytes = 64 * 1024;

/**
 * Starts a node:http(s) server on 127.0.0.1 that runs the real `git http-backend` as CGI for every
 * request, with push (`http.receivepack`) enabled for every repo under `root`.
 */
export async function startGitServer(options: Partial<GitServerOptions> = {}): Promise<GitServer> {
  const opts = { ...defaultGitServerOptions(), ...options };
  const ownsRoot = opts.root === undefined;
  const root = opts.root ?? (await mkdtemp(join(tmpdir(), 'driftless-git-')));
  const children = new Set<ChildProcessWithoutNullStreams>();
  let records: GitRequestRecord[] = [];
  let output = '';
  let stopped = false;
  let server: Server | undefined;

  const log = (line: string): void => {
    output = (output + line + (line.endsWith('\n') ? '' : '\n')).slice(-maxLogChars);
  };

  try {
    const execPath = await gitExecPath(opts.binary);
    const backend = join(execPath, 'git-http-backend');
    const context: CgiContext = { backend, root, children, log };

    const handler = (req: IncomingMessage, res: ServerResponse): void => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      res.once('close', () => {
        records.push({
          method: req.method ?? 'GET',
          path: url.pathname,
          service: url.pathname.endsWith('/info/refs') ? (url.searchParams.get('service') ?? undefined) : undefined,
          contentEncoding: header(req, 'content-encoding'),
          status: res.statusCode,
        });
      });
      const user = authenticate(req, opts.auth);
      if (user === undefined) {
        req.resume();
        res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="git"', 'Content-Type': 'text/plain' });
        res.end('authentication required\n');
        return;
      }
      let pathInfo: string;
      try {
        pathInfo = decodeURIComponent(url.pathname);
      } catch {
        req.resume();
        res.writeHead(400, { 'Content-Type': 'text/plain' });
        res.end('malformed path\n');
        return;
      }
      runCgi(context, req, res, url, pathInfo, user);
    };

    server = opts.tls
      ? createHttpsServer({ cert: opts.tls.cert, key: opts.tls.key }, handler)
      : createHttpServer(handler);
    const listening = server;
    listening.listen({ host: '127.0.0.1', port: opts.port });
    await Promise.race([
      once(listening, 'listening'),
      once(listening, 'error').then(([err]) => {
        throw new GitServerStartError(`git server could not listen on 127.0.0.1:${opts.port}`, { cause: err });
      }),
    ]);
    const port = (listening.address() as AddressInfo).port;
    const url = `${opts.tls ? 'https' : 'http'}://127.0.0.1:${port}`;

    return {
      url,
      port,
      root,
      repoUrl: (name) => `${url}/${name}.git`,
      async createRepo(name) {
        const dir = join(root, `${name}.git`);
        await mkdir(dir, { recursive: true });
        await runGit(['init', '--quiet', '--bare', '--initial-branch=main'], { cwd: dir, binary: opts.binary });
        await runGit(['config', 'http.receivepack', 'true'], { cwd: dir, binary: opts.binary });
        return dir;
      },
      requests: () => [...records],
      clearRequests() {
        records = [];
      },
      logs: () => output,
      async stop() {
        if (stopped) return;
        stopped = true;
        for (const child of children) child.kill('SIGKILL');
        listening.closeAllConnections();
        await new Promise<void>((resolve) => listening.close(() => resolve()));
        if (ownsRoot) await rm(root, { recursive: true, force: true });
      },
    };
  } catch (err) {
    server?.close();
    if (ownsRoot) await rm(root, { recursive: true, force: true });
    throw err;
  }
}

async function gitExecPath(binary: string): Promise<string> {
  try {
    return (await runGit(['--exec-path'], { binary })).stdout.trim();
  } catch (err) {
    if (err instanceof GitNotInstalledError) throw err;
    throw new GitServerStartError(`could not find git-http-backend (${binary} --exec-path failed)`, { cause: err });
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** Returns the authenticated user (`''` when the server is anonymous) or `undefined` when rejected. */
function authenticate(req: IncomingMessage, auth: GitServerAuth | undefined): string | undefined {
  if (auth === undefined) return '';
  const given = req.headers.authorization ?? '';
  if ('token' in auth) return given === `Bearer ${auth.token}` ? 'token' : undefined;
  if (!given.startsWith('Basic ')) return undefined;
  const decoded = Buffer.from(given.slice('Basic '.length), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const username = decoded.slice(0, colon);
  const password = decoded.slice(colon + 1);
  return username === auth.username && password === auth.password ? username : undefined;
}

interface CgiContext {
  backend: string;
  root: string;
  children: Set<ChildProcessWithoutNullStreams>;
  log: (line: string) => void;
}

function runCgi(
  context: CgiContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  pathInfo: string,
  user: string,
): void {
  const cgiEnv: Record<string, string> = {
    GIT_PROJECT_ROOT: context.root,
    GIT_HTTP_EXPORT_ALL: '1',
    // Push is on for every repo under root, not only those made by createRepo.
    GIT_CONFIG_COUNT: '1',
    GIT_CONFIG_KEY_0: 'http.receivepack',
    GIT_CONFIG_VALUE_0: 'true',
    GATEWAY_INTERFACE: 'CGI/1.1',
    SERVER_PROTOCOL: `HTTP/${req.httpVersion}`,
    REQUEST_METHOD: req.method ?? 'GET',
    QUERY_STRING: url.search.slice(1),
    PATH_INFO: pathInfo,
    REMOTE_ADDR: req.socket.remoteAddress ?? '127.0.0.1',
  };
  if (user !== '') cgiEnv.REMOTE_USER = user;
  const optional: [string, string][] = [
    ['content-type', 'CONTENT_TYPE'],
    ['content-length', 'CONTENT_LENGTH'],
    ['content-encoding', 'HTTP_CONTENT_ENCODING'],
    ['git-protocol', 'HTTP_GIT_PROTOCOL'],
  ];
  for (const [name, variable] of optional) {
    const value = header(req, name);
    if (value !== undefined) cgiEnv[variable] = value;
  }

  const child = spawn(context.backend, [], { env: gitEnv(context.root, cgiEnv), stdio: ['pipe', 'pipe', 'pipe'] });
  context.children.add(child);
  let stderr = '';
  let headersDone = false;
  let head = Buffer.alloc(0);

  const fail = (message: string, cause?: unknown): void => {
    context.log(`git http-backend ${req.method} ${url.pathname}: ${message}${cause ? ` (${String(cause)})` : ''}`);
    if (stderr) context.log(stderr);
    if (!res.headersSent) {
      res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end('git http-backend failed\n');
    } else {
      res.destroy();
    }
  };

  child.once('error', (err) => {
    context.children.delete(child);
    fail('could not run', err);
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  // The backend may exit before reading the whole body (e.g. 403); the client then sees the response.
  child.stdin.on('error', () => {});
  req.pipe(child.stdin);
  res.once('close', () => {
    // The client went away mid-response: stop the backend.
    if (!res.writableFinished && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });

  const onData = (chunk: Buffer): void => {
    head = Buffer.concat([head, chunk]);
    const parsed = parseCgiHead(head);
    if (parsed === undefined) {
      if (head.length > maxCgiHeaderBytes) {
        child.stdout.off('data', onData);
        child.kill('SIGKILL');
        fail('CGI headers too large');
      }
      return;
    }
    headersDone = true;
    child.stdout.off('data', onData);
    res.writeHead(parsed.status, parsed.headers);
    if (parsed.body.length > 0) res.write(parsed.body);
    child.stdout.pipe(res);
  };
  child.stdout.on('data', onData);

  child.once('close', (code, signal) => {
    context.children.delete(child);
    if (!headersDone) {
      fail(`exited (code ${code}, signal ${signal}) without CGI headers`);
      return;
    }
    if (code !== 0) {
      context.log(`git http-backend ${req.method} ${url.pathname}: exited (code ${code}, signal ${signal})`);
    }
    if (stderr) context.log(stderr);
  });
}

interface CgiHead {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

function parseCgiHead(buffer: Buffer): CgiHead | undefined {
  const crlf = buffer.indexOf('\r\n\r\n');
  const lf = buffer.indexOf('\n\n');
  let end: number;
  let separator: number;
  if (crlf >= 0 && (lf < 0 || crlf < lf)) {
    end = crlf;
    separator = 4;
  } else if (lf >= 0) {
    end = lf;
    separator = 2;
  } else {
    return undefined;
  }
  let status = 200;
  const headers: Record<string, string | string[]> = {};
  for (const line of buffer.subarray(0, end).toString('latin1').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (name.toLowerCase() === 'status') {
      status = Number.parseInt(value, 10) || 500;
      continue;
    }
    const previous = headers[name];
    headers[name] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
  }
  return { status, headers, body: buffer.subarray(end + separator) };
}

export interface SelfSignedCert {
  /** PEM certificate for `127.0.0.1` and `localhost`; also usable as the CA file (`GIT_SSL_CAINFO`). */
  cert: string;
  /** PEM private key. */
  key: string;
}

/** Makes a throw-away self-signed certificate with `openssl` (SAN `IP:127.0.0.1`, `DNS:localhost`), valid one day. */
export async function createSelfSignedCert(): Promise<SelfSignedCert> {
  const dir = await mkdtemp(join(tmpdir(), 'driftless-cert-'));
  try {
    const keyFile = join(dir, 'key.pem');
    const certFile = join(dir, 'cert.pem');
    await new Promise<void>((resolve, reject) => {
      const args = ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile];
      args.push('-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost');
      const child = spawn('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString('utf8');
      });
      child.once('error', (err) => reject(new Error('openssl is not installed or not on PATH', { cause: err })));
      child.once('close', (code) =>
        code === 0 ? resolve() : reject(new Error(`openssl req failed (exit ${code}): ${stderr.trim()}`)),
      );
    });
    return { cert: await readFile(certFile, 'utf8'), key: await readFile(keyFile, 'utf8') };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
