import { createHash } from 'node:crypto';
import { str } from './sprig-values.js';

export const sha = (algorithm: string) => (text: unknown) =>
  createHash(algorithm).update(str(text), 'utf8').digest('hex');

export function adler32sum(text: string): string {
  let a = 1;
  let b = 0;
  for (const code of Buffer.from(text, 'utf8')) {
    a = (a + code) % 65521;
    b = (b + a) % 65521;
  }
  return String(((b << 16) | a) >>> 0);
}

const base64Alphabet = new Set(Buffer.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'));

/** Where Go's base64.StdEncoding decoder reports the input corrupt, if it does. */
function base64ErrorOffset(src: Buffer): number | undefined {
  const isNewline = (i: number) => src[i] === 0x0a || src[i] === 0x0d;
  let si = 0;
  while (si < src.length) {
    for (let j = 0; j < 4; j++) {
      if (si === src.length) return j === 0 ? undefined : si - j;
      const code = src[si++];
      if (base64Alphabet.has(code)) continue;
      if (isNewline(si - 1)) {
        j--;
        continue;
      }
      if (code !== 0x3d || j < 2) return si - 1;
      if (j === 2) {
        while (si < src.length && isNewline(si)) si++;
        if (si === src.length) return src.length;
        if (src[si] !== 0x3d) return si - 1;
        si++;
      }
      while (si < src.length && isNewline(si)) si++;
      return si < src.length ? si : undefined;
    }
  }
  return undefined;
}

/** Sprig returns the decoding error's text in place of the result. */
export function b64dec(text: string): string {
  const offset = base64ErrorOffset(Buffer.from(text, 'utf8'));
  if (offset !== undefined) return `illegal base64 data at input byte ${offset}`;
  return Buffer.from(text.replace(/[\r\n]/g, ''), 'base64').toString('utf8');
}
