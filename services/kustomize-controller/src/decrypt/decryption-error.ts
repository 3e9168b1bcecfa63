/**
 * A SOPS document could not be decrypted. `subject` names the object (`Secret/apps/db`) or the file
 * (path relative to the artifact root); `reason` says why. Neither ever holds key material or plaintext.
 */
export class DecryptionError extends Error {
  override name = 'DecryptionError';

  constructor(
    readonly subject: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${subject}: ${reason}`, options);
  }
}

/** An entry of the decryption Secret cannot be used; `entry` is the Secret data key (`prod.agekey`). */
export class DecryptionKeyError extends Error {
  override name = 'DecryptionKeyError';

  constructor(
    readonly entry: string,
    reason: string,
  ) {
    super(`decryption Secret entry "${entry}": ${reason}`);
  }
}

/** Raised inside the SOPS code with a reason only; the caller adds the subject as a DecryptionError. */
export class SopsError extends Error {
  override name = 'SopsError';
}
