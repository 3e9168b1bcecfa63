/** Base class of every error thrown by @driftless/artifact. */
export class ArtifactError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ArtifactError';
  }
}

/** A digest string is not `<algorithm>:<hex>` with a supported algorithm and the right length. */
export class InvalidDigestError extends ArtifactError {
  readonly value: string;
  constructor(value: string, reason: string) {
    super(`invalid digest ${JSON.stringify(value)}: ${reason}`);
    this.name = 'InvalidDigestError';
    this.value = value;
  }
}

/** The content does not hash to the expected digest. */
export class DigestMismatchError extends ArtifactError {
  readonly expected: string;
  readonly actual: string;
  constructor(expected: string, actual: string, subject?: string) {
    super(`digest mismatch${subject ? ` for ${subject}` : ''}: expected ${expected}, got ${actual}`);
    this.name = 'DigestMismatchError';
    this.expected = expected;
    this.actual = actual;
  }
}

/** A download is bigger than allowed; `size` is the announced Content-Length or the bytes seen so far. */
export class ArtifactTooLargeError extends ArtifactError {
  readonly limit: number;
  readonly size: number;
  readonly url: string;
  constructor(url: string, limit: number, size: number, announced: boolean) {
    const what = announced ? `announces ${size} bytes` : `exceeded ${limit} bytes after ${size} bytes`;
    super(`artifact ${url} is too large: it ${what}, the limit is ${limit} bytes`);
    this.name = 'ArtifactTooLargeError';
    this.limit = limit;
    this.size = size;
    this.url = url;
  }
}

/** A download failed: the server was unreachable, timed out or answered with a non-2xx status. */
export class ArtifactFetchError extends ArtifactError {
  readonly url: string;
  readonly status: number | undefined;
  constructor(url: string, message: string, options?: ErrorOptions & { status?: number }) {
    super(`fetch ${url} failed: ${message}`, options);
    this.name = 'ArtifactFetchError';
    this.url = url;
    this.status = options?.status;
  }
}

export const UnsafeArchiveReason = {
  AbsolutePath: 'AbsolutePath',
  PathTraversal: 'PathTraversal',
  InvalidName: 'InvalidName',
  LinkEscape: 'LinkEscape',
  InvalidLink: 'InvalidLink',
  UnsupportedType: 'UnsupportedType',
  TypeConflict: 'TypeConflict',
  SizeLimit: 'SizeLimit',
  EntryLimit: 'EntryLimit',
} as const;
export type UnsafeArchiveReason = (typeof UnsafeArchiveReason)[keyof typeof UnsafeArchiveReason];

/** An archive was rejected during extraction; `entry` names the offending tar entry. */
export class UnsafeArchiveError extends ArtifactError {
  readonly entry: string;
  readonly reason: UnsafeArchiveReason;
  constructor(entry: string, reason: UnsafeArchiveReason, detail: string) {
    super(`unsafe archive entry ${JSON.stringify(entry)} (${reason}): ${detail}`);
    this.name = 'UnsafeArchiveError';
    this.entry = entry;
    this.reason = reason;
  }
}

/** A directory cannot be archived (missing root, symlink pointing outside the tree, unreadable file). */
export class ArchiveBuildError extends ArtifactError {
  readonly path: string;
  constructor(path: string, message: string, options?: ErrorOptions) {
    super(`cannot archive ${JSON.stringify(path)}: ${message}`, options);
    this.name = 'ArchiveBuildError';
    this.path = path;
  }
}

/** A storage path or object reference is invalid or escapes the storage root. */
export class StoragePathError extends ArtifactError {
  readonly path: string;
  constructor(path: string, message: string) {
    super(`invalid storage path ${JSON.stringify(path)}: ${message}`);
    this.name = 'StoragePathError';
    this.path = path;
  }
}

/** Extraction failed for a reason other than an unsafe entry (corrupt gzip/tar, existing destination). */
export class ExtractError extends ArtifactError {
  readonly destination: string;
  constructor(destination: string, message: string, options?: ErrorOptions) {
    super(`extract into ${destination} failed: ${message}`, options);
    this.name = 'ExtractError';
    this.destination = destination;
  }
}
