import { type Condition, ConditionType, HelmCondition, type HelmReleaseSnapshot } from '@driftless/api';
import { deleteCondition, getCondition, setCondition } from '@driftless/runtime';
import type { HelmReleaseObject } from './helm-release-object.js';

/** `<namespace>/<name>.v<version>`, as Flux names a release revision in its messages. */
export function fullReleaseName(snapshot: Pick<HelmReleaseSnapshot, 'namespace' | 'name' | 'version'>): string {
  return `${snapshot.namespace}/${snapshot.name}.v${snapshot.version}`;
}

/** `<chart>@<version>` */
export function versionedChartName(snapshot: Pick<HelmReleaseSnapshot, 'chartName' | 'chartVersion'>): string {
  return `${snapshot.chartName}@${snapshot.chartVersion}`;
}

export const ActionMessage = {
  installSucceeded: (s: HelmReleaseSnapshot) =>
    `Helm install succeeded for release ${fullReleaseName(s)} with chart ${versionedChartName(s)}`,
  installFailed: (s: HelmReleaseSnapshot, error: string) =>
    `Helm install failed for release ${fullReleaseName(s)} with chart ${versionedChartName(s)}: ${error}`,
  upgradeSucceeded: (s: HelmReleaseSnapshot) =>
    `Helm upgrade succeeded for release ${fullReleaseName(s)} with chart ${versionedChartName(s)}`,
  upgradeFailed: (s: HelmReleaseSnapshot, error: string) =>
    `Helm upgrade failed for release ${fullReleaseName(s)} with chart ${versionedChartName(s)}: ${error}`,
  testSucceeded: (s: HelmReleaseSnapshot, hooks: string) =>
    `Helm test succeeded for release ${fullReleaseName(s)} with chart ${versionedChartName(s)}: ${hooks}`,
  testFailed: (s: HelmReleaseSnapshot, error: string) =>
    `Helm test failed for release ${fullReleaseName(s)} with chart ${versionedChartName(s)}: ${error}`,
  rollbackSucceeded: (s: HelmReleaseSnapshot) =>
    `Helm rollback to previous release ${fullReleaseName(s)} with chart ${versionedChartName(s)} succeeded`,
  rollbackFailed: (s: HelmReleaseSnapshot, error: string) =>
    `Helm rollback to previous release ${fullReleaseName(s)} with chart ${versionedChartName(s)} failed: ${error}`,
  uninstallSucceeded: (s: HelmReleaseSnapshot) =>
    `Helm uninstall succeeded for release ${fullReleaseName(s)} with chart ${versionedChartName(s)}`,
  uninstallFailed: (s: HelmReleaseSnapshot, error: string) =>
    `Helm uninstall failed for release ${fullReleaseName(s)} with chart ${versionedChartName(s)}: ${error}`,
} as const;

/**
 * Flux's summarize: Ready follows the first of Remediated (always an error), TestSuccess (when tests are
 * enabled and failures count) and Released, preferring newer generations.
 */
export function summarizeReady(object: HelmReleaseObject): void {
  const test = object.spec.test;
  if (!test?.enable) deleteCondition(object, HelmCondition.TestSuccess);
  const order: string[] =
    test?.enable && !test.ignoreFailures
      ? [HelmCondition.Remediated, HelmCondition.TestSuccess, HelmCondition.Released]
      : [HelmCondition.Remediated, HelmCondition.Released];
  const candidates = order
    .map((type) => getCondition(object, type))
    .filter((condition): condition is Condition => condition !== undefined);
  if (candidates.length === 0) return;
  const newest = Math.max(...candidates.map((condition) => condition.observedGeneration ?? 0));
  const first = candidates.find((condition) => (condition.observedGeneration ?? 0) === newest) ?? candidates[0]!;
  const status = first.type === HelmCondition.Remediated ? 'False' : first.status;
  setCondition(object, { type: ConditionType.Ready, status, reason: first.reason, message: first.message });
  if (status === 'True') deleteCondition(object, ConditionType.Stalled);
}
