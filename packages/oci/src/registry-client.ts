import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { writeFileAtomic } from '@driftless/artifact';
import {
  OciAuthenticationError,
  OciDigestMismatchError,
  OciError,
  OciManifestError,
  OciReferenceError,
  OciRequestError,
  OciTooLargeError,
} from './oci-errors.js';
import { manifestAccept, type OciDescriptor, type ParsedManifest, parseManifest } from './oci-manifest.js';
import { isValidDigest, isValidTag } from './oci-reference.js';
import type { RegistryCredentials } from './registry-credentials.js';
import { describeErrorResponse, discardBody, type HttpResponse, httpRequest, readBody } from './registry-http.js';
import { type AuthChallenge, parseWwwAuthenticate } from './www-authenticate.js';

export interface RegistryClientOptions {
  /** Plain HTTP instead of HTTPS (Flux `spec.insecure`). */
  readonly insecure: boolean;
  readonly credentials: RegistryCredentials;
  /** Aborts every request of this client (the reconcile's timeout). */
  readonly signal: AbortSignal | undefined;
  /** PEM CA trusted in addition to the system roots (`ca.crt` of `spec.certSecretRef`). */
  readonly caCert: string | undefined;
  /** Largest manifest or tag-list page read into memory (the distribution spec suggests 4 MiB). */
  readonly maxManifestBytes: number;
  readonly maxRedirects: number;
  readonly userAgent: string;
  /** Tags asked for per page of a tag list (`?n=`); the registry may answer with fewer. */
  readonly tagPageSize: number;
}

export function defaultRegistryClientOptions(): RegistryClientOptions {
  return {
    insecure: false,
    credentials: {},
    signal: undefined,
    caCert: undefined,
    maxManifestBytes: 4 * 1024 * 1024,
    maxRedirects: 5,
    userAgent: 'driftless-source-controller',
    tagPageSize: 1000,
  };
}

export interface FetchedManifest {
  /** `sha256:<hex>` of the manifest bytes, checked against the requested digest and `Docker-Content-Digest`. */
  readonly digest: string;
  readonly parsed: ParsedManifest;
}

export interface FetchBlobOptions {
  readonly destFile: string;
  readonly maxBytes: number;
}

export interface FetchedBlob {
  readonly path: string;
  readonly digest: string;
  readonly size: number;
}

/** A Docker Registry HTTP API v2 / OCI distribution client for one registry; bearer tokens are cached per scope. */
export interface RegistryClient {
  /** `host[:port]` */
  readonly registry: string;
  listTags(repository: string): Promise<string[]>;
  /** The manifest digest a tag (or digest) points at, from a `HEAD` request (falls back to `GET`). */
  resolveDigest(repository: string, reference: string): Promise<string>;
  fetchManifest(repository: string, reference: string): Promise<FetchedManifest>;
  /** Streams a blob into `destFile` (atomically), verifying its size and sha256 while it downloads. */
  fetchBlob(repository: string, descriptor: OciDescriptor, options: FetchBlobOptions): Promise<FetchedBlob>;
  /** Reads a small blob (a config) into memory, verified like `fetchBlob`. */
  fetchBlobBytes(repository: string, descriptor: OciDescriptor, maxBytes: number): Promise<Buffer>;
}

interface RequestSpec {
  readonly repository: string;
  readonly method: 'GET' | 'HEAD';
  /** Path and query after `/v2/`. */
  readonly path: string;
  readonly accept?: string;
}

const sha256Of = (data: Buffer) => `sha256:${createHash('sha256').update(data).digest('hex')}`;

function basicHeader(credentials: RegistryCredentials): string | undefined {
  if (credentials.username === undefined || credentials.password === undefined) return undefined;
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
}

/** Stops a download past `limit` bytes (the descriptor's size, or the caller's maximum). */
class ByteLimit extends Transform {
  private seen = 0;
  constructor(private readonly fail: (seen: number) => Error | undefined) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.seen += chunk.length;
    const error = this.fail(this.seen);
    if (error) callback(error);
    else callback(null, chunk);
  }
}

class Client implements RegistryClient {
  private readonly base: URL;
  /** `Authorization` values by repository; `*` holds a basic header once the registry asked for basic auth. */
  private readonly authorization = new Map<string, string>();

  constructor(
    readonly registry: string,
    private readonly opts: RegistryClientOptions,
  ) {
    this.base = new URL(`${opts.insecure ? 'http' : 'https'}://${registry}/v2/`);
    if (opts.credentials.token !== undefined) this.authorization.set('*', `Bearer ${opts.credentials.token}`);
  }

  async listTags(repository: string): Promise<string[]> {
    const tags: string[] = [];
    let path: string | undefined = `${repository}/tags/list?n=${this.opts.tagPageSize}`;
    for (let page = 0; path !== undefined && page < 1000; page += 1) {
      const res = await this.request({ repository, method: 'GET', path });
      await this.expectOk(res, `listing tags of ${repository}`);
      const body = await readBody(res, this.opts.maxManifestBytes, `tag list of ${repository}`);
      const parsed = parseJson(body, `tag list of ${repository}`) as { tags?: unknown } | null;
      const page = Array.isArray(parsed?.tags) ? (parsed.tags as unknown[]) : [];
      tags.push(...page.filter((t): t is string => typeof t === 'string'));
      path = nextPage(res, this.base);
    }
    return tags;
  }

  async resolveDigest(repository: string, reference: string): Promise<string> {
    const res = await this.request({
      repository,
      method: 'HEAD',
      path: manifestPath(repository, reference),
      accept: manifestAccept,
    });
    await this.expectOk(res, `resolving ${repository}:${reference}`);
    await discardBody(res);
    const digest = headerValue(res, 'docker-content-digest');
    if (digest !== undefined && isValidDigest(digest)) return digest;
    return (await this.fetchManifest(repository, reference)).digest;
  }

  async fetchManifest(repository: string, reference: string): Promise<FetchedManifest> {
    const subject = `manifest ${repository}@${reference}`;
    const res = await this.request({
      repository,
      method: 'GET',
      path: manifestPath(repository, reference),
      accept: manifestAccept,
    });
    await this.expectOk(res, `fetching ${subject}`);
    const body = await readBody(res, this.opts.maxManifestBytes, subject);
    const digest = sha256Of(body);
    const announced = headerValue(res, 'docker-content-digest');
    if (reference.startsWith('sha256:') && digest !== reference) {
      throw new OciDigestMismatchError(subject, reference, digest);
    }
    if (announced?.startsWith('sha256:') && announced !== digest) {
      throw new OciDigestMismatchError(`${subject} (Docker-Content-Digest)`, announced, digest);
    }
    return { digest, parsed: parseManifest(body, headerValue(res, 'content-type'), subject) };
  }

  async fetchBlob(repository: string, descriptor: OciDescriptor, options: FetchBlobOptions): Promise<FetchedBlob> {
    const subject = `blob ${repository}@${descriptor.digest}`;
    const res = await this.openBlob(repository, descriptor, options.maxBytes, subject);
    const limit = new ByteLimit((seen) => {
      if (seen > options.maxBytes) return new OciTooLargeError(subject, options.maxBytes, seen);
      if (seen > descriptor.size)
        return new OciDigestMismatchError(`${subject} size`, `${descriptor.size} bytes`, `more`);
      return undefined;
    });
    try {
      return await writeFileAtomic(res.body, options.destFile, {
        transforms: [limit],
        beforeCommit: (written) => {
          if (written.size !== descriptor.size) {
            throw new OciDigestMismatchError(`${subject} size`, `${descriptor.size} bytes`, `${written.size} bytes`);
          }
          if (written.digest !== descriptor.digest)
            throw new OciDigestMismatchError(subject, descriptor.digest, written.digest);
        },
      });
    } catch (err) {
      if (err instanceof OciError) throw err;
      throw new OciRequestError(res.url.href, `downloading failed: ${(err as Error).message}`, { cause: err });
    }
  }

  async fetchBlobBytes(repository: string, descriptor: OciDescriptor, maxBytes: number): Promise<Buffer> {
    const subject = `blob ${repository}@${descriptor.digest}`;
    const res = await this.openBlob(repository, descriptor, maxBytes, subject);
    const body = await readBody(res, Math.min(maxBytes, descriptor.size), subject);
    const digest = sha256Of(body);
    if (body.length !== descriptor.size || digest !== descriptor.digest) {
      throw new OciDigestMismatchError(subject, descriptor.digest, digest);
    }
    return body;
  }

  private async openBlob(repository: string, descriptor: OciDescriptor, maxBytes: number, subject: string) {
    if (!isValidDigest(descriptor.digest)) {
      throw new OciDigestMismatchError(subject, 'a sha256 digest', descriptor.digest);
    }
    if (descriptor.size > maxBytes) throw new OciTooLargeError(subject, maxBytes, descriptor.size);
    const res = await this.request({ repository, method: 'GET', path: `${repository}/blobs/${descriptor.digest}` });
    await this.expectOk(res, `fetching ${subject}`);
    return res;
  }

  /** Sends a request; on a 401 it answers the challenge (bearer token or basic) once and retries. */
  private async request(spec: RequestSpec): Promise<HttpResponse> {
    const first = await this.send(spec);
    if (first.status !== 401) return first;
    const challenges = parseWwwAuthenticate(headerValue(first, 'www-authenticate') ?? '');
    await discardBody(first);
    if (!(await this.answerChallenge(spec.repository, challenges))) {
      throw new OciAuthenticationError(this.registry, 'the registry requires credentials and none were accepted', {
        status: 401,
      });
    }
    return this.send(spec);
  }

  private send(spec: RequestSpec): Promise<HttpResponse> {
    const headers: Record<string, string> = { 'user-agent': this.opts.userAgent };
    if (spec.accept !== undefined) headers.accept = spec.accept;
    const authorization = this.authorization.get(spec.repository) ?? this.authorization.get('*');
    if (authorization !== undefined) headers.authorization = authorization;
    return httpRequest(new URL(spec.path, this.base), { ...this.requestOptions(), method: spec.method, headers });
  }

  private requestOptions() {
    return { signal: this.opts.signal, caCert: this.opts.caCert, maxRedirects: this.opts.maxRedirects };
  }

  /** Returns false when there is nothing new to try (no usable challenge, or credentials already sent). */
  private async answerChallenge(repository: string, challenges: AuthChallenge[]): Promise<boolean> {
    const bearer = challenges.find((c) => c.scheme === 'bearer');
    if (bearer !== undefined && this.opts.credentials.token === undefined) {
      const token = await this.fetchToken(repository, bearer);
      this.authorization.set(repository, `Bearer ${token}`);
      return true;
    }
    const basic = basicHeader(this.opts.credentials);
    if (challenges.some((c) => c.scheme === 'basic') && basic !== undefined && this.authorization.get('*') !== basic) {
      this.authorization.set('*', basic);
      return true;
    }
    return false;
  }

  private async fetchToken(repository: string, challenge: AuthChallenge): Promise<string> {
    const realm = challenge.params.realm;
    if (realm === undefined) throw new OciAuthenticationError(this.registry, 'bearer challenge without a realm');
    let url: URL;
    try {
      url = new URL(realm);
    } catch (err) {
      throw new OciAuthenticationError(this.registry, 'bearer challenge with an invalid realm', { cause: err });
    }
    if (challenge.params.service !== undefined) url.searchParams.set('service', challenge.params.service);
    url.searchParams.set('scope', challenge.params.scope ?? `repository:${repository}:pull`);
    const headers: Record<string, string> = { 'user-agent': this.opts.userAgent, accept: 'application/json' };
    const basic = basicHeader(this.opts.credentials);
    if (basic !== undefined) headers.authorization = basic;
    const res = await httpRequest(url, { ...this.requestOptions(), method: 'GET', headers });
    if (res.status === 401 || res.status === 403) {
      await discardBody(res);
      throw new OciAuthenticationError(this.registry, `the token service answered ${res.status}`, {
        status: res.status,
      });
    }
    await this.expectOk(res, 'fetching a bearer token');
    const body = await readBody(res, 1024 * 1024, 'token response');
    const parsed = parseJson(body, 'token response') as { token?: unknown; access_token?: unknown } | null;
    const token = typeof parsed?.token === 'string' ? parsed.token : parsed?.access_token;
    if (typeof token !== 'string' || token === '') {
      throw new OciAuthenticationError(this.registry, 'the token service returned no token');
    }
    return token;
  }

  private async expectOk(res: HttpResponse, what: string): Promise<void> {
    if (res.status >= 200 && res.status < 300) return;
    if (res.status === 401 || res.status === 403) {
      await discardBody(res);
      throw new OciAuthenticationError(this.registry, `${what}: the registry answered ${res.status}`, {
        status: res.status,
      });
    }
    const { detail, code } = await describeErrorResponse(res);
    throw new OciRequestError(res.url.href, `${what}: ${detail}`, { status: res.status, code });
  }
}

function manifestPath(repository: string, reference: string): string {
  if (!isValidTag(reference) && !isValidDigest(reference)) {
    throw new OciReferenceError(`${JSON.stringify(reference)} is neither a valid tag nor a sha256 digest`);
  }
  return `${repository}/manifests/${reference}`;
}

function parseJson(body: Buffer, subject: string): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new OciManifestError(subject, 'the response is not valid JSON', { cause: err });
  }
}

function headerValue(res: HttpResponse, name: string): string | undefined {
  const value = res.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The `rel="next"` target of a `Link` header, as a path relative to `/v2/`. */
function nextPage(res: HttpResponse, base: URL): string | undefined {
  const link = headerValue(res, 'link');
  const match = link?.match(/<([^>]+)>\s*;\s*rel="?next"?/);
  if (match === undefined || match === null) return undefined;
  const target = new URL(match[1], base);
  if (target.origin !== base.origin || !target.pathname.startsWith(base.pathname)) return undefined;
  return target.pathname.slice(base.pathname.length) + target.search;
}

/** Creates a client for `registry` (`host[:port]`, as returned by `parseOciUrl`). */
export function createRegistryClient(registry: string, options: Partial<RegistryClientOptions> = {}): RegistryClient {
  return new Client(registry, { ...defaultRegistryClientOptions(), ...options });
}
