import type { KubeObject } from '../types.js';

export type Json = Record<string, unknown>;

export const asRecord = (value: unknown): Json =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};

export const specOf = (obj: KubeObject): Json => asRecord(obj.spec);
export const statusOf = (obj: KubeObject): Json => asRecord(obj.status);

export const intOr = (value: unknown, fallback: number): number =>
  typeof value === 'number' && Number.isFinite(value) ? value : fallback;

/** Drops the counters Go serialises with `omitempty` when they are zero. */
export function withoutZeros(status: Json, omitEmpty: readonly string[]): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(status)) {
    if (value === undefined) continue;
    if (value === 0 && omitEmpty.includes(key)) continue;
    out[key] = value;
  }
  return out;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  }
  const aKeys = Object.keys(a).filter((k) => (a as Json)[k] !== undefined);
  const bKeys = Object.keys(b).filter((k) => (b as Json)[k] !== undefined);
  return aKeys.length === bKeys.length && aKeys.every((k) => deepEqual((a as Json)[k], (b as Json)[k]));
}

/**
 * An int-or-percent (`maxSurge: 25%`) scaled against `total`, rounded up or down as the controller does.
 * Unparseable values count as zero; validation rejects them before they get here.
 */
export function scaledValue(value: unknown, total: number, roundUp: boolean): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^\d+%$/.test(value)) {
    const scaled = (Number.parseInt(value, 10) * total) / 100;
    return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
  }
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number.parseInt(value, 10);
  return 0;
}
