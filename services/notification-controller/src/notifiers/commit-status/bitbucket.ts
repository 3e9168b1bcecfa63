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
  ownerAndRepo,
  parseRepositoryAddress,
  reasonDescription,
  rejectCommitStatusExpr,
  sha1Hex,
  USER_AGENT,
} from './status-common.js';

/** Usernames that mark the "password" half of the token as an OAuth / repository access token. */
const BEARER_USERNAMES = new Set(['x-token-auth', 'x-bitbucket-api-token-auth']);

export interface BitbucketRepository {
  /** `https://api.bitbucket.org/2.0/repositories/<workspace>/<repo>`; `<scheme>://<host>/2.0/...` off bitbucket.org. */
  repoUrl: string;
  authorization: string;
}

/** Where a bitbucket Provider's statuses go; throws ProviderConfigError when the settings cannot work. */
export function bitbucketRepository(settings: ProviderSettings): BitbucketRepository {
  rejectCommitStatusExpr(settings);
  const token = settings.token ?? '';
  const colon = token.indexOf(':');
  const username = token.slice(0, colon);
  const password = token.slice(colon + 1);
  if (colon === -1 || !username || !password) {
    throw new ProviderConfigError(
      "bitbucket Provider needs the Secret's token as <username>:<app password or API token>",
    );
  }
  const address = parseRepositoryAddress(settings);
  const [workspace, repo] = ownerAndRepo(settings, address);
  const api = address.hostname === 'bitbucket.org' ? 'https://api.bitbucket.org/2.0' : `${address.origin}/2.0`;
  return {
    repoUrl: `${api}/repositories/${encodeURIComponent(workspace)}/${encodeURIComponent(repo)}`,
    authorization: BEARER_USERNAMES.has(username) ? `Bearer ${password}` : basicAuth(username, password),
  };
}

/** Sets a build status (`POST /repositories/{workspace}/{repo}/commit/{sha}/statuses/build`) unless it is unchanged. */
export const bitbucketNotifier: Notifier = {
  type: 'bitbucket',
  validate(settings) {
    bitbucketRepository(settings);
  },
  async send(event, settings, transport) {
    const { repoUrl, authorization } = bitbucketRepository(settings);
    const target = commitStatusOf(event, { success: 'SUCCESSFUL', failure: 'FAILED' });
    if (!target) return;
    const { state, sha } = target;

    const status = {
      state,
      // Bitbucket caps keys at 40 characters: the SHA-1 hex of the status name fits exactly.
      key: sha1Hex(commitStatusId(settings, event)),
      name: objectKindName(event),
      description: reasonDescription(event),
      url: 'https://bitbucket.org',
    };
    const headers = { authorization, 'user-agent': USER_AGENT };
    const buildsUrl = `${repoUrl}/commit/${sha}/statuses/build`;

    const existing = await getJson(transport, `${buildsUrl}/${status.key}`, { headers, notFoundIsEmpty: true });
    if (field(existing, 'state') === status.state && field(existing, 'description') === status.description) return;
    await postJson(transport, buildsUrl, status, headers);
  },
};
