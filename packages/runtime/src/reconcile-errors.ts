/** The reconcile cannot succeed until the object changes: Stalled=True, no retry. */
export class StallingError extends Error {
  override name = 'StallingError';

  constructor(
    readonly reason: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Something else must happen first (a dependency, a source): Ready=False, retried after `requeueAfterMs`. */
export class WaitingError extends Error {
  override name = 'WaitingError';

  constructor(
    readonly reason: string,
    message: string,
    readonly requeueAfterMs: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A failure that may pass (network, API server, remote): Ready=False, retried with backoff. */
export class TransientError extends Error {
  override name = 'TransientError';

  constructor(
    readonly reason: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
