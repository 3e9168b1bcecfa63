import { defaultApplyOptions, type Unstructured } from '@driftless/apply';
import { type ActionDeps, CrdPolicy } from './action-types.js';

/**
 * Writes the chart's CRDs (helm never templates them) before anything else, Flux's way:
 * Skip writes none, Create only the missing ones, CreateReplace every one. Written CRDs are
 * waited for until established, so the release's custom resources can be applied next.
 */
export async function applyCrds(
  deps: ActionDeps,
  crds: readonly Unstructured[],
  policy: CrdPolicy,
  waitForEstablishedMs: number,
): Promise<void> {
  if (policy === CrdPolicy.Skip || crds.length === 0) return;
  const toWrite = policy === CrdPolicy.CreateReplace ? [...crds] : await missing(deps, crds);
  if (toWrite.length === 0) return;
  await deps.manager.applyAllStaged(toWrite, { ...defaultApplyOptions(), waitForEstablishedMs });
}

async function missing(deps: ActionDeps, crds: readonly Unstructured[]): Promise<Unstructured[]> {
  const present = await Promise.all(crds.map((crd) => deps.manager.get(crd)));
  return crds.filter((_, index) => present[index] === undefined);
}
