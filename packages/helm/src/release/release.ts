/**
 * Helm's release record (helm.sh/helm/v3 `pkg/release`), field for field as helm serialises it to
 * JSON, so that releases written here are read by `helm list/history/get/rollback` and releases
 * written by `helm` are read here.
 */

export const ReleaseStatus = {
  Unknown: 'unknown',
  Deployed: 'deployed',
  Uninstalled: 'uninstalled',
  Superseded: 'superseded',
  Failed: 'failed',
  Uninstalling: 'uninstalling',
  PendingInstall: 'pending-install',
  PendingUpgrade: 'pending-upgrade',
  PendingRollback: 'pending-rollback',
} as const;
export type ReleaseStatus = (typeof ReleaseStatus)[keyof typeof ReleaseStatus];

export const HookEvent = {
  PreInstall: 'pre-install',
  PostInstall: 'post-install',
  PreDelete: 'pre-delete',
  PostDelete: 'post-delete',
  PreUpgrade: 'pre-upgrade',
  PostUpgrade: 'post-upgrade',
  PreRollback: 'pre-rollback',
  PostRollback: 'post-rollback',
  Test: 'test',
} as const;
export type HookEvent = (typeof HookEvent)[keyof typeof HookEvent];

export const HookDeletePolicy = {
  Succeeded: 'hook-succeeded',
  Failed: 'hook-failed',
  BeforeCreation: 'before-hook-creation',
} as const;
export type HookDeletePolicy = (typeof HookDeletePolicy)[keyof typeof HookDeletePolicy];

export const HookPhase = { Unknown: 'Unknown', Running: 'Running', Succeeded: 'Succeeded', Failed: 'Failed' } as const;
export type HookPhase = (typeof HookPhase)[keyof typeof HookPhase];

/** Helm's annotations on chart objects. */
export const HelmAnnotation = {
  Hook: 'helm.sh/hook',
  HookWeight: 'helm.sh/hook-weight',
  HookDeletePolicy: 'helm.sh/hook-delete-policy',
  ResourcePolicy: 'helm.sh/resource-policy',
  ReleaseName: 'meta.helm.sh/release-name',
  ReleaseNamespace: 'meta.helm.sh/release-namespace',
} as const;

export const ManagedByLabel = { key: 'app.kubernetes.io/managed-by', value: 'Helm' } as const;

export type Values = Record<string, unknown>;

export interface HookExecution {
  started_at?: string;
  completed_at?: string;
  phase: HookPhase | '';
}

export interface Hook {
  name: string;
  kind: string;
  path: string;
  manifest: string;
  events: HookEvent[];
  last_run: HookExecution;
  weight: number;
  delete_policies?: HookDeletePolicy[];
}

export interface ReleaseInfo {
  first_deployed: string;
  last_deployed: string;
  deleted: string;
  description: string;
  status: ReleaseStatus;
  notes?: string;
}

export interface ChartFile {
  name: string;
  /** Base64 of the file's bytes. */
  data: string;
}

export interface ChartMetadata {
  name: string;
  version: string;
  appVersion?: string;
  apiVersion?: string;
  description?: string;
  [field: string]: unknown;
}

export interface Chart {
  metadata: ChartMetadata;
  lock?: unknown;
  templates: ChartFile[];
  values: Values | null;
  schema?: string | null;
  files: ChartFile[];
}

export interface Release {
  name: string;
  info: ReleaseInfo;
  chart: Chart;
  config?: Values;
  manifest: string;
  hooks?: Hook[];
  version: number;
  namespace: string;
  labels?: Record<string, string>;
}
