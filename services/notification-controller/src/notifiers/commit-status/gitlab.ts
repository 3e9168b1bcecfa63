import { ProviderConfigError } from '../delivery-errors.js';
import type { Notifier, ProviderSettings } from '../notifier.js';
import { postJson } from '../transport.js';
import {
  commitStatusId,
  commitStatusOf,
  field,
  getJson,
  parseRepositoryAddress,
  reasonDescription,
  rejectCommitStatusExpr,
  USER_AGENT,
} from './status-common.js';

export interface GitLabProject {
  /** `<scheme>://<host>/api/v4/projects/<url-encoded path>`. */
  projectUrl: string;
}

/** Where a gitlab Provider's statuses go; throws ProviderConfigError when the settings cannot work. */
export function gitlabProject(settings: ProviderSettings): GitLabProject {
  rejectCommitStatusExpr(settings);
  if (!settings.token) {
    throw new ProviderConfigError("gitlab Provider needs a token (the Secret's token)");
  }
  const address = parseRepositoryAddress(settings);
  if (address.segments.length < 2) {
    throw new ProviderConfigError(
      'gitlab Provider address must name a project as <scheme>://<host>/<group>[/<subgroup>...]/<project>',
    );
  }
  const projectId = encodeURIComponent(address.segments.join('/'));
  return { projectUrl: `${address.origin}/api/v4/projects/${projectId}` };
}

/** Sets a commit status (`POST /projects/:id/statuses/:sha`) unless one with the same name, state and description exists. */
export const gitlabNotifier: Notifier = {
  type: 'gitlab',
  validate(settings) {
    gitlabProject(settings);
  },
  async send(event, settings, transport) {
    const { projectUrl } = gitlabProject(settings);
    const target = commitStatusOf(event, { success: 'success', failure: 'failed' });
    if (!target) return;
    const { state, sha } = target;

    const status = { state, name: commitStatusId(settings, event), description: reasonDescription(event) };
    const headers = { 'private-token': settings.token as string, 'user-agent': USER_AGENT };

    const existing = await getJson(
      transport,
      `${projectUrl}/repository/commits/${sha}/statuses?name=${encodeURIComponent(status.name)}`,
      { headers, notFoundIsEmpty: false },
    );
    const duplicate =
      Array.isArray(existing) &&
      existing.some(
        (s) =>
          field(s, 'sha') === sha &&
          field(s, 'status') === status.state &&
          field(s, 'description') === status.description &&
          field(s, 'name') === status.name,
      );
    if (duplicate) return;
    await postJson(transport, `${projectUrl}/statuses/${sha}`, status, headers);
  },
};
