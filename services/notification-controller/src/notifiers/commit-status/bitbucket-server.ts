import { ProviderConfigError } from '../delivery-errors.js';
import type { Notifier, ProviderSettings } from '../notifier.js';
import { postJson } from '../transport.js';
import {
  basicAuth,
  commitStatusId,
  commitStatusOf,
  field,
  getJson,
  objectKindName,
  parseRepositoryAddress,
  reasonDescription,
  rejectCommitStatusExpr,
  sha1Hex,
  USER_AGENT,
} from './status-common.js';

export interface BitbucketServerRepository {
  /** `<scheme>://<host>[<context path>]/rest/api/latest/projects/<key>/repos/<slug>`. */
  repoUrl: string;
  authorization: string;
  /** The clone URL without credentials: the status links back to it, as in Flux. */
  link: string;
}

/**
 * Where a bitbucketserver Provider's build statuses go. The address is the http(s) clone URL,
 * `<scheme>://<host>[/<context path>]/scm/<project key>/<repo slug>.git`; throws ProviderConfigError
 * when the settings cannot work.
 */
export function bitbucketServerRepository(settings: ProviderSettings): BitbucketServerRepository {
  rejectCommitStatusExpr(settings);
  let authorization: string;
  if (settings.token) authorization = `Bearer ${settings.token}`;
  else if (settings.username && settings.password) authorization = basicAuth(settings.username, settings.password);
  else {
    throw new ProviderConfigError(
      "bitbucketserver Provider needs the Secret's token (HTTP access token), or a username and password",
    );
  }
  const address = parseRepositoryAddress(settings);
  const scm = address.segments.lastIndexOf('scm');
  const [projectKey, repoSlug, ...rest] = scm === -1 ? [] : address.segments.slice(scm + 1);
  if (!projectKey || !repoSlug || rest.length > 0) {
    throw new ProviderConfigError(
      'bitbucketserver Provider address must be the http(s) clone URL, ' +
        '<scheme>://<host>[/<context path>]/scm/<project key>/<repo slug>.git',
    );
  }
  const contextPath = address.segments
    .slice(0, scm)
    .map((segment) => `/${encodeURIComponent(segment)}`)
    .join('');
  return {
    repoUrl:
      `${address.origin}${contextPath}/rest/api/latest/projects/${encodeURIComponent(projectKey)}` +
      `/repos/${encodeURIComponent(repoSlug)}`,
    authorization,
    link: address.href,
  };
}

/** Sets a build status (`POST .../commits/{sha}/builds`) unless the one under the same key is unchanged. */
export const bitbucketServerNotifier: Notifier = {
  type: 'bitbucketserver',
  validate(settings) {
    bitbucketServerRepository(settings);
  },
  async send(event, settings, transport) {
    const { repoUrl, authorization, link } = bitbucketServerRepository(settings);
    const target = commitStatusOf(event, { success: 'SUCCESSFUL', failure: 'FAILED' });
    if (!target) return;
    const { state, sha } = target;

    const description = reasonDescription(event);
    const status = {
      key: sha1Hex(commitStatusId(settings, event)),
      state,
      url: link,
      description,
      // The build list in the Bitbucket UI shows only the name, so Flux puts the description in it too.
      name: `${objectKindName(event)} [${description}]`,
    };
    const headers = {
      authorization,
      'user-agent': USER_AGENT,
      'x-atlassian-token': 'no-check',
      'x-requested-with': 'XMLHttpRequest',
    };
    const buildsUrl = `${repoUrl}/commits/${sha}/builds`;

    const existing = await getJson(transport, `${buildsUrl}?key=${status.key}`, { headers, notFoundIsEmpty: true });
    const duplicate =
      field(existing, 'key') === status.key &&
      field(existing, 'state') === status.state &&
      field(existing, 'description') === status.description &&
      field(existing, 'name') === status.name;
    if (duplicate) return;
    await postJson(transport, buildsUrl, status, headers);
  },
};
