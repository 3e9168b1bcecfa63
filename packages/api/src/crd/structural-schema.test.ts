import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { Duration } from '../schema/duration.js';
import { PreservedJson, PreservedObject, StringMap } from '../schema/kube-types.js';
import { StringEnum } from '../schema/string-enum.js';
import { CrdSchemaError } from './crd-errors.js';
import { toStructuralSchema } from './structural-schema.js';

describe('toStructuralSchema', () => {
  it('renders objects with sorted properties and required fields', () => {
    const schema = Type.Object({ url: Type.String(), interval: Duration(), suspend: Type.Optional(Type.Boolean()) });
    expect(toStructuralSchema(schema)).toEqual({
      type: 'object',
      properties: {
        interval: { type: 'string', pattern: '^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$' },
        suspend: { type: 'boolean' },
        url: { type: 'string' },
      },
      required: ['interval', 'url'],
    });
    expect(Object.keys(toStructuralSchema(schema).properties as object)).toEqual(['interval', 'suspend', 'url']);
  });

  it('renders unions of literals as an enum with its default', () => {
    expect(toStructuralSchema(StringEnum(['default', 'oci'] as const, { default: 'default' }))).toEqual({
      type: 'string',
      enum: ['default', 'oci'],
      default: 'default',
    });
  });

  it('renders records as additionalProperties and arrays with items', () => {
    expect(toStructuralSchema(Type.Array(StringMap()))).toEqual({
      type: 'array',
      items: { type: 'object', additionalProperties: { type: 'string' } },
    });
  });

  it('marks open-ended JSON and objects as preserving unknown fields', () => {
    expect(toStructuralSchema(PreservedJson({ description: 'values' }))).toEqual({
      description: 'values',
      'x-kubernetes-preserve-unknown-fields': true,
    });
    expect(toStructuralSchema(PreservedObject())).toEqual({
      type: 'object',
      'x-kubernetes-preserve-unknown-fields': true,
    });
  });

  it('refuses constructs with no structural form, naming the path', () => {
    const schema = Type.Object({ spec: Type.Object({ value: Type.Union([Type.String(), Type.Number()]) }) });
    expect(() => toStructuralSchema(schema)).toThrow(CrdSchemaError);
    expect(() => toStructuralSchema(schema)).toThrow(
      '.spec.value: only unions of literals of one type can be rendered',
    );
    expect(() => toStructuralSchema(Type.Object({ any: Type.Unknown() }))).toThrow(/\.any: schema without/);
  });
});
