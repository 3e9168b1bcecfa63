import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { ConditionType, EventSeverity, FluxFinalizer, ImageReason, Kind } from '@driftless/api';
import { requestReconcile } from '@driftless/bus';
import { GitError } from '@driftless/git';
import {
  markTrue,
  parseDuration,
  type ReconcileContext,
  type Reconciler,
  rfc3339,
  StallingError,
  TransientError,
  WaitingError,
} from '@driftless/runtime';
import { GitPushRejectedError, runGitUpdate } from '../git-update/git-update.js';
import { SettersError, UpdatePathEscapeError } from '../setters/setter-errors.js';
import type { SettersResult } from '../setters/setter-types.js';
import { applySetters } from '../setters/update-files.js';
import { renderCommitMessage } from '../template/commit-message.js';
import { TemplateError } from '../template/template-types.js';
import { automationPolicies, missingPolicies } from './automation-policies.js';
import { readAutomationSource, readCommitIdentity } from './automation-source.js';
import { type ImageDeps, type ImageUpdateAutomationObject, imageUpdateAutomationType } from './image-objects.js';

interface AutomationState {
  /** What the last apply of this run changed, and its commit message (a retried push applies again). */
  result?: SettersResult;
  message?: string;
}

/** ImageUpdateAutomation: rewrites the policy markers in Git, commits and pushes, then asks for a deploy at once. */
export function imageUpdateAutomationReconciler(
  deps: ImageDeps,
): Reconciler<ImageUpdateAutomationObject, AutomationState> {
  async function update(ctx: ReconcileContext, object: ImageUpdateAutomationObject, state: AutomationState) {
    const source = await readAutomationSource(ctx.client, object);
    const author = await readCommitIdentity(ctx.client, object);
    const namespace = object.metadata.namespace;
    const policies = automationPolicies(
      object,
      deps
        .policies()
        .informer.list()
        .filter((policy) => policy.metadata.namespace === namespace),
    );
    const git = object.spec.git!;
    const outcome = await asAutomationFailure(() =>
      runGitUpdate({
        url: source.url,
        credentials: source.credentials,
        checkoutBranch: source.checkoutBranch,
        push: git.push ?? {},
        author,
        workDir: join(deps.workRoot, namespace, object.metadata.name),
        signal: ctx.signal,
        maxPushAttempts: deps.maxPushAttempts,
        apply: async (worktree) => {
          const result = await applySetters({
            root: worktree,
            path: object.spec.update?.path,
            resolve: policies.resolve,
          });
          state.result = result;
          if (result.files.length === 0) return undefined;
          const message = renderCommitMessage(git.commit.messageTemplate, {
            automation: { namespace, name: object.metadata.name },
            changes: result.files,
            values: git.commit.messageTemplateValues ?? {},
          });
          state.message = message;
          return { message, changeId: changeIdOf(result) };
        },
      }),
    );
    object.status ??= {};
    const status = object.status;
    status.lastAutomationRunTime = rfc3339(new Date());
    status.observedPolicies = Object.fromEntries(policies.selected);
    if (outcome.pushed) {
      status.lastPushCommit = outcome.commit;
      status.lastPushTime = rfc3339(new Date());
      status.observedSourceRevision = `${source.checkoutBranch}@sha1:${outcome.base}`;
      const summary = `pushed commit '${outcome.commit.slice(0, 7)}' to branch '${outcome.branch}'`;
      markTrue(object, ConditionType.Ready, 'Succeeded', `committed and ${summary}`);
      await ctx.events.emit(object, EventSeverity.Info, `${summary}\n${state.message ?? ''}`, {
        reason: 'Succeeded',
        metadata: { revision: `${outcome.branch}@sha1:${outcome.commit}` },
      });
      await requestReconcile(deps.bus, Kind.GitRepository, source.namespace, source.name, {
        requestedBy: `ImageUpdateAutomation/${namespace}/${object.metadata.name}`,
      });
    } else {
      status.observedSourceRevision = `${source.checkoutBranch}@sha1:${outcome.head}`;
      markTrue(object, ConditionType.Ready, 'Succeeded', 'repository up-to-date');
    }
    const missing = missingPolicies(object, policies, state.result?.unresolved ?? []);
    if (missing.length > 0) {
      throw new WaitingError(ImageReason.PolicyNotFound, missing.join('; '), parseDuration(object.spec.interval));
    }
  }

  return {
    type: imageUpdateAutomationType,
    finalizer: FluxFinalizer,
    newState: () => ({}),
    steps: [update],
    announceSuccess: false,
    eventMetadata: (object) => ({ revision: object.status?.observedSourceRevision ?? '' }),
  };
}

/** Same changes, same id: the branch of a branchPrefix push is not made twice for one update. */
function changeIdOf(result: SettersResult): string {
  return createHash('sha256').update(JSON.stringify(result.files)).digest('hex').slice(0, 16);
}

async function asAutomationFailure<R>(operation: () => Promise<R>): Promise<R> {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof GitPushRejectedError || error instanceof GitError) {
      throw new TransientError(ImageReason.GitOperationFailed, error.message, { cause: error });
    }
    if (error instanceof TemplateError) {
      throw new StallingError(ImageReason.InvalidSourceConfig, `invalid commit message template: ${error.message}`);
    }
    if (error instanceof UpdatePathEscapeError) throw new StallingError(ImageReason.InvalidSourceConfig, error.message);
    if (error instanceof SettersError) throw new TransientError(ImageReason.ReconciliationFailed, error.message);
    throw error;
  }
}
