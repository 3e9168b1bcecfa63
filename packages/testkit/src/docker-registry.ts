import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes, randomUUID, sign, X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { hashSync } from 'bcryptjs';
import { freePort } from './free-port.js';
import { createSelfSignedCert, type SelfSignedCert } from './git-server.js';

export interface DockerRegistryOptions {
  /** Port on 127.0.0.1; 0 picks a free one. */
  port: number;
  /** htpasswd (bcrypt) basic auth on every request; undefined serves anonymously. */
  auth: { username: string; password: string } | undefined;
  /**
   * With `auth`: use the registry's `token` auth instead of htpasswd. A token service on 127.0.0.1 checks the
   * credentials (basic auth) and issues RS256 JWTs signed with a throw-away certificate; the registry answers
   * `401 WWW-Authenticate: Bearer realm=…,service=…,scope=…`, as ghcr.io or Docker Hub do.
   */
  tokenAuth: boolean;
  /** Serve HTTPS with this certificate (e.g. from `createSelfSignedCert()`); `url` then starts with `https://`. */
  tls: SelfSignedCert | undefined;
  /** The registry binary (Debian's `docker-registry`). */
  binary: string;
  /** How long to wait for `GET /v2/` to answer. */
  startTimeoutMs: number;
}

export function defaultDockerRegistryOptions(): DockerRegistryOptions {
  return {
    port: 0,
    auth: undefined,
    tokenAuth: false,
    tls: undefined,
    binary: 'docker-registry',
    startTimeoutMs: 15_000,
  };
}

export interface DockerRegistry {
  /** `127.0.0.1:<port>` */
  readonly host: string;
  /** `http://127.0.0.1:<port>` (`https://` with `tls`) */
  readonly url: string;
  /** The PEM certificate to trust with `tls`, else undefined. */
  readonly caCert: string | undefined;
  readonly port: number;
  /** The credentials the registry requires (from the options), used by `pushOciArtifact` unless it is given others. */
  readonly auth: { username: string; password: string } | undefined;
  /**
   * The filesystem storage root; blobs live in `docker/registry/v2/blobs/sha256/<hex[0:2]>/<hex>/data`
   * (tests may overwrite one to simulate a registry serving tampered content).
   */
  readonly storageDir: string;
  /** The token service's realm URL with `tokenAuth`, else undefined. */
  readonly tokenRealm: string | undefined;
  /** Every request the token service answered, in order. */
  tokenRequests(): TokenRequestRecord[];
  /** The output the registry logged so far (for failure messages). */
  logs(): string;
  /** Stops the registry and removes its storage. Safe to call twice. */
  stop(): Promise<void>;
}

export interface TokenRequestRecord {
  /** The `scope` query parameter(s) (e.g. `repository:app:pull`). */
  scopes: string[];
  /** The user the request authenticated as, or undefined when it had no or wrong credentials (answered 401). */
  account: string | undefined;
}

export interface OciBlob {
  mediaType: string;
  data: Buffer;
  annotations?: Record<string, string>;
}

export interface PushOciArtifactOptions {
  repository: string;
  tag: string;
  config: OciBlob;
  layers: OciBlob[];
  annotations?: Record<string, string>;
  artifactType?: string;
  /** Basic-auth credentials for the push; defaults to the registry's own `auth`. */
  credentials?: { username: string; password: string };
}

export class DockerRegistryStartError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DockerRegistryStartError';
  }
}

export class OciPushError extends Error {
  readonly status: number | undefined;
  constructor(message: string, options?: ErrorOptions & { status?: number }) {
    super(message, options);
    this.name = 'OciPushError';
    this.status = options?.status;
  }
}

const maxLogChars = 64 * 1024;

const tokenService = 'driftless-testkit';
const tokenIssuer = 'driftless-testkit-token-issuer';

interface TlsFiles {
  certFile: string;
  keyFile: string;
}

async function writeTlsFiles(dir: string, tls: SelfSignedCert | undefined): Promise<TlsFiles | undefined> {
  if (tls === undefined) return undefined;
  const files = { certFile: join(dir, 'tls-cert.pem'), keyFile: join(dir, 'tls-key.pem') };
  await writeFile(files.certFile, tls.cert);
  await writeFile(files.keyFile, tls.key, { mode: 0o600 });
  return files;
}

type AuthConfig =
  | { kind: 'htpasswd'; file: string }
  | { kind: 'token'; realm: string; certFile: string }
  | { kind: 'none' };

function registryConfig(storageDir: string, port: number, auth: AuthConfig, tls: TlsFiles | undefined): string {
  const lines = [
    'version: 0.1',
    'log:',
    '  level: warn',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${JSON.stringify(storageDir)}`,
    '  delete:',
    '    enabled: true',
    'http:',
    `  addr: 127.0.0.1:${port}`,
    `  secret: ${randomBytes(16).toString('hex')}`,
  ];
  if (tls !== undefined) {
    lines.push('  tls:', `    certificate: ${JSON.stringify(tls.certFile)}`, `    key: ${JSON.stringify(tls.keyFile)}`);
  }
  if (auth.kind === 'htpasswd') {
    lines.push('auth:', '  htpasswd:', '    realm: driftless-testkit', `    path: ${JSON.stringify(auth.file)}`);
  }
  if (auth.kind === 'token') {
    lines.push('auth:', '  token:', `    realm: ${JSON.stringify(auth.realm)}`, `    service: ${tokenService}`);
    lines.push(`    issuer: ${tokenIssuer}`, `    rootcertbundle: ${JSON.stringify(auth.certFile)}`);
  }
  return `${lines.join('\n')}\n`;
}

const base64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

/** An RS256 JWT in the shape distribution's token auth verifies (x5c chain rooted in `rootcertbundle`). */
function issueToken(cert: SelfSignedCert, account: string, scopes: string[]): string {
  const header = { typ: 'JWT', alg: 'RS256', x5c: [new X509Certificate(cert.cert).raw.toString('base64')] };
  const now = Math.floor(Date.now() / 1000);
  const access = scopes.flatMap((scope) => {
    const [type, ...rest] = scope.split(':');
    const actions = rest.pop() ?? '';
    return type === 'repository' ? [{ type, name: rest.join(':'), actions: actions.split(',') }] : [];
  });
  const claims = { iss: tokenIssuer, sub: account, aud: tokenService, exp: now + 300, nbf: now - 10, iat: now };
  const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify({ ...claims, jti: randomUUID(), access }))}`;
  return `${input}.${base64url(sign('sha256', Buffer.from(input), cert.key))}`;
}

function basicUser(req: IncomingMessage, auth: { username: string; password: string }): string | undefined {
  const given = req.headers.authorization ?? '';
  if (!given.startsWith('Basic ')) return undefined;
  const decoded = Buffer.from(given.slice('Basic '.length), 'base64').toString('utf8');
  return decoded === `${auth.username}:${auth.password}` ? auth.username : undefined;
}

interface TokenServer {
  realm: string;
  server: Server;
  records: TokenRequestRecord[];
}

async function startTokenServer(cert: SelfSignedCert, auth: { username: string; password: string }) {
  const records: TokenRequestRecord[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const scopes = url.searchParams
      .getAll('scope')
      .flatMap((s) => s.split(' '))
      .filter((s) => s !== '');
    const account = basicUser(req, auth);
    records.push({ scopes, account });
    if (url.pathname !== '/token' || account === undefined) {
      res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Basic realm="token"' });
      res.end('{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}');
      return;
    }
    const token = issueToken(cert, account, scopes);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ token, access_token: token, expires_in: 300, issued_at: new Date().toISOString() }));
  });
  server.listen({ host: '127.0.0.1', port: 0 });
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  return { realm: `http://127.0.0.1:${port}/token`, server, records } satisfies TokenServer;
}

async function prepareAuth(dir: string, opts: DockerRegistryOptions): Promise<[AuthConfig, TokenServer | undefined]> {
  if (opts.auth === undefined) {
    if (opts.tokenAuth) throw new DockerRegistryStartError('tokenAuth needs auth (the credentials to check)');
    return [{ kind: 'none' }, undefined];
  }
  if (opts.tokenAuth) {
    const cert = await createSelfSignedCert();
    const certFile = join(dir, 'token-root.pem');
    await writeFile(certFile, cert.cert);
    const tokens = await startTokenServer(cert, opts.auth);
    return [{ kind: 'token', realm: tokens.realm, certFile }, tokens];
  }
  const file = join(dir, 'htpasswd');
  await writeFile(file, `${opts.auth.username}:${hashSync(opts.auth.password, 8)}\n`, { mode: 0o600 });
  return [{ kind: 'htpasswd', file }, undefined];
}

/**
 * Starts Debian's `docker-registry` (distribution 2.8) on 127.0.0.1 with filesystem storage in a temp dir. With
 * `auth` it requires an htpasswd (bcrypt) login or, with `tokenAuth`, bearer tokens from a local token service.
 * Resolves once `GET /v2/` answers 200 or 401.
 */
export async function startDockerRegistry(options: Partial<DockerRegistryOptions> = {}): Promise<DockerRegistry> {
  const opts = { ...defaultDockerRegistryOptions(), ...options };
  const dir = await mkdtemp(join(tmpdir(), 'driftless-registry-'));
  const storageDir = join(dir, 'storage');
  let child: ChildProcess | undefined;
  let tokens: TokenServer | undefined;
  let output = '';
  let stopped = false;

  try {
    const port = opts.port === 0 ? await freePort() : opts.port;
    const [authConfig, tokenServer] = await prepareAuth(dir, opts);
    tokens = tokenServer;
    const configFile = join(dir, 'config.yml');
    const tlsFiles = await writeTlsFiles(dir, opts.tls);
    await writeFile(configFile, registryConfig(storageDir, port, authConfig, tlsFiles));

    const proc = spawn(opts.binary, ['serve', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    const append = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-maxLogChars);
    };
    proc.stdout?.on('data', append);
    proc.stderr?.on('data', append);
    const url = `${opts.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
    await waitReady(proc, url, opts, () => output);
    const tokenServerRunning = tokens;

    return {
      host: `127.0.0.1:${port}`,
      url,
      port,
      auth: opts.auth,
      caCert: opts.tls?.cert,
      storageDir,
      tokenRealm: tokenServerRunning?.realm,
      tokenRequests: () => [...(tokenServerRunning?.records ?? [])],
      logs: () => output,
      async stop() {
        if (stopped) return;
        stopped = true;
        await kill(proc);
        await closeServer(tokenServerRunning?.server);
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    if (child) await kill(child);
    await closeServer(tokens?.server);
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

async function closeServer(server: Server | undefined): Promise<void> {
  if (server === undefined) return;
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

async function kill(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = once(proc, 'exit');
  proc.kill('SIGTERM');
  const timer = setTimeout(() => proc.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

async function waitReady(
  proc: ChildProcess,
  url: string,
  opts: DockerRegistryOptions,
  logs: () => string,
): Promise<void> {
  let spawnError: Error | undefined;
  proc.once('error', (err) => {
    spawnError = err;
  });
  const deadline = Date.now() + opts.startTimeoutMs;
  while (Date.now() < deadline) {
    if (spawnError !== undefined) {
      throw new DockerRegistryStartError(`${opts.binary} is not installed or not on PATH`, { cause: spawnError });
    }
    if (proc.exitCode !== null || proc.signalCode !== null) {
      throw new DockerRegistryStartError(`${opts.binary} exited (code ${proc.exitCode}) before serving:\n${logs()}`);
    }
    try {
      const res = await call(`${url}/v2/`, { ca: opts.tls?.cert, timeoutMs: 1_000 });
      if (res.status === 200 || res.status === 401) return;
    } catch {
      // Not listening yet.
    }
    await sleep(50);
  }
  throw new DockerRegistryStartError(
    `${opts.binary} did not answer on ${url} within ${opts.startTimeoutMs} ms:\n${logs()}`,
  );
}

function sha256(data: Buffer): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

interface CallResult {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** node:http(s) instead of fetch, so a test CA can be trusted for a TLS registry. */
function call(
  url: string | URL,
  init: { method?: string; headers?: Record<string, string>; body?: Buffer; ca?: string; timeoutMs?: number },
): Promise<CallResult> {
  const target = new URL(url);
  const client = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = client(
      target,
      { method: init.method ?? 'GET', headers: init.headers, ca: init.ca, timeout: init.timeoutMs ?? 30_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.once('error', reject);
        res.once('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      },
    );
    req.once('timeout', () => req.destroy(new Error(`request to ${target.href} timed out`)));
    req.once('error', reject);
    req.end(init.body);
  });
}

function authHeader(credentials: { username: string; password: string } | undefined): Record<string, string> {
  if (credentials === undefined) return {};
  const encoded = Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64');
  return { authorization: `Basic ${encoded}` };
}

async function pushHeaders(registry: DockerRegistry, options: PushOciArtifactOptions): Promise<Record<string, string>> {
  const basic = authHeader(options.credentials ?? registry.auth);
  if (registry.tokenRealm === undefined) return basic;
  const url = new URL(registry.tokenRealm);
  url.searchParams.set('service', tokenService);
  url.searchParams.set('scope', `repository:${options.repository}:pull,push`);
  const res = await call(url, { headers: basic });
  expectStatus(res, 200, 'fetching a push token');
  const { token } = JSON.parse(res.body.toString('utf8')) as { token: string };
  return { authorization: `Bearer ${token}` };
}

function expectStatus(res: CallResult, expected: number, what: string): void {
  if (res.status === expected) return;
  const body = res.body.toString('utf8').slice(0, 500);
  throw new OciPushError(`${what}: registry answered ${res.status}: ${body}`, { status: res.status });
}

async function pushBlob(registry: DockerRegistry, repository: string, blob: Buffer, headers: Record<string, string>) {
  const digest = sha256(blob);
  const ca = registry.caCert;
  const start = await call(`${registry.url}/v2/${repository}/blobs/uploads/`, { method: 'POST', headers, ca });
  expectStatus(start, 202, `starting the upload of ${digest}`);
  const location = start.headers.location;
  if (location === undefined) throw new OciPushError(`the registry did not return an upload location for ${digest}`);
  const target = new URL(location, registry.url);
  target.searchParams.set('digest', digest);
  const put = await call(target, {
    method: 'PUT',
    headers: { ...headers, 'content-type': 'application/octet-stream', 'content-length': String(blob.length) },
    body: blob,
    ca,
  });
  expectStatus(put, 201, `uploading ${digest}`);
  return { digest, size: blob.length };
}

/**
 * Pushes an OCI image manifest with its config and layers; returns the manifest digest `sha256:…`. Each blob is a
 * monolithic upload (`POST …/blobs/uploads/`, then `PUT <location>&digest=…`).
 */
export async function pushOciArtifact(registry: DockerRegistry, options: PushOciArtifactOptions): Promise<string> {
  const headers = await pushHeaders(registry, options);
  const descriptor = async (blob: OciBlob) => ({
    mediaType: blob.mediaType,
    ...(await pushBlob(registry, options.repository, blob.data, headers)),
    ...(blob.annotations ? { annotations: blob.annotations } : {}),
  });
  const config = await descriptor(options.config);
  const layers = [];
  for (const layer of options.layers) layers.push(await descriptor(layer));
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      ...(options.artifactType ? { artifactType: options.artifactType } : {}),
      config,
      layers,
      ...(options.annotations ? { annotations: options.annotations } : {}),
    }),
  );
  const res = await call(`${registry.url}/v2/${options.repository}/manifests/${options.tag}`, {
    method: 'PUT',
    headers: { ...headers, 'content-type': 'application/vnd.oci.image.manifest.v1+json' },
    body: manifest,
    ca: registry.caCert,
  });
  expectStatus(res, 201, `pushing the manifest ${options.repository}:${options.tag}`);
  const digest = sha256(manifest);
  const announced = res.headers['docker-content-digest'];
  if (announced !== undefined && announced !== digest) {
    throw new OciPushError(`the registry stored the manifest as ${announced}, expected ${digest}`);
  }
  return digest;
}
