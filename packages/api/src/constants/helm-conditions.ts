/** Condition types helm-controller sets besides Ready/Reconciling/Stalled. */
export const HelmCondition = {
  Released: 'Released',
  TestSuccess: 'TestSuccess',
  Remediated: 'Remediated',
} as const;
export type HelmCondition = (typeof HelmCondition)[keyof typeof HelmCondition];

/** Condition reasons helm-controller uses. */
export const HelmReason = {
  InstallSucceeded: 'InstallSucceeded',
  InstallFailed: 'InstallFailed',
  UpgradeSucceeded: 'UpgradeSucceeded',
  UpgradeFailed: 'UpgradeFailed',
  TestSucceeded: 'TestSucceeded',
  TestFailed: 'TestFailed',
  RollbackSucceeded: 'RollbackSucceeded',
  RollbackFailed: 'RollbackFailed',
  UninstallSucceeded: 'UninstallSucceeded',
  UninstallFailed: 'UninstallFailed',
  ArtifactFailed: 'ArtifactFailed',
  InitFailed: 'InitFailed',
  GetLastReleaseFailed: 'GetLastReleaseFailed',
  DependencyNotReady: 'DependencyNotReady',
  DriftDetected: 'DriftDetected',
} as const;
export type HelmReason = (typeof HelmReason)[keyof typeof HelmReason];
