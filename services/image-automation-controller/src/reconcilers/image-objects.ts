import { ApiGroup, type ImagePolicy, type ImageRepository, type ImageUpdateAutomation, Kind } from '@driftless/api';
import type { Bus } from '@driftless/bus';
import type { Controller, ResourceType } from '@driftless/runtime';

function imageType(kind: string, plural: string): ResourceType {
  return { group: ApiGroup.Image, version: 'v1', kind, plural, namespaced: true };
}

export const imageRepositoryType = imageType(Kind.ImageRepository, 'imagerepositories');
export const imagePolicyType = imageType(Kind.ImagePolicy, 'imagepolicies');
export const imageUpdateAutomationType = imageType(Kind.ImageUpdateAutomation, 'imageupdateautomations');
export const gitRepositoryType: ResourceType = {
  group: ApiGroup.Source,
  version: 'v1',
  kind: Kind.GitRepository,
  plural: 'gitrepositories',
  namespaced: true,
};
export const namespaceType: ResourceType = {
  group: '',
  version: 'v1',
  kind: 'Namespace',
  plural: 'namespaces',
  namespaced: false,
};

type Named = { metadata: { name: string; namespace: string } };
export type ImageRepositoryObject = ImageRepository & Named;
export type ImagePolicyObject = ImagePolicy & Named;
export type ImageUpdateAutomationObject = ImageUpdateAutomation & Named;

/** `<namespace>/<name>` of the ImageRepository an ImagePolicy reads. */
export function repositoryKeyOf(policy: ImagePolicyObject): string {
  const ref = policy.spec.imageRepositoryRef;
  return `${ref.namespace ?? policy.metadata.namespace}/${ref.name}`;
}

/** What the three reconcilers of one process share. */
export interface ImageDeps {
  bus: Bus;
  repositories: () => Controller<ImageRepositoryObject>;
  policies: () => Controller<ImagePolicyObject>;
  /** ImageRepositories (`namespace/name`) asked over NATS to scan now, whatever their interval says. */
  scanRequests: Set<string>;
  /** Per-automation Git working directories, kept between runs. */
  workRoot: string;
  /** Retries of a push rejected because the branch moved meanwhile. */
  maxPushAttempts: number;
}
