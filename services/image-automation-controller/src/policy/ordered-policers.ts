import { parseGoFloat } from './go-parse-float.js';
import type { Policer } from './policer.js';
import { PolicyError } from './policy-types.js';

export const SortOrder = { Asc: 'asc', Desc: 'desc' } as const;
export type SortOrder = (typeof SortOrder)[keyof typeof SortOrder];

/** Flux upper-cases the order, so `ASC` and `Asc` are accepted too; empty means `asc`. */
export function parseSortOrder(kind: string, order: string | undefined): SortOrder {
  const normalized = (order ?? '').toLowerCase();
  if (normalized === '') return SortOrder.Asc;
  if (normalized === SortOrder.Asc || normalized === SortOrder.Desc) return normalized;
  throw new PolicyError('InvalidPolicy', `invalid policy: ${kind} order '${order}' must be one of asc, desc`);
}

/** The last value in byte-wise (Go sort.Strings) order for `asc`, the first for `desc`. */
export function alphabeticalPolicer(order: SortOrder): Policer {
  return {
    description: `alphabetical policy (order ${order})`,
    latest: (values) => {
      let best: string | undefined;
      for (const value of values) {
        if (best === undefined) best = value;
        else if (order === SortOrder.Asc ? compareBytes(value, best) > 0 : compareBytes(value, best) < 0) best = value;
      }
      return best;
    },
  };
}

/** The largest number for `asc`, the smallest for `desc`; on a tie the later value wins, as in Flux. */
export function numericalPolicer(order: SortOrder): Policer {
  return {
    description: `numerical policy (order ${order})`,
    latest: (values) => {
      let best: { value: string; number: number } | undefined;
      for (const value of values) {
        const number = parseGoFloat(value);
        if (number === undefined) {
          throw new PolicyError('NoMatchingTag', `numerical policy cannot order '${value}': it is not a number`);
        }
        const loses = best !== undefined && (order === SortOrder.Asc ? number < best.number : number > best.number);
        if (!loses) best = { value, number };
      }
      return best?.value;
    },
  };
}

function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
