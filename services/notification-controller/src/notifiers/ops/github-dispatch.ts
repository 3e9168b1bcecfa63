import type { FluxEvent } from '@driftless/api';
import { ProviderConfigError } from '../delivery-errors.js';
import type { Notifier, ProviderSettings } from '../notifier.js';
import { postJson } from '../transport.js';
import { requireToken, wireEvent } from './ops-helpers.js';

/**
 * GitHub `repository_dispatch`: lets a workflow run on Flux events (`on: repository_dispatch`,
 * `types: [Kustomization/podinfo.apps]`), with the whole event as `client_payload`.
 */
export const githubDispatchNotifier: Notifier = {
  type: 'githubdispatch',
  validate(settings) {
    dispatchTarget(settings);
    requireToken(settings, 'with permission to dispatch repository events');
  },
  async send(event, settings, transport) {
    const target = dispatchTarget(settings);
    const token = requireToken(settings, 'with permission to dispatch repository events');
    await postJson(transport, dispatchesUrl(target), dispatchRequest(event), {
      accept: 'application/vnd.github+json',
      authorization: `Bearer ${token}`,
      'user-agent': 'driftless-notification-controller',
      'x-github-api-version': '2022-11-28',
    });
  },
};

export interface DispatchTarget {
  /** `https://api.github.com`, or `<scheme>://<host>/api/v3` for GitHub Enterprise Server. */
  apiBase: string;
  owner: string;
  repo: string;
}

/**
 * Reads the repository from its URL: `https://github.com/org/app(.git)`, `ssh://git@host/org/app.git`
 * or `git@host:org/app.git`. SSH addresses use the API over https.
 */
export function parseRepositoryAddress(address: string): DispatchTarget {
  const scpLike = /^(?:[^@/]+@)?([^:/]+):(?!\/)(.+)$/.exec(address);
  let scheme: string;
  let host: string;
  let path: string;
  if (scpLike && !address.includes('://')) {
    [scheme, host, path] = ['https', scpLike[1], scpLike[2]];
  } else {
    let url: URL;
    try {
      url = new URL(address);
    } catch {
      throw new ProviderConfigError('githubdispatch Provider address is not a valid repository URL');
    }
    const protocol = url.protocol.slice(0, -1);
    if (!['http', 'https', 'ssh'].includes(protocol)) {
      throw new ProviderConfigError(`githubdispatch Provider address must be an https or ssh URL, not ${protocol}`);
    }
    [scheme, host, path] = [protocol === 'ssh' ? 'https' : protocol, url.host, url.pathname];
  }
  const parts = path
    .replace(/^\/+/, '')
    .replace(/\.git$/, '')
    .split('/');
  if (parts.length !== 2 || !parts[0] || !parts[1]) {
    throw new ProviderConfigError(
      'githubdispatch Provider address must name a repository as <host>/<owner>/<repository>',
    );
  }
  const apiBase = host === 'github.com' ? 'https://api.github.com' : `${scheme}://${host}/api/v3`;
  return { apiBase, owner: parts[0], repo: parts[1] };
}

function dispatchTarget(settings: ProviderSettings): DispatchTarget {
  if (!settings.address) {
    throw new ProviderConfigError(
      "githubdispatch Provider needs the repository URL as its address (spec.address or the Secret's address)",
    );
  }
  return parseRepositoryAddress(settings.address);
}

function dispatchesUrl(target: DispatchTarget): string {
  return `${target.apiBase}/repos/${encodeURIComponent(target.owner)}/${encodeURIComponent(target.repo)}/dispatches`;
}

function dispatchRequest(event: FluxEvent) {
  const { kind, name, namespace } = event.involvedObject;
  return { event_type: `${kind}/${name}.${namespace}`, client_payload: wireEvent(event) };
}
