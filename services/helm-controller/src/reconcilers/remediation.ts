import type { HelmReleaseObject } from './helm-release-object.js';

export const RemediationStrategy = { Rollback: 'rollback', Uninstall: 'uninstall' } as const;
export type RemediationStrategy = (typeof RemediationStrategy)[keyof typeof RemediationStrategy];

/** The remediation of the last release action attempted (install or upgrade), with its failure count. */
export interface ActiveRemediation {
  action: 'install' | 'upgrade';
  retries: number;
  strategy: RemediationStrategy;
  failures: number;
  ignoreTestFailures?: boolean;
  remediateLastFailure?: boolean;
}

export function installRemediation(object: HelmReleaseObject): ActiveRemediation {
  const spec = object.spec.install?.remediation;
  return {
    action: 'install',
    retries: spec?.retries ?? 0,
    strategy: RemediationStrategy.Uninstall,
    failures: object.status?.installFailures ?? 0,
    ignoreTestFailures: spec?.ignoreTestFailures,
    remediateLastFailure: spec?.remediateLastFailure,
  };
}

export function upgradeRemediation(object: HelmReleaseObject): ActiveRemediation {
  const spec = object.spec.upgrade?.remediation;
  return {
    action: 'upgrade',
    retries: spec?.retries ?? 0,
    strategy: spec?.strategy ?? RemediationStrategy.Rollback,
    failures: object.status?.upgradeFailures ?? 0,
    ignoreTestFailures: spec?.ignoreTestFailures,
    remediateLastFailure: spec?.remediateLastFailure,
  };
}

/** Flux's GetActiveRemediation: the remediation of `status.lastAttemptedReleaseAction`. */
export function activeRemediation(object: HelmReleaseObject): ActiveRemediation | undefined {
  switch (object.status?.lastAttemptedReleaseAction) {
    case 'install':
      return installRemediation(object);
    case 'upgrade':
      return upgradeRemediation(object);
    default:
      return undefined;
  }
}

/** Negative retries retry forever. */
export function retriesExhausted(remediation: ActiveRemediation): boolean {
  return remediation.retries >= 0 && remediation.failures > remediation.retries;
}

/** Remediating the last failure too is the default only when retries are configured. */
export function mustRemediateLastFailure(remediation: ActiveRemediation): boolean {
  return remediation.remediateLastFailure ?? remediation.retries > 0;
}

export function mustIgnoreTestFailures(object: HelmReleaseObject, remediation: ActiveRemediation | undefined): boolean {
  return remediation?.ignoreTestFailures ?? object.spec.test?.ignoreFailures ?? false;
}

/** Counts one failure of a release action (install, upgrade, test) against its remediation. */
export function recordFailure(object: HelmReleaseObject, action: 'install' | 'upgrade'): void {
  object.status ??= {};
  object.status.failures = (object.status.failures ?? 0) + 1;
  if (action === 'install') object.status.installFailures = (object.status.installFailures ?? 0) + 1;
  else object.status.upgradeFailures = (object.status.upgradeFailures ?? 0) + 1;
}

export function clearFailures(object: HelmReleaseObject): void {
  if (!object.status) return;
  delete object.status.failures;
  delete object.status.installFailures;
  delete object.status.upgradeFailures;
}
