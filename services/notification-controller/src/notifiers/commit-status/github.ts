import { ProviderConfigError } from '../delivery-errors.js';
import type { Notifier, ProviderSettings } from '../notifier.js';
import { postJson } from '../transport.js';
import {
  commitStatusId,
  commitStatusOf,
  field,
  getJson,
  ownerAndRepo,
  parseRepositoryAddress,
  reasonDescription,
  rejectCommitStatusExpr,
  truncate,
  USER_AGENT,
} from './status-common.js';

/** GitHub refuses commit status descriptions longer than this. */
const DESCRIPTION_LIMIT = 140;

export interface GitHubRepository {
  /** `https://api.github.com` for github.com, `<scheme>://<host>/api/v3` for GitHub Enterprise Server. */
  api: string;
  owner: string;
  repo: string;
}

/** Where a github Provider's statuses go; throws ProviderConfigError when the settings cannot work. */
export function githubRepository(settings: ProviderSettings): GitHubRepository {
  rejectCommitStatusExpr(settings);
  if (!settings.token) {
    throw new ProviderConfigError(
      "github Provider needs a token (the Secret's token); GitHub App credentials are not supported yet",
    );
  }
  const address = parseRepositoryAddress(settings);
  const [owner, repo] = ownerAndRepo(settings, address);
  const api = address.hostname === 'github.com' ? 'https://api.github.com' : `${address.origin}/api/v3`;
  return { api, owner, repo };
}

/** Sets a commit status (REST `POST /repos/{owner}/{repo}/statuses/{sha}`) unless the latest one already says the same. */
export const githubNotifier: Notifier = {
  type: 'github',
  validate(settings) {
    githubRepository(settings);
  },
  async send(event, settings, transport) {
    const { api, owner, repo } = githubRepository(settings);
    const target = commitStatusOf(event, { success: 'success', failure: 'failure' });
    if (!target) return;
    const { state, sha } = target;

    const status = {
      state,
      context: commitStatusId(settings, event),
      description: truncate(reasonDescription(event), DESCRIPTION_LIMIT),
    };
    const headers = {
      accept: 'application/vnd.github+json',
      authorization: `Bearer ${settings.token}`,
      'user-agent': USER_AGENT,
      'x-github-api-version': '2022-11-28',
    };
    const repoPath = `${api}/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}`;

    // Statuses come newest first; the first with our context is the one GitHub shows.
    const existing = await getJson(transport, `${repoPath}/commits/${sha}/statuses?per_page=50`, {
      headers,
      notFoundIsEmpty: false,
    });
    const latest = Array.isArray(existing)
      ? existing.find(
          (s) =>
            field(s, 'context') === status.context &&
            field(s, 'state') !== undefined &&
            field(s, 'description') !== undefined,
        )
      : undefined;
    if (latest && field(latest, 'state') === status.state && field(latest, 'description') === status.description) {
      return;
    }
    await postJson(transport, `${repoPath}/statuses/${sha}`, status, headers);
  },
};
