import { createHash } from 'node:crypto';
import type { FluxEvent } from '@driftless/api';
import { ProviderConfigError } from '../delivery-errors.js';
import type { ProviderSettings, Transport } from '../notifier.js';
import { expectSuccess } from '../transport.js';
import { eventCommitSha } from './revision.js';

/** Flux's `meta.ProgressingReason`: most forges skip these events, Gitea shows them as pending. */
export const PROGRESSING_REASON = 'Progressing';

export const USER_AGENT = 'driftless-notification-controller';

/** A forge's words for Flux's outcomes; without `pending`, Progressing events are not reported. */
export interface ForgeStates {
  success: string;
  failure: string;
  pending?: string;
}

/** The state to set and the commit to set it on, or undefined when the event says nothing about a commit. */
export function commitStatusOf(event: FluxEvent, states: ForgeStates): { state: string; sha: string } | undefined {
  const state =
    event.reason === PROGRESSING_REASON
      ? states.pending
      : event.severity === 'info'
        ? states.success
        : event.severity === 'error'
          ? states.failure
          : undefined;
  const sha = eventCommitSha(event);
  return state && sha ? { state, sha } : undefined;
}

/** A repository URL taken apart: `origin` is scheme and host (credentials dropped), `segments` the path. */
export interface RepositoryAddress {
  origin: string;
  hostname: string;
  /** The address with any credentials removed, safe to show or send back to the forge. */
  href: string;
  /** Decoded path segments, `.git` dropped from the last one. */
  segments: string[];
}

/** Parses the Provider address as an http(s) repository URL; throws ProviderConfigError naming the problem. */
export function parseRepositoryAddress(settings: ProviderSettings): RepositoryAddress {
  const { type, address } = settings;
  if (!address) {
    throw new ProviderConfigError(
      `${type} Provider needs an address: the repository's http(s) URL (spec.address or the Secret's address)`,
    );
  }
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    throw new ProviderConfigError(`${type} Provider address is not a URL; expected the repository's http(s) URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ProviderConfigError(
      `${type} Provider address must be the repository's http(s) URL, not a ${url.protocol.slice(0, -1)} URL`,
    );
  }
  const path = url.pathname.replace(/\/+$/, '').replace(/\.git$/, '');
  let segments: string[];
  try {
    segments = path
      .split('/')
      .filter((segment) => segment !== '')
      .map((segment) => decodeURIComponent(segment));
  } catch {
    throw new ProviderConfigError(`${type} Provider address has a malformed path`);
  }
  url.username = '';
  url.password = '';
  return { origin: `${url.protocol}//${url.host}`, hostname: url.hostname.toLowerCase(), href: url.href, segments };
}

/** Throws unless the address path is `<owner>/<repo>` (GitHub, Gitea, Bitbucket Cloud). */
export function ownerAndRepo(settings: ProviderSettings, repository: RepositoryAddress): [string, string] {
  const [owner, repo, ...rest] = repository.segments;
  if (!owner || !repo || rest.length > 0) {
    throw new ProviderConfigError(
      `${settings.type} Provider address must name a repository as <scheme>://<host>/<owner>/<repo>`,
    );
  }
  return [owner, repo];
}

/** `spec.commitStatusExpr` needs a CEL evaluator, which Driftless does not have yet. */
export function rejectCommitStatusExpr(settings: ProviderSettings): void {
  if (settings.commitStatusExpr?.trim()) {
    throw new ProviderConfigError(
      `${settings.type} Provider sets spec.commitStatusExpr, but CEL commit status expressions are not available ` +
        'in Driftless yet; remove it to use the default status name <kind>/<name>/<provider uid prefix>',
    );
  }
}

/**
 * The status name that repeated events update: `<kind>/<name>/<first block of the Provider UID>`,
 * lower case, as Flux's default (no commitStatusExpr) derives it.
 */
export function commitStatusId(settings: ProviderSettings, event: FluxEvent): string {
  const { kind, name } = event.involvedObject;
  return `${kind}/${name}/${settings.uid.split('-')[0]}`.toLowerCase();
}

/** `kustomization/podinfo`: the object's kind and name, lower case (Bitbucket's status name). */
export function objectKindName(event: FluxEvent): string {
  const { kind, name } = event.involvedObject;
  return `${kind}/${name}`.toLowerCase();
}

/** The status description Flux writes: the event reason in lower-case words (`reconciliation succeeded`). */
export function reasonDescription(event: FluxEvent): string {
  return splitCamelCase(event.reason).join(' ').toLowerCase();
}

/**
 * Splits `HealthCheckFailed` into `Health Check Failed`, keeping acronyms together
 * (`PDFLoader` → `PDF Loader`) and digit runs apart, like Flux's `splitCamelcase`.
 */
export function splitCamelCase(text: string): string[] {
  const runs: string[][] = [];
  let previous: CharClass | undefined;
  for (const char of text) {
    const current = charClass(char);
    if (current === previous) runs[runs.length - 1].push(char);
    else runs.push([char]);
    previous = current;
  }
  for (let i = 0; i < runs.length - 1; i++) {
    if (charClass(runs[i][0]) === 'upper' && charClass(runs[i + 1][0]) === 'lower') {
      runs[i + 1].unshift(runs[i].pop() as string);
    }
  }
  return runs.filter((run) => run.length > 0).map((run) => run.join(''));
}

type CharClass = 'lower' | 'upper' | 'digit' | 'other';

function charClass(char: string | undefined): CharClass {
  if (char === undefined) return 'other';
  if (/\p{Ll}/u.test(char)) return 'lower';
  if (/\p{Lu}/u.test(char)) return 'upper';
  if (/\p{Nd}/u.test(char)) return 'digit';
  return 'other';
}

/** Cuts `text` to `max` characters (code points), marking the cut with an ellipsis. */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

export function sha1Hex(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

export function basicAuth(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

export interface GetJsonOptions {
  headers: Record<string, string>;
  /** Treat 404 as "nothing there yet" (Bitbucket answers 404 for a status key it has not seen). */
  notFoundIsEmpty: boolean;
}

/**
 * GETs `url` and parses the JSON answer; undefined for an allowed 404 or an unreadable body (the
 * caller then posts the status as new). Other refusals throw DeliveryError via expectSuccess.
 */
export async function getJson(transport: Transport, url: string, options: GetJsonOptions): Promise<unknown> {
  const response = await transport.send({ method: 'GET', url, headers: options.headers });
  if (response.status === 404 && options.notFoundIsEmpty) return undefined;
  expectSuccess(response, 'GET', url);
  try {
    return JSON.parse(response.body) as unknown;
  } catch {
    return undefined;
  }
}

/** Reads a string field of an untyped JSON object; undefined when absent or not a string. */
export function field(value: unknown, key: string): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const found = (value as Record<string, unknown>)[key];
  return typeof found === 'string' ? found : undefined;
}
