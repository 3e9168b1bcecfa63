/** Condition reasons image-reflector- and image-automation-controller use. */
export const ImageReason = {
  ImageURLInvalid: 'ImageURLInvalid',
  AuthenticationFailed: 'AuthenticationFailed',
  ImageRepositoryNotReady: 'ImageRepositoryNotReady',
  DependencyNotReady: 'DependencyNotReady',
  ReconciliationFailed: 'ReconciliationFailed',
  GitOperationFailed: 'GitOperationFailed',
  InvalidSourceConfig: 'InvalidSourceConfig',
  ReadOperationFailed: 'ReadOperationFailed',
  PolicyNotFound: 'PolicyNotFound',
} as const;
export type ImageReason = (typeof ImageReason)[keyof typeof ImageReason];
