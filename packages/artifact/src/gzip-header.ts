import { Transform, type TransformCallback } from 'node:stream';

const headerLength = 10;
const mtimeOffset = 4;
const osOffset = 9;
/** RFC 1952 "unknown" OS, as Go's compress/gzip writes; zlib would write the build platform's code. */
const unknownOs = 0xff;

/**
 * Rewrites the gzip member header so it does not depend on time or platform: MTIME is zeroed and the OS byte fixed.
 * Node's zlib already writes MTIME 0 and no file name, but its OS byte is the platform zlib was built for.
 */
export class GzipHeaderNormalizer extends Transform {
  private pending: Buffer[] = [];
  private pendingLength = 0;
  private done = false;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.done) {
      callback(null, chunk);
      return;
    }
    this.pending.push(chunk);
    this.pendingLength += chunk.length;
    if (this.pendingLength < headerLength) {
      callback();
      return;
    }
    callback(null, this.flushHeader());
  }

  override _flush(callback: TransformCallback): void {
    if (!this.done && this.pendingLength > 0) {
      callback(new Error('gzip output shorter than its header'));
      return;
    }
    callback();
  }

  private flushHeader(): Buffer {
    const data = Buffer.concat(this.pending, this.pendingLength);
    this.pending = [];
    this.done = true;
    data.fill(0, mtimeOffset, mtimeOffset + 4);
    data[osOffset] = unknownOs;
    return data;
  }
}
