export type { Condition } from './conditions.js';
export { ConditionStatus, ConditionType, Reason, ReconcileRequestAnnotation } from './conditions.js';
export { ApiGroup, ApiVersion, Kind } from './constants/api-groups.js';
export { HelmCondition, HelmReason } from './constants/helm-conditions.js';
export { ImageReason } from './constants/image-conditions.js';
export { KustomizeCondition, KustomizeReason } from './constants/kustomize-conditions.js';
export { FluxAnnotation, FluxFinalizer, FluxLabel, PruneDisabled, SsaPolicy } from './constants/labels.js';
export { NotificationReason } from './constants/notification-conditions.js';
export { SourceCondition, SourceReason } from './constants/source-conditions.js';
export type { CustomResourceDefinition, CustomResourceDefinitionVersion } from './crd/build-crd.js';
export { buildCrd, crdName } from './crd/build-crd.js';
export { CrdSchemaError } from './crd/crd-errors.js';
export type { CrdFile } from './crd/render-crds.js';
export { crdFileName, renderCrdFiles } from './crd/render-crds.js';
export type { JsonSchemaObject } from './crd/structural-schema.js';
export { toStructuralSchema } from './crd/structural-schema.js';
export type { FluxEvent, InvolvedObject } from './event.js';
export { EventSeverity } from './event.js';
export type { Alert, AlertSpec, AlertStatus } from './kinds/alert.js';
export { AlertSchema, AlertSpecSchema, AlertStatusSchema, alertDefinition, EventSourceKinds } from './kinds/alert.js';
export type { GitRepository, GitRepositorySpec, GitRepositoryStatus } from './kinds/git-repository.js';
export {
  GitRepositoryRefSchema,
  GitRepositorySchema,
  GitRepositorySpecSchema,
  GitRepositoryStatusSchema,
  gitRepositoryDefinition,
} from './kinds/git-repository.js';
export type { HelmChart, HelmChartSpec, HelmChartStatus } from './kinds/helm-chart.js';
export {
  HelmChartSchema,
  HelmChartSpecSchema,
  HelmChartStatusSchema,
  helmChartDefinition,
} from './kinds/helm-chart.js';
export type { HelmRelease, HelmReleaseSnapshot, HelmReleaseSpec, HelmReleaseStatus } from './kinds/helm-release.js';
export {
  HelmReleaseSchema,
  HelmReleaseSnapshotSchema,
  HelmReleaseSpecSchema,
  HelmReleaseStatusSchema,
  helmReleaseDefinition,
} from './kinds/helm-release.js';
export type { HelmRepository, HelmRepositorySpec, HelmRepositoryStatus } from './kinds/helm-repository.js';
export {
  HelmRepositorySchema,
  HelmRepositorySpecSchema,
  HelmRepositoryStatusSchema,
  helmRepositoryDefinition,
} from './kinds/helm-repository.js';
export type { ImagePolicy, ImagePolicySpec, ImagePolicyStatus } from './kinds/image-policy.js';
export {
  ImagePolicySchema,
  ImagePolicySpecSchema,
  ImagePolicyStatusSchema,
  imagePolicyDefinition,
} from './kinds/image-policy.js';
export type { ImageRepository, ImageRepositorySpec, ImageRepositoryStatus } from './kinds/image-repository.js';
export {
  ImageRepositorySchema,
  ImageRepositorySpecSchema,
  ImageRepositoryStatusSchema,
  imageRepositoryDefinition,
} from './kinds/image-repository.js';
export type {
  ImageUpdateAutomation,
  ImageUpdateAutomationSpec,
  ImageUpdateAutomationStatus,
} from './kinds/image-update-automation.js';
export {
  ImageUpdateAutomationSchema,
  ImageUpdateAutomationSpecSchema,
  ImageUpdateAutomationStatusSchema,
  imageUpdateAutomationDefinition,
} from './kinds/image-update-automation.js';
export type { KindDefinition, PrinterColumn, VersionDefinition } from './kinds/kind-definition.js';
export type {
  Kustomization,
  KustomizationSpec,
  KustomizationStatus,
  ResourceInventory,
} from './kinds/kustomization.js';
export {
  KustomizationSchema,
  KustomizationSpecSchema,
  KustomizationStatusSchema,
  kustomizationDefinition,
  ResourceInventorySchema,
} from './kinds/kustomization.js';
export type { OCIRepository, OCIRepositorySpec, OCIRepositoryStatus } from './kinds/oci-repository.js';
export {
  OCIRepositorySchema,
  OCIRepositorySpecSchema,
  OCIRepositoryStatusSchema,
  ociRepositoryDefinition,
} from './kinds/oci-repository.js';
export type { Provider, ProviderSpec, ProviderStatus, ProviderType } from './kinds/provider.js';
export {
  ProviderSchema,
  ProviderSpecSchema,
  ProviderStatusSchema,
  ProviderTypes,
  providerDefinition,
} from './kinds/provider.js';
export type { Receiver, ReceiverSpec, ReceiverStatus, ReceiverType } from './kinds/receiver.js';
export {
  ReceiverSchema,
  ReceiverSpecSchema,
  ReceiverStatusSchema,
  ReceiverTypes,
  receiverDefinition,
} from './kinds/receiver.js';
export type { KindInfo } from './registry/kind-registry.js';
export { findKindDefinition, kindDefinitions, listKinds, lookupKind } from './registry/kind-registry.js';
export type { KindTypeMap } from './registry/kind-types.js';
export type { ValidationIssue, ValidationResult } from './registry/validate.js';
export { validate } from './registry/validate.js';
export { DurationPattern, TimeoutPattern } from './schema/duration.js';
export { ArtifactSchema, ConditionSchema } from './schema/kube-types.js';
