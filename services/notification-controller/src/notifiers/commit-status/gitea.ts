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
  USER_AGENT,
} from './status-common.js';

export interface GiteaRepository {
  /** `<scheme>://<host>/api/v1/repos/<owner>/<repo>`. */
  repoUrl: string;
  token: string;
}

/** Where a gitea Provider's statuses go; throws ProviderConfigError when the settings cannot work. */
export function giteaRepository(settings: ProviderSettings): GiteaRepository {
  rejectCommitStatusExpr(settings);
  // Flux falls back to the Secret's password when there is no token.
  const token = settings.token || settings.password;
  if (!token) {
    throw new ProviderConfigError("gitea Provider needs a token (the Secret's token, or its password)");
  }
  const address = parseRepositoryAddress(settings);
  const [owner, repo] = ownerAndRepo(settings, address);
  return {
    repoUrl: `${address.origin}/api/v1/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}`,
    token,
  };
}

/** Sets a commit status (`POST /repos/{owner}/{repo}/statuses/{sha}`) unless the latest one already says the same. */
export const giteaNotifier: Notifier = {
  type: 'gitea',
  validate(settings) {
    giteaRepository(settings);
  },
  async send(event, settings, transport) {
    const { repoUrl, token } = giteaRepository(settings);
    // Unlike the other forges, Gitea shows progress: Flux maps `Progressing` to pending.
    const target = commitStatusOf(event, { success: 'success', failure: 'failure', pending: 'pending' });
    if (!target) return;
    const { state, sha } = target;

    const status = {
      state,
      target_url: '',
      description: reasonDescription(event),
      context: commitStatusId(settings, event),
    };
    const headers = { authorization: `token ${token}`, 'user-agent': USER_AGENT };

    const existing = await getJson(transport, `${repoUrl}/commits/${sha}/statuses?page=1&limit=50`, {
      headers,
      notFoundIsEmpty: false,
    });
    // Gitea answers a status's state in `status`; the first with our context (and a state and description) decides.
    const latest = Array.isArray(existing)
      ? existing.find((s) => field(s, 'context') === status.context && giteaListedState(s) && field(s, 'description'))
      : undefined;
    if (latest && giteaListedState(latest) === status.state && field(latest, 'description') === status.description) {
      return;
    }
    await postJson(transport, `${repoUrl}/statuses/${sha}`, status, headers);
  },
};

function giteaListedState(listed: unknown): string | undefined {
  return field(listed, 'status') || field(listed, 'state');
}
