/** What the API server said about a failed request, as a typed error people can read. */
export class KubeApiError extends Error {
  override name = 'KubeApiError';

  constructor(
    message: string,
    readonly statusCode: number,
    readonly reason: string,
    readonly retryAfterSeconds?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** Worth retrying: the server or the network had a bad moment. */
  get transient(): boolean {
    return this.statusCode === 0 || this.statusCode === 429 || this.statusCode >= 500;
  }
}

export class NotFoundError extends KubeApiError {
  override name = 'NotFoundError';
}

export class ConflictError extends KubeApiError {
  override name = 'ConflictError';
}

/** The resourceVersion asked for is older than the server keeps (HTTP 410): relist. */
export class GoneError extends KubeApiError {
  override name = 'GoneError';
}

interface StatusBody {
  kind?: string;
  message?: string;
  reason?: string;
  code?: number;
}

/**
 * Builds the error for a failed request: `<subject> <verb> failed (<Reason>): <message>`, for
 * example `Kustomization/flux-system/apps patch failed (Conflict): the object has been modified`.
 */
export function kubeApiError(
  subject: string,
  verb: string,
  statusCode: number,
  body: unknown,
  retryAfterSeconds?: number,
): KubeApiError {
  const status = (typeof body === 'object' && body !== null ? body : {}) as StatusBody;
  const reason = status.reason || reasonForCode(statusCode);
  const detail = status.message || (typeof body === 'string' && body.trim()) || `HTTP ${statusCode}`;
  const message = `${subject} ${verb} failed (${reason}): ${detail}`;
  const ErrorClass =
    statusCode === 404
      ? NotFoundError
      : statusCode === 409
        ? ConflictError
        : statusCode === 410
          ? GoneError
          : KubeApiError;
  return new ErrorClass(message, statusCode, reason, retryAfterSeconds);
}

export function networkError(subject: string, verb: string, cause: unknown): KubeApiError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new KubeApiError(`${subject} ${verb} failed (Unreachable): ${detail}`, 0, 'Unreachable', undefined, { cause });
}

function reasonForCode(code: number): string {
  const reasons: Record<number, string> = {
    400: 'BadRequest',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'NotFound',
    405: 'MethodNotAllowed',
    409: 'Conflict',
    410: 'Expired',
    415: 'UnsupportedMediaType',
    422: 'Invalid',
    429: 'TooManyRequests',
    500: 'InternalError',
    503: 'ServiceUnavailable',
    504: 'Timeout',
  };
  return reasons[code] ?? `HTTP${code}`;
}
