/**
 * An object could not be applied, diffed or deleted. The message names the object the way Flux
 * does (`Deployment/apps/web apply failed (Invalid): …`); `subject` is that `Kind/ns/name`.
 */
export class ApplyError extends Error {
  override name = 'ApplyError';

  constructor(
    message: string,
    readonly subject: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The API server serves no such kind in that version (a missing CRD, a typo in apiVersion). */
export class UnknownKindError extends Error {
  override name = 'UnknownKindError';

  constructor(
    readonly apiVersion: string,
    readonly kind: string,
    options?: { cause?: unknown },
  ) {
    super(`no matches for kind "${kind}" in version "${apiVersion}"`, options);
  }
}

/** A manifest that cannot become an object: bad YAML, or a document without apiVersion, kind or name. */
export class ManifestError extends Error {
  override name = 'ManifestError';

  constructor(
    message: string,
    readonly origin: string | undefined,
    readonly documentIndex: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * Wraps a failed request for one object: `Kind/ns/name <verb> failed (<Reason>): <server message>`.
 * The runtime's typed error stays the cause, so callers can still tell transient failures apart.
 */
export function applyErrorFrom(subject: string, verb: string, error: unknown): ApplyError {
  if (error instanceof ApplyError) return error;
  const reason =
    typeof (error as { reason?: unknown })?.reason === 'string' ? (error as { reason: string }).reason : '';
  const message = error instanceof Error ? error.message : String(error);
  const marker = `(${reason}): `;
  const at = reason ? message.indexOf(marker) : -1;
  const detail = at < 0 ? message : message.slice(at + marker.length);
  return new ApplyError(`${subject} ${verb} failed (${reason || 'Error'}): ${detail}`, subject, { cause: error });
}

/** Kubernetes' answers to a change of a field that cannot change after creation. */
export function isImmutableError(error: unknown): boolean {
  const cause = error instanceof ApplyError ? error.cause : error;
  if ((cause as { statusCode?: unknown })?.statusCode !== 422) return false;
  const message = cause instanceof Error ? cause.message : '';
  return /is immutable|cannot change|updates to .+ for fields other than/i.test(message);
}
