import http from 'node:http';
import https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { kubeApiError, networkError } from './kube-errors.js';
import { describeObject, type KubeObject, type ResourceType, resourcePath } from './resource.js';

export const PatchType = {
  Merge: 'application/merge-patch+json',
  Json: 'application/json-patch+json',
  Strategic: 'application/strategic-merge-patch+json',
  Apply: 'application/apply-patch+yaml',
} as const;
export type PatchType = (typeof PatchType)[keyof typeof PatchType];

export interface KubeRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  contentType?: string;
  /** How the failure message names what was asked for, e.g. `Lease/default/driftless`. */
  subject: string;
  verb: string;
  signal?: AbortSignal;
}

export interface ListResult<T extends KubeObject = KubeObject> {
  metadata: { resourceVersion: string; continue?: string };
  items: T[];
}

export interface KubeClientOptions {
  userAgent: string;
  timeoutMs: number;
  /** The field manager for writes that need one (server-side apply, status patches). */
  fieldManager: string;
  /** Act as another user (and groups), e.g. the service account a Kustomization names. */
  impersonate?: { user: string; groups?: string[] };
}

export interface PatchOptions {
  patchType: PatchType;
  subresource?: string;
  force?: boolean;
  /** Ask the server what the patch would do without persisting it (`dryRun=All`). */
  dryRun?: boolean;
  /** Overrides the client's field manager; sent with every patch type when given. */
  fieldManager?: string;
}

export function defaultKubeClientOptions(): KubeClientOptions {
  return { userAgent: 'driftless', timeoutMs: 30_000, fieldManager: 'driftless' };
}

/**
 * A small REST client over a kubeconfig: @kubernetes/client-node resolves the credentials (certs,
 * tokens, exec plugins, in-cluster files); the requests themselves stay plain so every verb,
 * patch type, subresource and the watch stream work the same way for built-ins and CRDs.
 */
export class KubeClient {
  readonly server: URL;
  readonly options: KubeClientOptions;
  readonly #httpAgent = new http.Agent({ keepAlive: true });
  #httpsAgent: https.Agent | undefined;

  constructor(
    readonly kubeConfig: KubeConfig,
    options: Partial<KubeClientOptions> = {},
  ) {
    const cluster = kubeConfig.getCurrentCluster();
    if (!cluster) throw new Error('the kubeconfig has no current cluster');
    this.server = new URL(cluster.server);
    this.options = { ...defaultKubeClientOptions(), ...options };
  }

  /** A client for the same kubeconfig with some options changed (another field manager, impersonation). */
  withOptions(options: Partial<KubeClientOptions>): KubeClient {
    return new KubeClient(this.kubeConfig, { ...this.options, ...options });
  }

  async request<T>(request: KubeRequest): Promise<T> {
    const response = await this.send(request, false);
    const text = await readBody(response);
    const status = response.statusCode ?? 0;
    const body = parseJson(text);
    if (status >= 400) {
      throw kubeApiError(request.subject, request.verb, status, body ?? text, retryAfter(response));
    }
    return body as T;
  }

  /** Opens a streaming GET (a watch); the caller reads newline-delimited JSON from the response. */
  async stream(request: KubeRequest): Promise<http.IncomingMessage> {
    const response = await this.send(request, true);
    const status = response.statusCode ?? 0;
    if (status >= 400) {
      const text = await readBody(response);
      throw kubeApiError(request.subject, request.verb, status, parseJson(text) ?? text, retryAfter(response));
    }
    return response;
  }

  get<T extends KubeObject>(type: ResourceType, namespace: string | undefined, name: string): Promise<T> {
    return this.request<T>({
      method: 'GET',
      path: resourcePath(type, namespace, name),
      subject: describeObject(type.kind, namespace, name),
      verb: 'get',
    });
  }

  list<T extends KubeObject>(
    type: ResourceType,
    options: { namespace?: string; labelSelector?: string; limit?: number; continue?: string } = {},
  ): Promise<ListResult<T>> {
    return this.request<ListResult<T>>({
      method: 'GET',
      path: resourcePath(type, options.namespace),
      query: { labelSelector: options.labelSelector, limit: options.limit, continue: options.continue },
      subject: options.namespace ? `${type.kind}/${options.namespace}` : type.kind,
      verb: 'list',
    });
  }

  create<T extends KubeObject>(type: ResourceType, object: T): Promise<T> {
    const { namespace, name } = object.metadata;
    return this.request<T>({
      method: 'POST',
      path: resourcePath(type, namespace),
      body: object,
      subject: describeObject(type.kind, namespace, name),
      verb: 'create',
    });
  }

  replace<T extends KubeObject>(type: ResourceType, object: T, subresource?: string): Promise<T> {
    const { namespace, name } = object.metadata;
    return this.request<T>({
      method: 'PUT',
      path: resourcePath(type, namespace, name, subresource),
      body: object,
      subject: describeObject(type.kind, namespace, name),
      verb: subresource ? `${subresource} update` : 'update',
    });
  }

  patch<T extends KubeObject>(
    type: ResourceType,
    target: { namespace?: string; name: string },
    patch: unknown,
    options: PatchOptions,
  ): Promise<T> {
    const apply = options.patchType === PatchType.Apply;
    return this.request<T>({
      method: 'PATCH',
      path: resourcePath(type, target.namespace, target.name, options.subresource),
      query: {
        fieldManager: options.fieldManager ?? (apply || options.subresource ? this.options.fieldManager : undefined),
        force: apply ? (options.force ?? false) : undefined,
        dryRun: options.dryRun ? 'All' : undefined,
      },
      body: patch,
      contentType: options.patchType,
      subject: describeObject(type.kind, target.namespace, target.name),
      verb: options.subresource ? `${options.subresource} patch` : 'patch',
    });
  }

  delete(
    type: ResourceType,
    target: { namespace?: string; name: string },
    options: { propagationPolicy?: 'Foreground' | 'Background' | 'Orphan' } = {},
  ): Promise<unknown> {
    return this.request({
      method: 'DELETE',
      path: resourcePath(type, target.namespace, target.name),
      body: options.propagationPolicy ? { propagationPolicy: options.propagationPolicy } : undefined,
      subject: describeObject(type.kind, target.namespace, target.name),
      verb: 'delete',
    });
  }

  /**
   * One keep-alive agent for the client's lifetime. client-node builds a new agent on every
   * applyToHTTPSOptions call, which would open a new TLS connection per request; the TLS material
   * it resolves is the same each time, so the first call's is kept.
   */
  #tlsAgent(options: https.RequestOptions): https.Agent {
    this.#httpsAgent ??= new https.Agent({
      keepAlive: true,
      ca: options.ca,
      cert: options.cert,
      key: options.key,
      pfx: options.pfx,
      passphrase: options.passphrase,
      rejectUnauthorized: options.rejectUnauthorized,
      servername: options.servername,
    });
    return this.#httpsAgent;
  }

  private async send(request: KubeRequest, streaming: boolean): Promise<http.IncomingMessage> {
    const url = new URL(this.server.pathname.replace(/\/$/, '') + request.path, this.server);
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const payload = request.body === undefined ? undefined : JSON.stringify(request.body);
    const options: https.RequestOptions = {
      method: request.method,
      headers: {
        Accept: 'application/json',
        'User-Agent': this.options.userAgent,
        ...impersonationHeaders(this.options.impersonate),
        ...(payload === undefined
          ? {}
          : {
              'Content-Type': request.contentType ?? 'application/json',
              'Content-Length': Buffer.byteLength(payload),
            }),
      },
    };
    await this.kubeConfig.applyToHTTPSOptions(options);
    const secure = url.protocol === 'https:';
    options.agent = secure ? this.#tlsAgent(options) : this.#httpAgent;
    const transport = secure ? https : http;
    return new Promise((resolve, reject) => {
      const req = transport.request(url, { ...options, signal: request.signal }, resolve);
      if (!streaming) {
        req.setTimeout(this.options.timeoutMs, () =>
          req.destroy(new Error(`no answer within ${this.options.timeoutMs} ms`)),
        );
      }
      req.on('error', (error) => reject(networkError(request.subject, request.verb, error)));
      req.end(payload);
    });
  }
}

function impersonationHeaders(impersonate: KubeClientOptions['impersonate']): Record<string, string | string[]> {
  if (!impersonate) return {};
  const groups = impersonate.groups ?? [];
  return {
    'Impersonate-User': impersonate.user,
    ...(groups.length > 0 ? { 'Impersonate-Group': groups } : {}),
  };
}

function readBody(response: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    response.on('error', reject);
  });
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function retryAfter(response: http.IncomingMessage): number | undefined {
  const value = Number(response.headers['retry-after']);
  return Number.isFinite(value) && value >= 0 ? value : undefined;
}
