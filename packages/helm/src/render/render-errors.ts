/** Why a chart could not be rendered. */
export const RenderErrorReason = {
  /** helm refused: a template error, a missing chart, values that break values.schema.json, an unreachable cluster. */
  HelmFailed: 'HelmFailed',
  /** A post-renderer (kustomize) failed; the message names which one. */
  PostRenderFailed: 'PostRenderFailed',
  /** helm's or kustomize's output is larger than `maxOutputBytes`. */
  OutputTooLarge: 'OutputTooLarge',
  /** helm's output, a manifest or a CRD file could not be read. */
  InvalidOutput: 'InvalidOutput',
  /** The chart archive or directory could not be read for its CRDs. */
  ChartUnreadable: 'ChartUnreadable',
  Aborted: 'Aborted',
} as const;
export type RenderErrorReason = (typeof RenderErrorReason)[keyof typeof RenderErrorReason];

/** Rendering a chart failed; `message` is helm's or kustomize's own (trimmed), never the values. */
export class RenderError extends Error {
  override name = 'RenderError';

  constructor(
    readonly reason: RenderErrorReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
