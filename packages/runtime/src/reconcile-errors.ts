/**
 * The reconcile cannot succeed until the object changes: Stalled=True, no retry. Ready=False says the
 * same, unless `keepReady`: the steps already set Ready to say why (Flux's helm-controller keeps the
 * release's own failure in Ready and the stall reason in Stalled).
 */
export class StallingError extends Error {
  override name = 'StallingError';
  readonly keepReady: boolean;

  constructor(
    readonly reason: string,
    message: string,
    options?: { cause?: unknown; keepReady?: boolean },
  ) {
    super(message, options);
    this.keepReady = options?.keepReady ?? false;
  }
}

/**
 * How a wait is announced when Ready turns False: as an error event (a failure retried at an interval),
 * an info event (Flux's dependency wait), or not at all (Flux's wait for a source's first artifact).
 */
export const WaitAnnouncement = { Error: 'error', Info: 'info', Silent: 'silent' } as const;
export type WaitAnnouncement = (typeof WaitAnnouncement)[keyof typeof WaitAnnouncement];

/** Something else must happen first (a dependency, a source): Ready=False, retried after `requeueAfterMs`. */
export class WaitingError extends Error {
  override name = 'WaitingError';
  readonly announce: WaitAnnouncement;

  constructor(
    readonly reason: string,
    message: string,
    readonly requeueAfterMs: number,
    options?: { cause?: unknown; announce?: WaitAnnouncement },
  ) {
    super(message, options);
    this.announce = options?.announce ?? WaitAnnouncement.Error;
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
