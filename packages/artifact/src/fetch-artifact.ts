import type { IncomingMessage } from 'node:http';
import * as http from 'node:http';
import * as https from 'node:https';
import { Transform, type TransformCallback } from 'node:stream';
import { type WrittenFile, writeFileAtomic } from './atomic-write.js';
import { DigestAlgorithm, parseDigest } from './digest.js';
import { ArtifactError, ArtifactFetchError, ArtifactTooLargeError, DigestMismatchError } from './errors.js';

export interface FetchArtifactOptions {
  /** Where the verified file ends up; written atomically, so a failed fetch never leaves a partial file. */
  readonly destination: string;
  /** Expected `<algorithm>:<hex>`; without it the file is only hashed. */
  readonly digest?: string;
  /** Largest accepted body in bytes; the transfer is aborted as soon as it is exceeded. */
  readonly maxSize: number;
  /** Deadline for the whole transfer (connect, headers and body). */
  readonly timeoutMs: number;
  readonly maxRedirects: number;
  readonly headers: Readonly<Record<string, string>>;
}

export function defaultFetchArtifactOptions(): Omit<FetchArtifactOptions, 'destination'> {
  return { maxSize: 100 * 1024 * 1024, timeoutMs: 60_000, maxRedirects: 5, headers: {} };
}

export interface FetchedArtifact extends WrittenFile {
  readonly url: string;
}

class SizeLimit extends Transform {
  private seen = 0;
  constructor(
    private readonly url: string,
    private readonly limit: number,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.limit) {
      callback(new ArtifactTooLargeError(this.url, this.limit, this.seen, false));
      return;
    }
    callback(null, chunk);
  }
}

function request(url: URL, signal: AbortSignal, headers: Readonly<Record<string, string>>): Promise<IncomingMessage> {
  const client = url.protocol === 'https:' ? https : url.protocol === 'http:' ? http : undefined;
  if (client === undefined) {
    return Promise.reject(new ArtifactFetchError(url.href, `unsupported protocol ${url.protocol}`));
  }
  return new Promise((resolve, reject) => {
    const req = client.get(url, { signal, headers: { 'user-agent': 'driftless-artifact', ...headers } }, resolve);
    req.on('error', reject);
  });
}

const redirectStatuses = new Set([301, 302, 303, 307, 308]);

async function openBody(url: string, opts: Omit<FetchArtifactOptions, 'destination'>, signal: AbortSignal) {
  let current = new URL(url);
  for (let redirects = 0; ; redirects += 1) {
    const res = await request(current, signal, opts.headers);
    const status = res.statusCode ?? 0;
    const location = res.headers.location;
    if (redirectStatuses.has(status) && location !== undefined) {
      res.destroy();
      if (redirects >= opts.maxRedirects) {
        throw new ArtifactFetchError(url, `more than ${opts.maxRedirects} redirects`, { status });
      }
      current = new URL(location, current);
      continue;
    }
    if (status < 200 || status > 299) {
      res.destroy();
      throw new ArtifactFetchError(url, `server answered ${status} ${res.statusMessage ?? ''}`.trim(), { status });
    }
    const announced = Number(res.headers['content-length']);
    if (Number.isFinite(announced) && announced > opts.maxSize) {
      res.destroy();
      throw new ArtifactTooLargeError(url, opts.maxSize, announced, true);
    }
    return res;
  }
}

/**
 * Downloads `url` to `destination` while hashing it: the body streams into a temp file next to the destination, the
 * transfer is aborted once `maxSize` is passed, the digest is checked, and only then is the file renamed into place.
 * Throws ArtifactTooLargeError, DigestMismatchError or ArtifactFetchError (with the HTTP status when there was one).
 */
export async function fetchArtifact(
  url: string,
  options: Pick<FetchArtifactOptions, 'destination'> & Partial<FetchArtifactOptions>,
): Promise<FetchedArtifact> {
  const opts = { ...defaultFetchArtifactOptions(), ...options };
  const expected = opts.digest === undefined ? undefined : parseDigest(opts.digest);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), opts.timeoutMs);
  try {
    const body = await openBody(url, opts, controller.signal);
    const written = await writeFileAtomic(body, opts.destination, {
      transforms: [new SizeLimit(url, opts.maxSize)],
      algorithm: expected?.algorithm ?? DigestAlgorithm.SHA256,
      beforeCommit: (file) => {
        if (opts.digest !== undefined && file.digest !== opts.digest) {
          throw new DigestMismatchError(opts.digest, file.digest, url);
        }
      },
    });
    return { ...written, url };
  } catch (err) {
    if (controller.signal.aborted) {
      throw new ArtifactFetchError(url, `timed out after ${opts.timeoutMs} ms`, { cause: err });
    }
    if (err instanceof ArtifactError) throw err;
    throw new ArtifactFetchError(url, (err as Error).message, { cause: err });
  } finally {
    clearTimeout(timer);
  }
}
