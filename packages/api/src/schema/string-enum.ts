import { type TLiteral, type TUnion, Type } from '@sinclair/typebox';

/** A closed set of strings; rendered as `enum` in the CRD and checked as a union of literals at run time. */
export const StringEnum = <const T extends readonly string[]>(
  values: T,
  options: { description?: string; default?: T[number] } = {},
): TUnion<TLiteral<T[number]>[]> =>
  Type.Union(
    values.map((value) => Type.Literal(value)),
    options,
  ) as TUnion<TLiteral<T[number]>[]>;
