/** The hashes the real controllers name their ReplicaSets and ControllerRevisions with. */

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

export function fnv32(bytes: Uint8Array, variant: '1' | '1a', seed = FNV_OFFSET): number {
  let hash = seed;
  for (const byte of bytes) {
    if (variant === '1a') hash = Math.imul(hash ^ byte, FNV_PRIME) >>> 0;
    else hash = (Math.imul(hash, FNV_PRIME) ^ byte) >>> 0;
  }
  return hash >>> 0;
}

const encoder = new TextEncoder();
const alphanums = 'bcdfghjklmnpqrstvwxz2456789';

/** apimachinery `rand.SafeEncodeString`: maps each character onto a vowel-free alphabet. */
export function safeEncodeString(value: string): string {
  let out = '';
  for (const char of value) out += alphanums[(char.codePointAt(0) ?? 0) % alphanums.length];
  return out;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const child = (value as Record<string, unknown>)[key];
      if (child !== undefined) sorted[key] = sortKeys(child);
    }
    return sorted;
  }
  return value;
}

const htmlEscapes: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/** JSON as Go's `json.Marshal` writes a `map[string]interface{}`: sorted keys, HTML-escaped. */
export function goJson(value: unknown): string {
  return JSON.stringify(sortKeys(value)).replace(/[<>&\u2028\u2029]/g, (c) => htmlEscapes[c]);
}

/**
 * The `pod-template-hash` of a Deployment's template. The real controller hashes Go's in-memory struct
 * dump, which cannot be reproduced here, so this hashes the canonical JSON with the same fnv32a + safe
 * encoding: equal templates give equal, stable, realistic-looking hashes.
 */
export function podTemplateHash(template: unknown, collisionCount?: number): string {
  let hash = fnv32(encoder.encode(goJson(template)), '1a');
  if (collisionCount !== undefined) {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setUint32(0, collisionCount >>> 0, true);
    hash = fnv32(bytes, '1a', hash);
  }
  return safeEncodeString(String(hash));
}

/** `history.HashControllerRevision`: fnv32 (not 1a) of the revision's raw data, then the probe in decimal. */
export function controllerRevisionHash(data: unknown, probe: number | undefined): string {
  let hash = fnv32(encoder.encode(goJson(data)), '1');
  if (probe !== undefined) hash = fnv32(encoder.encode(String(probe)), '1', hash);
  return safeEncodeString(String(hash));
}
