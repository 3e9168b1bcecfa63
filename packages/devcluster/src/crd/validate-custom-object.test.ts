import { describe, expect, it } from 'vitest';
import type { SchemaNode } from '../types.js';
import { formatFieldError } from './field-error.js';
import { validateCustomObject } from './validate-custom-object.js';

const schema: SchemaNode = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      required: ['size'],
      properties: {
        size: { type: 'string' },
        replicas: { type: 'integer', format: 'int32', minimum: 1, maximum: 10 },
        ratio: { type: 'number', exclusiveMaximum: true, maximum: 1.5 },
        mode: { type: 'string', enum: ['a', 'b'] },
        level: { type: 'integer', enum: [1, 2] },
        name: { type: 'string', minLength: 2, maxLength: 5, pattern: '^[a-z]+$' },
        port: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] },
        at: { type: 'string', format: 'date-time' },
        note: { type: 'string', nullable: true },
        tags: { type: 'array', minItems: 1, maxItems: 2, items: { type: 'string' } },
        items: {
          type: 'array',
          items: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
        },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        set: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } },
        ports: {
          type: 'array',
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['name'],
          items: { type: 'object', properties: { name: { type: 'string' }, port: { type: 'integer' } } },
        },
        template: {
          type: 'object',
          'x-kubernetes-embedded-resource': true,
          'x-kubernetes-preserve-unknown-fields': true,
        },
        choice: {
          type: 'object',
          properties: { a: { type: 'string' }, b: { type: 'string' } },
          oneOf: [{ required: ['a'] }, { required: ['b'] }],
        },
        limits: { type: 'object', maxProperties: 1, additionalProperties: { type: 'string' } },
      },
    },
  },
};

const object = (spec: Record<string, unknown>) => ({
  apiVersion: 'example.com/v1',
  kind: 'Widget',
  metadata: { name: 'w1' },
  spec: { size: 'M', ...spec },
});

describe('validateCustomObject', () => {
  it('accepts a valid object', () => {
    expect(
      validateCustomObject(
        object({
          replicas: 3,
          mode: 'a',
          name: 'abc',
          port: 'http',
          at: '2024-01-02T03:04:05Z',
          note: null,
          tags: ['x'],
          items: [{ name: 'i' }],
          labels: { a: 'b' },
          set: ['a', 'b'],
          ports: [{ name: 'a' }, { name: 'b' }],
          template: { apiVersion: 'v1', kind: 'Pod', spec: {} },
          choice: { a: 'x' },
        }),
        schema,
      ),
    ).toEqual([]);
  });

  it.each([
    [
      { replicas: 'string' },
      'spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"',
    ],
    [
      { replicas: 1.5 },
      'spec.replicas: Invalid value: "number": spec.replicas in body must be of type integer: "number"',
    ],
    [
      { replicas: true },
      'spec.replicas: Invalid value: "boolean": spec.replicas in body must be of type integer: "boolean"',
    ],
    [{ replicas: 11 }, 'spec.replicas: Invalid value: 11: spec.replicas in body should be less than or equal to 10'],
    [{ replicas: 0 }, 'spec.replicas: Invalid value: 0: spec.replicas in body should be greater than or equal to 1'],
    [{ ratio: 1.5 }, 'spec.ratio: Invalid value: 1.5: spec.ratio in body should be less than 1.5'],
    [{ mode: 'x' }, 'spec.mode: Unsupported value: "x": supported values: "a", "b"'],
    [{ level: 3 }, 'spec.level: Unsupported value: 3: supported values: "1", "2"'],
    [{ name: 'a' }, 'spec.name: Invalid value: "a": spec.name in body should be at least 2 chars long'],
    [{ name: 'abcdef' }, 'spec.name: Too long: may not be longer than 5'],
    [{ name: 'AB' }, `spec.name: Invalid value: "AB": spec.name in body should match '^[a-z]+$'`],
    [
      { at: 'yesterday' },
      'spec.at: Invalid value: "yesterday": spec.at in body must be of type date-time: "yesterday"',
    ],
    [{ size: null }, 'spec.size: Invalid value: "null": spec.size in body must be of type string: "null"'],
    [{ tags: [] }, 'spec.tags: Invalid value: 0: spec.tags in body should have at least 1 items'],
    [{ tags: ['a', 'b', 'c'] }, 'spec.tags: Too many: 3: must have at most 2 items'],
    [{ tags: [1] }, 'spec.tags[0]: Invalid value: "integer": spec.tags[0] in body must be of type string: "integer"'],
    [{ items: [{ name: 'a' }, {}] }, 'spec.items[1].name: Required value'],
    [
      { labels: { a: 1 } },
      'spec.labels.a: Invalid value: "integer": spec.labels.a in body must be of type string: "integer"',
    ],
    [{ set: ['a', 'a'] }, 'spec.set[1]: Duplicate value: "a"'],
    [
      {
        ports: [
          { name: 'a', port: 1 },
          { name: 'a', port: 2 },
        ],
      },
      'spec.ports[1]: Duplicate value: map[string]interface {}{"name":"a"}',
    ],
    [{ template: { kind: 'Pod' } }, 'spec.template.apiVersion: Required value: must not be empty'],
    [{ limits: { a: 'x', b: 'y' } }, 'spec.limits: Too many: 2: must have at most 1 items'],
    [{ spare: 1, size: 5 }, 'spec.size: Invalid value: "integer": spec.size in body must be of type string: "integer"'],
  ])('%j is rejected with %s', (spec, message) => {
    expect(validateCustomObject(object(spec), schema).map(formatFieldError)).toEqual([message]);
  });

  it('reports a missing required field with its type', () => {
    const { size: _size, ...rest } = object({}).spec;
    expect(validateCustomObject({ ...object({}), spec: rest }, schema)).toEqual([
      { type: 'FieldValueRequired', field: 'spec.size', message: 'Required value' },
    ]);
  });

  it('reports junction failures on the root path as the API server does', () => {
    expect(validateCustomObject(object({ choice: {} }), schema).map(formatFieldError)).toEqual([
      '<nil>: Invalid value: "": "spec.choice" must validate one and only one schema (oneOf). Found none valid',
      'spec.choice.a: Required value',
    ]);
  });

  it('reports int-or-string type errors with the anyOf alternatives, as the API server does', () => {
    expect(validateCustomObject(object({ port: true }), schema).map(formatFieldError)).toEqual([
      'spec.port: Invalid value: "boolean": spec.port in body must be of type integer,string: "boolean"',
      '<nil>: Invalid value: "": "spec.port" must validate at least one schema (anyOf)',
      'spec.port: Invalid value: "boolean": spec.port in body must be of type integer: "boolean"',
    ]);
  });

  it('reports every error, type first', () => {
    expect(validateCustomObject(object({ replicas: 'x', mode: 'c' }), schema).map((e) => e.type)).toEqual([
      'FieldValueTypeInvalid',
      'FieldValueNotSupported',
    ]);
  });
});

describe('validateCustomObject on objects built in code', () => {
  it('treats undefined members as absent, as JSON does', () => {
    expect(validateCustomObject({ ...object({}), status: undefined }, schema)).toEqual([]);
    expect(validateCustomObject({ ...object({}), spec: { size: undefined } }, schema).map(formatFieldError)).toEqual([
      'spec.size: Required value',
    ]);
  });
});
