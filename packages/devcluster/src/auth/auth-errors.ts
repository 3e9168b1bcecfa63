import { type StatusDetails, StatusError } from '../errors.js';

/** 401: no acceptable credentials. The message is always the API server's bare `Unauthorized`. */
export class AuthError extends StatusError {
  constructor(why: string) {
    super(401, 'Unauthorized', 'Unauthorized', undefined, { cause: new Error(why) });
  }
}

/** 400 or 403: the impersonation headers are malformed, or the caller may not impersonate. */
export class ImpersonationError extends StatusError {
  static badRequest(message: string): ImpersonationError {
    return new ImpersonationError(400, 'BadRequest', message);
  }

  static forbidden(from: StatusError): ImpersonationError {
    return new ImpersonationError(403, 'Forbidden', from.message, from.details as StatusDetails | undefined);
  }
}
