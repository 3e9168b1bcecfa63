import type { FluxEvent } from '@driftless/api';
import { ProviderConfigError } from '../delivery-errors.js';
import { eventSummary } from '../event-text.js';
import type { Notifier, ProviderSettings } from '../notifier.js';
import { postJson } from '../transport.js';
import {
  basicAuth,
  commitStatusId,
  commitStatusOf,
  field,
  getJson,
  parseRepositoryAddress,
  reasonDescription,
  rejectCommitStatusExpr,
  USER_AGENT,
} from './status-common.js';

/** The REST version of the Azure DevOps Go client (v6) that Flux calls. */
const API_VERSION = '6.0';
const GENRE = 'fluxcd';

export interface AzureDevOpsRepository {
  /** `<scheme>://<host>/<org>/<project>/_apis/git/repositories/<repo>`. */
  repoUrl: string;
}

/**
 * Where an azuredevops Provider's statuses go. The address is the repository URL,
 * `https://dev.azure.com/<org>/<project>/_git/<repo>`; throws ProviderConfigError when the settings
 * cannot work.
 */
export function azureDevOpsRepository(settings: ProviderSettings): AzureDevOpsRepository {
  rejectCommitStatusExpr(settings);
  if (!settings.token) {
    throw new ProviderConfigError(
      "azuredevops Provider needs a personal access token (the Secret's token); managed identity is not supported yet",
    );
  }
  const address = parseRepositoryAddress(settings);
  const [org, project, git, repo, ...rest] = address.segments;
  if (!org || !project || git !== '_git' || !repo || rest.length > 0) {
    throw new ProviderConfigError(
      'azuredevops Provider address must be the repository URL, <scheme>://<host>/<org>/<project>/_git/<repo>',
    );
  }
  const [o, p, r] = [org, project, repo].map((segment) => encodeURIComponent(segment));
  return { repoUrl: `${address.origin}/${o}/${p}/_apis/git/repositories/${r}` };
}

/** `fluxcd`, or `fluxcd:<summary>` when the Alert has a summary, as Flux sets the status genre. */
function genre(event: FluxEvent): string {
  const summary = eventSummary(event);
  return summary === undefined ? GENRE : `${GENRE}:${summary}`;
}

/** Creates a commit status (`POST .../commits/{sha}/statuses`) unless the latest one already says the same. */
export const azureDevOpsNotifier: Notifier = {
  type: 'azuredevops',
  validate(settings) {
    azureDevOpsRepository(settings);
  },
  async send(event, settings, transport) {
    const { repoUrl } = azureDevOpsRepository(settings);
    const target = commitStatusOf(event, { success: 'succeeded', failure: 'error' });
    if (!target) return;
    const { state, sha } = target;

    const status = {
      state,
      description: reasonDescription(event),
      context: { genre: genre(event), name: commitStatusId(settings, event) },
    };
    // A personal access token goes in basic auth with an empty username.
    const headers = { authorization: basicAuth('', settings.token as string), 'user-agent': USER_AGENT };
    const statusesUrl = `${repoUrl}/commits/${sha}/statuses?api-version=${API_VERSION}`;

    const existing = await getJson(transport, statusesUrl, { headers, notFoundIsEmpty: false });
    const listed = existing && typeof existing === 'object' ? (existing as { value?: unknown }).value : undefined;
    const latest = Array.isArray(listed)
      ? listed.find((s) => {
          const context = (s as { context?: unknown } | null)?.context;
          return (
            field(context, 'name') === status.context.name &&
            field(context, 'genre') === status.context.genre &&
            field(s, 'state') !== undefined &&
            field(s, 'description') !== undefined
          );
        })
      : undefined;
    if (latest && field(latest, 'state') === status.state && field(latest, 'description') === status.description) {
      return;
    }
    await postJson(transport, statusesUrl, status, headers);
  },
};
