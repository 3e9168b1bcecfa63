import type { Hook, Release } from '../release/release.js';
import { errorText, startDeadline } from './action-clock.js';
import { type ActionDeps, HelmActionError } from './action-types.js';
import { hooksOf, runHooks } from './hooks.js';
import { copyRelease, recordRelease } from './release-record.js';

/** Flux's `spec.test.filters`: run only the named tests, or all but the excluded ones. */
export interface TestFilter {
  name: string;
  exclude?: boolean;
}

export interface TestOptions {
  timeoutMs: number;
  filters?: TestFilter[];
}

export function defaultTestOptions(): TestOptions {
  return { timeoutMs: 5 * 60_000 };
}

/**
 * helm test: runs the release's `test` hooks (helm 2's `test-success` too) in hook order, records
 * each one's last run on the stored release, and fails with the updated release when one failed.
 */
export async function testRelease(deps: ActionDeps, release: Release, options: TestOptions): Promise<Release> {
  const deadline = startDeadline(options.timeoutMs);
  const tested = copyRelease(release);
  const hooks = filterTests(hooksOf(tested, 'test'), options.filters ?? []);
  try {
    await runHooks(deps, tested, 'test', deadline, hooks);
  } catch (error) {
    await recordRelease(deps, tested);
    throw new HelmActionError('test', errorText(error), tested, { cause: error });
  }
  await deps.storage.update(tested);
  return tested;
}

/** helm's name filters as Flux sets them: excluded names are skipped, then only included names run, if any. */
export function filterTests(hooks: Hook[], filters: readonly TestFilter[]): Hook[] {
  const excluded = new Set(filters.filter((filter) => filter.exclude).map((filter) => filter.name));
  const included = new Set(filters.filter((filter) => !filter.exclude).map((filter) => filter.name));
  return hooks.filter((hook) => !excluded.has(hook.name) && (included.size === 0 || included.has(hook.name)));
}
