/** Why a `valuesFrom` reference could not be used. */
export const ValuesReferenceReason = {
  NotFound: 'resource or key not found',
  UnsupportedKind: 'unsupported values reference kind',
  InvalidValues: 'failed to read values data',
  MergeFailed: 'failed to merge value',
} as const;
export type ValuesReferenceReason = (typeof ValuesReferenceReason)[keyof typeof ValuesReferenceReason];

/**
 * A `valuesFrom` entry that could not be resolved. The message names the kind, object and key and says why
 * (with a YAML error's position); it never carries the referenced content.
 */
export class ValuesReferenceError extends Error {
  override name = 'ValuesReferenceError';

  constructor(
    readonly reference: { kind: string; name: string; key: string },
    readonly reason: ValuesReferenceReason,
    detail?: string,
    options?: { cause?: unknown },
  ) {
    super(
      `could not resolve ${reference.kind} chart values reference '${reference.name}' with key '${reference.key}': ${detail ?? reason}`,
      options,
    );
  }
}
