import type { Hook, Release, Values } from '../release/release.js';
import { RenderError, RenderErrorReason } from './render-errors.js';

/**
 * Reads the release record `helm install --dry-run=client -o json` prints. Fields helm leaves out
 * when empty (`weight: 0`, `config: {}`) are filled in; `version` is 0 and the description empty:
 * the action that stores the release numbers and describes it.
 */
export function releaseFromHelmJson(stdout: string): Release {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch (err) {
    throw new RenderError(RenderErrorReason.InvalidOutput, 'helm printed no release record', { cause: err });
  }
  if (!isRelease(parsed)) {
    throw new RenderError(
      RenderErrorReason.InvalidOutput,
      'helm printed a release record without name, chart or manifest',
    );
  }
  return {
    ...parsed,
    info: { ...parsed.info, description: '' },
    config: (parsed.config ?? {}) as Values,
    hooks: (parsed.hooks ?? []).map(normalizeHook),
    version: 0,
  };
}

function normalizeHook(hook: Hook): Hook {
  return {
    ...hook,
    events: hook.events ?? [],
    weight: hook.weight ?? 0,
    last_run: hook.last_run ?? { phase: '' },
  };
}

function isRelease(value: unknown): value is Release {
  if (typeof value !== 'object' || value === null) return false;
  const release = value as Partial<Release>;
  return (
    typeof release.name === 'string' &&
    typeof release.manifest === 'string' &&
    typeof release.chart === 'object' &&
    release.chart !== null &&
    typeof release.info === 'object' &&
    release.info !== null
  );
}
