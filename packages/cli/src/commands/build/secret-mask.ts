import type { Unstructured } from '@driftless/apply';

const hidden = '***';

/**
 * Secrets with their values hidden, as `kubectl diff` shows them: `***` where both sides hold the same
 * value, `*** (before)` and `*** (after)` where it changed, so a diff says which keys changed and nothing more.
 */
export function maskSecrets(live: Unstructured, merged: Unstructured): [Unstructured, Unstructured] {
  if (live.kind !== 'Secret' || merged.kind !== 'Secret') return [live, merged];
  let [before, after] = [live, merged];
  for (const field of ['data', 'stringData'] as const) {
    const a = (before[field] ?? undefined) as Record<string, unknown> | undefined;
    const b = (after[field] ?? undefined) as Record<string, unknown> | undefined;
    const [maskedA, maskedB] = maskPair(a, b);
    before = maskedA ? { ...before, [field]: maskedA } : before;
    after = maskedB ? { ...after, [field]: maskedB } : after;
  }
  return [before, after];
}

type Values = Record<string, unknown> | undefined;

function maskPair(a: Values, b: Values): [Values, Values] {
  const mask = (values: Values, other: Values, changed: string): Values =>
    values &&
    Object.fromEntries(
      Object.entries(values).map(([key, value]) => [key, other?.[key] === value ? hidden : `${hidden} (${changed})`]),
    );
  return [mask(a, b, 'before'), mask(b, a, 'after')];
}
