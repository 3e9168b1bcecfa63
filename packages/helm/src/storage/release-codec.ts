import { gunzipSync, gzipSync, constants as zlib } from 'node:zlib';
import type { Release } from '../release/release.js';

const gzipMagic = [0x1f, 0x8b, 0x08];

/**
 * Helm's storage encoding (`pkg/storage/driver/util.go`): the release as JSON, gzipped at best compression,
 * base64. `labels` stay out of the JSON: helm keeps them as the storage object's labels.
 */
export function encodeRelease(release: Release): string {
  const { labels: _labels, ...stored } = release;
  const json = Buffer.from(JSON.stringify(stored), 'utf8');
  return gzipSync(json, { level: zlib.Z_BEST_COMPRESSION }).toString('base64');
}

/**
 * The reverse of `encodeRelease`; like helm, it also reads releases stored before compression was added.
 * Its errors say what was wrong, never what the data held.
 */
export function decodeRelease(text: string): Release {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) throw new Error('the data is not base64');
  let bytes = Buffer.from(text, 'base64');
  if (bytes.length > 3 && gzipMagic.every((byte, i) => bytes[i] === byte))
    bytes = attempt(() => gunzipSync(bytes), 'gzip');
  const parsed: unknown = attempt(() => JSON.parse(bytes.toString('utf8')), 'JSON');
  if (!isReleaseShaped(parsed)) throw new Error('the JSON is not a release');
  return parsed;
}

/** JSON.parse quotes the text it failed on, so its message is replaced. */
function attempt<T>(read: () => T, format: string): T {
  try {
    return read();
  } catch {
    throw new Error(`the data is not valid ${format}`);
  }
}

function isReleaseShaped(value: unknown): value is Release {
  if (typeof value !== 'object' || value === null) return false;
  const release = value as Partial<Release>;
  return typeof release.name === 'string' && typeof release.version === 'number' && typeof release.info === 'object';
}
