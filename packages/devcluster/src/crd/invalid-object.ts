import { type FieldError, formatFieldError } from './field-error.js';

/**
 * The message of a 422 `Invalid` status: `Widget.example.com "w1" is invalid: <errors>`, where one
 * error stands alone and several are bracketed and comma-separated, duplicates dropped.
 * `qualifiedKind` is `Kind.group` (`Kind` alone for the core group).
 */
export function invalidObjectMessage(qualifiedKind: string, name: string, errors: FieldError[]): string {
  const messages = [...new Set(errors.map(formatFieldError))];
  if (messages.length === 0) return `${qualifiedKind} "${name}" is invalid`;
  const summary = messages.length === 1 ? messages[0] : `[${messages.join(', ')}]`;
  return `${qualifiedKind} "${name}" is invalid: ${summary}`;
}

/** `Kind.group`, as `schema.GroupKind.String()` prints it. */
export const qualifiedKind = (group: string, kind: string): string => (group ? `${kind}.${group}` : kind);

/** An object failed validation; `causes` become the `Status` details. */
export class InvalidObjectError extends Error {
  override readonly name = 'InvalidObjectError';
  readonly qualifiedKind: string;
  readonly objectName: string;
  readonly causes: FieldError[];

  constructor(qualifiedKindName: string, objectName: string, causes: FieldError[], options?: { cause?: unknown }) {
    super(invalidObjectMessage(qualifiedKindName, objectName, causes), options);
    this.qualifiedKind = qualifiedKindName;
    this.objectName = objectName;
    this.causes = causes;
  }
}
