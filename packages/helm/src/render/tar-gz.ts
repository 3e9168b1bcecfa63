import { gunzipSync } from 'node:zlib';

const block = 512;

/**
 * Reads the regular files of a gzipped tar (ustar, pax and GNU long names) into memory, keyed by
 * normalised path; entries with `..` or an absolute path are left out. Charts are small: the whole
 * archive is inflated at once, up to `maxBytes`.
 */
export function readTarGz(archive: Buffer, maxBytes: number): Map<string, Buffer> {
  const tar = gunzipSync(archive, { maxOutputLength: maxBytes });
  const files = new Map<string, Buffer>();
  let offset = 0;
  let longName: string | undefined;
  while (offset + block <= tar.length) {
    const header = tar.subarray(offset, offset + block);
    if (header.every((byte) => byte === 0)) break;
    const size = octal(header.subarray(124, 136));
    const type = String.fromCharCode(header[156] ?? 0);
    const body = tar.subarray(offset + block, offset + block + size);
    offset += block + Math.ceil(size / block) * block;
    if (type === 'x') longName = paxPath(body) ?? longName;
    else if (type === 'L') longName = cString(body);
    else if (type === 'g') continue;
    else {
      const name = longName ?? headerName(header);
      longName = undefined;
      const path = normalise(name);
      if ((type === '0' || type === '\0' || type === '7') && path !== undefined) files.set(path, Buffer.from(body));
    }
  }
  return files;
}

function headerName(header: Buffer): string {
  const name = cString(header.subarray(0, 100));
  const isUstar = header.subarray(257, 262).toString('latin1') === 'ustar';
  const prefix = isUstar ? cString(header.subarray(345, 500)) : '';
  return prefix === '' ? name : `${prefix}/${name}`;
}

function paxPath(body: Buffer): string | undefined {
  for (const record of body.toString('utf8').split('\n')) {
    const match = /^\d+ path=(.*)$/.exec(record);
    if (match) return match[1];
  }
  return undefined;
}

function cString(bytes: Buffer): string {
  const end = bytes.indexOf(0);
  return bytes.subarray(0, end < 0 ? bytes.length : end).toString('utf8');
}

function octal(bytes: Buffer): number {
  const text = cString(bytes).trim();
  return text === '' ? 0 : Number.parseInt(text, 8);
}

function normalise(name: string): string | undefined {
  if (name.startsWith('/') || name.includes('\\')) return undefined;
  const parts = name.split('/').filter((part) => part !== '' && part !== '.');
  return parts.includes('..') || parts.length === 0 ? undefined : parts.join('/');
}
