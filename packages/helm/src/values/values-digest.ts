import { createHash } from 'node:crypto';
import type { Values } from '../release/release.js';
import { encodeGoYaml, GoNumbers } from './go-yaml.js';

/**
 * Flux's config digest (`chartutil.DigestValues` with the canonical algorithm): `sha256:<hex>` of the values
 * as sorted YAML; empty values digest as nothing at all.
 */
export function valuesDigest(values: Values | null | undefined): string {
  const text = isEmpty(values) ? '' : encodeGoYaml(values!, { numbers: GoNumbers.Float, compareKeys: compareBytes });
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}

/** Flux's legacy `lastAttemptedValuesChecksum`: the sha1 hex of the values as `sigs.k8s.io/yaml` writes them. */
export function valuesChecksum(values: Values | null | undefined): string {
  const text = isEmpty(values) ? '' : encodeGoYaml(values!, { numbers: GoNumbers.Json, compareKeys: compareNatural });
  return createHash('sha1').update(text).digest('hex');
}

function isEmpty(values: Values | null | undefined): boolean {
  return values === null || values === undefined || Object.keys(values).length === 0;
}

/** Go's string order: by UTF-8 bytes. */
function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** yaml.v2's map key order: letters after other characters, runs of digits by their numeric value. */
function compareNatural(a: string, b: string): number {
  return naturalLess(a, b) ? -1 : naturalLess(b, a) ? 1 : 0;
}

function naturalLess(left: string, right: string): boolean {
  const a = [...left];
  const b = [...right];
  for (let i = 0; i < a.length && i < b.length; i++) {
    if (a[i] === b[i]) continue;
    const aLetter = isLetter(a[i]);
    const bLetter = isLetter(b[i]);
    if (aLetter && bLetter) return a[i].codePointAt(0)! < b[i].codePointAt(0)!;
    if (aLetter || bLetter) return bLetter;
    let aNumber = 0n;
    let bNumber = 0n;
    if (a[i] === '0' || b[i] === '0') {
      for (let j = i - 1; j >= 0 && isDigit(a[j]); j--) {
        if (a[j] !== '0') {
          aNumber = 1n;
          bNumber = 1n;
          break;
        }
      }
    }
    let aEnd = i;
    for (; aEnd < a.length && isDigit(a[aEnd]); aEnd++) aNumber = aNumber * 10n + BigInt(a[aEnd]);
    let bEnd = i;
    for (; bEnd < b.length && isDigit(b[bEnd]); bEnd++) bNumber = bNumber * 10n + BigInt(b[bEnd]);
    if (aNumber !== bNumber) return aNumber < bNumber;
    if (aEnd !== bEnd) return aEnd < bEnd;
    return a[i].codePointAt(0)! < b[i].codePointAt(0)!;
  }
  return a.length < b.length;
}

function isLetter(char: string): boolean {
  return /\p{L}/u.test(char);
}

function isDigit(char: string): boolean {
  return /^[0-9]$/.test(char);
}
