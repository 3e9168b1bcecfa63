/** The API groups of the Flux toolkit. */
export const ApiGroup = {
  Source: 'source.toolkit.fluxcd.io',
  Kustomize: 'kustomize.toolkit.fluxcd.io',
  Helm: 'helm.toolkit.fluxcd.io',
  Image: 'image.toolkit.fluxcd.io',
  Notification: 'notification.toolkit.fluxcd.io',
} as const;
export type ApiGroup = (typeof ApiGroup)[keyof typeof ApiGroup];

/** Every kind Driftless serves. */
export const Kind = {
  GitRepository: 'GitRepository',
  HelmRepository: 'HelmRepository',
  HelmChart: 'HelmChart',
  OCIRepository: 'OCIRepository',
  Kustomization: 'Kustomization',
  HelmRelease: 'HelmRelease',
  ImageRepository: 'ImageRepository',
  ImagePolicy: 'ImagePolicy',
  ImageUpdateAutomation: 'ImageUpdateAutomation',
  Provider: 'Provider',
  Alert: 'Alert',
  Receiver: 'Receiver',
} as const;
export type Kind = (typeof Kind)[keyof typeof Kind];

/** The storage (preferred) `apiVersion` of each kind. */
export const ApiVersion = {
  GitRepository: 'source.toolkit.fluxcd.io/v1',
  HelmRepository: 'source.toolkit.fluxcd.io/v1',
  HelmChart: 'source.toolkit.fluxcd.io/v1',
  OCIRepository: 'source.toolkit.fluxcd.io/v1',
  Kustomization: 'kustomize.toolkit.fluxcd.io/v1',
  HelmRelease: 'helm.toolkit.fluxcd.io/v2',
  ImageRepository: 'image.toolkit.fluxcd.io/v1',
  ImagePolicy: 'image.toolkit.fluxcd.io/v1',
  ImageUpdateAutomation: 'image.toolkit.fluxcd.io/v1',
  Provider: 'notification.toolkit.fluxcd.io/v1beta3',
  Alert: 'notification.toolkit.fluxcd.io/v1beta3',
  Receiver: 'notification.toolkit.fluxcd.io/v1',
} as const satisfies Record<Kind, string>;
export type ApiVersion = (typeof ApiVersion)[keyof typeof ApiVersion];
