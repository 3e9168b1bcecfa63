import { formatPath } from './field-path.js';

export interface ApplyConflict {
  manager: string;
  /** The conflicting field, e.g. `.spec.template.spec.containers[name="nginx"].image`. */
  field: string;
}

export interface ConflictingManager {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  subresource?: string;
  /** Paths of FieldsV1 elements, e.g. `['f:spec', 'f:replicas']`. */
  paths: string[][];
}

/** How the API server names a manager in conflicts: `"kubectl" using apps/v1`. */
export function describeManager(manager: Omit<ConflictingManager, 'paths'>): string {
  let text = JSON.stringify(manager.manager);
  if (manager.subresource) text += ` with subresource ${JSON.stringify(manager.subresource)}`;
  if (manager.operation === 'Update') text += ` using ${manager.apiVersion}`;
  return text;
}

/** A server-side apply would change fields other managers own; the API server answers 409 Conflict. */
export class ApplyConflictError extends Error {
  override readonly name = 'ApplyConflictError';
  readonly conflicts: ApplyConflict[];
  /** `Status` causes exactly as the API server reports them. */
  readonly causes: { type: 'FieldManagerConflict'; message: string; field: string }[];

  constructor(managers: ConflictingManager[]) {
    const sorted = [...managers].sort((a, b) => compareText(describeManager(a), describeManager(b)));
    const causes = sorted.flatMap((manager) =>
      manager.paths.map((path) => ({
        type: 'FieldManagerConflict' as const,
        message: `conflict with ${describeManager(manager)}`,
        field: formatPath(path),
      })),
    );
    super(conflictMessage(sorted, causes.length));
    this.causes = causes;
    this.conflicts = sorted.flatMap((manager) =>
      manager.paths.map((path) => ({ manager: manager.manager, field: formatPath(path) })),
    );
  }
}

function conflictMessage(managers: ConflictingManager[], count: number): string {
  if (count === 1) {
    const [only] = managers;
    return `Apply failed with 1 conflict: conflict with ${describeManager(only)}: ${formatPath(only.paths[0])}`;
  }
  const lines = managers.flatMap((manager) => [
    `conflicts with ${describeManager(manager)}:`,
    ...manager.paths.map((path) => `- ${formatPath(path)}`),
  ]);
  return `Apply failed with ${count} conflicts: ${lines.join('\n')}`;
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** An apply configuration the API server cannot turn into a field set (duplicate or unkeyed list items). */
export class InvalidApplyConfigError extends Error {
  override readonly name = 'InvalidApplyConfigError';
  readonly path: string[];
  readonly detail: string;

  constructor(detail: string, path: string[] = []) {
    super(path.length ? `${formatPath(path)}: ${detail}` : detail);
    this.detail = detail;
    this.path = path;
  }

  /** The same error one path element further out. */
  within(element: string): InvalidApplyConfigError {
    return new InvalidApplyConfigError(this.detail, [element, ...this.path]);
  }
}
