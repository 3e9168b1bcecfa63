import type { ImagePolicySpec } from '@driftless/api';

/** The parts of an ImagePolicy's spec that choose a tag. */
export type TagSelection = Pick<ImagePolicySpec, 'policy' | 'filterTags'>;

/** Why no tag was chosen; `reason` becomes the Ready condition's reason. */
export class PolicyError extends Error {
  constructor(
    readonly reason: 'InvalidPolicy' | 'NoMatchingTag',
    message: string,
  ) {
    super(message);
    this.name = 'PolicyError';
  }
}
