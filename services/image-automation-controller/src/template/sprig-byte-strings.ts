import { bytesOf, isSpaceByte, textOf } from './sprig-values.js';

/** goutils.Initials reads bytes: the first byte of each word, written as the rune of that byte value. */
export function initials(text: string): string {
  let out = '';
  let gap = true;
  for (const code of Buffer.from(text, 'utf8')) {
    if (isSpaceByte(code)) gap = true;
    else if (gap) {
      out += String.fromCodePoint(code);
      gap = false;
    }
  }
  return out;
}

/** goutils.DeleteWhiteSpace, byte by byte like the original. */
export function nospace(text: string): string {
  const kept = Buffer.from(text, 'utf8').filter((code) => !isSpaceByte(code));
  return kept.length === Buffer.byteLength(text) ? text : Buffer.from(kept).toString('utf8');
}

/** goutils.AbbreviateFull on bytes; Sprig drops its errors, leaving "". */
function abbreviateFull(bytes: string, start: number, maxWidth: number): string {
  if (bytes === '') return '';
  if (maxWidth < 4) return '';
  if (bytes.length <= maxWidth) return bytes;
  let offset = Math.min(start, bytes.length);
  if (bytes.length - offset < maxWidth - 3) offset = bytes.length - (maxWidth - 3);
  if (offset <= 4) return `${bytes.slice(0, maxWidth - 3)}...`;
  if (maxWidth < 7) return '';
  if (offset + maxWidth - 3 < bytes.length) return `...${abbreviateFull(bytes.slice(offset), 0, maxWidth - 3)}`;
  return `...${bytes.slice(bytes.length - (maxWidth - 3))}`;
}

export const abbrev = (width: number, text: string) =>
  width < 4 ? text : textOf(abbreviateFull(bytesOf(text), 0, width));

export function abbrevboth(left: number, right: number, text: string): string {
  if (right < 4 || (left > 0 && right < 7)) return text;
  return textOf(abbreviateFull(bytesOf(text), left, right));
}

/** goutils.WrapCustom on bytes: breaks at the last space within the limit; long words split only when asked. */
export function wrapCustom(text: string, limit: number, newline: string, wrapLongWords: boolean): string {
  if (text === '') return '';
  const bytes = bytesOf(text);
  const width = Math.max(limit, 1);
  const lineBreak = bytesOf(newline || '\n');
  let out = '';
  let offset = 0;
  while (bytes.length - offset > width) {
    if (bytes[offset] === ' ') {
      offset++;
      continue;
    }
    const space = bytes.slice(offset, width + offset + 1).lastIndexOf(' ');
    if (space >= 0) {
      out += bytes.slice(offset, offset + space) + lineBreak;
      offset += space + 1;
    } else if (wrapLongWords) {
      out += bytes.slice(offset, offset + width) + lineBreak;
      offset += width;
    } else {
      const next = bytes.indexOf(' ', offset + width);
      if (next < 0) {
        out += bytes.slice(offset);
        offset = bytes.length;
      } else {
        out += bytes.slice(offset, next) + lineBreak;
        offset = next + 1;
      }
    }
  }
  return textOf(out + bytes.slice(offset));
}

/** Go's s[from:to] on bytes, with Go's panic for bad bounds. */
function sliceBytes(bytes: string, from: number, to: number): string {
  if (to < 0) throw new Error(`runtime error: slice bounds out of range [:${to}]`);
  if (to > bytes.length)
    throw new Error(`runtime error: slice bounds out of range [:${to}] with length ${bytes.length}`);
  if (from < 0 || from > to) throw new Error(`runtime error: slice bounds out of range [${from}:${to}]`);
  return bytes.slice(from, to);
}

export function substr(start: number, end: number, text: string): string {
  const bytes = bytesOf(text);
  if (start < 0) return textOf(sliceBytes(bytes, 0, end));
  if (end < 0 || end > bytes.length) return textOf(sliceBytes(bytes, start, bytes.length));
  return textOf(sliceBytes(bytes, start, end));
}

export function trunc(count: number, text: string): string {
  const bytes = bytesOf(text);
  if (count < 0 && bytes.length + count > 0) return textOf(bytes.slice(bytes.length + count));
  if (count >= 0 && bytes.length > count) return textOf(bytes.slice(0, count));
  return text;
}
