import { describe, expect, it } from 'vitest';
import type { Values } from '../release/release.js';
import { composeValues, type ReadValuesKey, type ValuesReference } from './compose-values.js';
import { ValuesReferenceError, ValuesReferenceReason } from './values-reference-error.js';

/** The cluster as the caller would read it: `Kind/name` → key → text. */
function reader(objects: Record<string, Record<string, string>>): ReadValuesKey {
  return async (kind, name, key) => objects[`${kind}/${name}`]?.[key];
}

async function failure(promise: Promise<unknown>): Promise<ValuesReferenceError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ValuesReferenceError);
  return error as ValuesReferenceError;
}

describe('composeValues (Flux ChartValuesFromReferences cases)', () => {
  it('merges references in order, then spec.values', async () => {
    const read = reader({
      'ConfigMap/values': { 'values.yaml': 'flat: value\nnested:\n  configuration: value\n' },
      'Secret/values': { 'values.yaml': 'flat:\n  nested: value\nnested: value\n' },
    });
    const references: ValuesReference[] = [
      { kind: 'ConfigMap', name: 'values' },
      { kind: 'Secret', name: 'values' },
    ];
    expect(await composeValues(read, references, { other: 'values' })).toEqual({
      flat: { nested: 'value' },
      nested: 'value',
      other: 'values',
    });
  });

  it('sets a single value at a target path', async () => {
    const read = reader({ 'Secret/values': { single: 'value' } });
    const references = [{ kind: 'Secret', name: 'values', valuesKey: 'single', targetPath: 'merge.at.specific.path' }];
    expect(await composeValues(read, references, undefined)).toEqual({
      merge: { at: { specific: { path: 'value' } } },
    });
  });

  it('gives a target path precedence over spec.values', async () => {
    const read = reader({
      'ConfigMap/values': { 'values.yaml': 'flat: value\nnested:\n  configuration:\n  - one\n  - two\n  - three\n' },
      'Secret/values': { key: 'value' },
    });
    const references = [
      { kind: 'Secret', name: 'values', valuesKey: 'key', targetPath: 'nested.configuration[0]' },
      { kind: 'ConfigMap', name: 'values' },
    ];
    const specValues = { nested: { configuration: ['list', 'item', 'option'] } };
    expect(await composeValues(read, references, specValues)).toEqual({
      flat: 'value',
      nested: { configuration: ['value', 'item', 'option'] },
    });
    expect(specValues).toEqual({ nested: { configuration: ['list', 'item', 'option'] } });
  });

  it('sets a target path into a list from an earlier reference', async () => {
    const read = reader({
      'ConfigMap/values': { 'values.yaml': 'flat: value\nnested:\n  configuration:\n  - list\n  - item\n  - option\n' },
      'Secret/values': { 'values.yaml': 'foo' },
    });
    const references = [
      { kind: 'ConfigMap', name: 'values' },
      { kind: 'Secret', name: 'values', targetPath: 'nested.configuration[1]' },
    ];
    expect(await composeValues(read, references, { other: 'values' })).toEqual({
      flat: 'value',
      nested: { configuration: ['list', 'foo', 'option'] },
      other: 'values',
    });
  });

  it.each([
    ['Secret', 'missing', undefined],
    ['ConfigMap', 'missing', undefined],
    ['Secret', 'values', 'nonexisting'],
    ['ConfigMap', 'values', 'nonexisting'],
  ])('fails on a missing %s %s (key %s) and names it', async (kind, name, valuesKey) => {
    const read = reader({ 'Secret/values': {}, 'ConfigMap/values': {} });
    const error = await failure(composeValues(read, [{ kind, name, valuesKey }], {}));
    expect(error.reason).toBe(ValuesReferenceReason.NotFound);
    expect(error.message).toContain(
      `${kind} chart values reference '${name}' with key '${valuesKey ?? 'values.yaml'}'`,
    );
  });

  it('skips a missing optional reference', async () => {
    const references = [
      { kind: 'Secret', name: 'missing', optional: true },
      { kind: 'ConfigMap', name: 'missing', optional: true },
    ];
    expect(await composeValues(reader({}), references, undefined)).toEqual({});
  });

  it('rejects an unsupported kind, even when optional', async () => {
    const error = await failure(composeValues(reader({}), [{ kind: 'Unsupported', name: 'x', optional: true }], {}));
    expect(error.reason).toBe(ValuesReferenceReason.UnsupportedKind);
  });

  it('rejects invalid YAML with its position but not its text', async () => {
    const read = reader({ 'Secret/creds': { 'values.yaml': 'password: hunter2\nbad: [unclosed\nnext: 1\n' } });
    const error = await failure(composeValues(read, [{ kind: 'Secret', name: 'creds' }], {}));
    expect(error.reason).toBe(ValuesReferenceReason.InvalidValues);
    expect(error.message).toMatch(/at line \d+, column \d+/);
    expect(error.message).not.toContain('hunter2');
    expect(error.message).not.toContain('unclosed');
  });

  it('rejects a document that is not a map (Flux "invalid values" case)', async () => {
    const read = reader({ 'ConfigMap/values': { 'values.yaml': '\ninvalid' } });
    const error = await failure(composeValues(read, [{ kind: 'ConfigMap', name: 'values' }], {}));
    expect(error.message).toContain('not a map');
    expect(error.message).not.toContain('invalid\n');
  });

  it('does not quote a target path value in its error', async () => {
    const read = reader({ 'Secret/values': { token: 's3cret' } });
    const references = [{ kind: 'Secret', name: 'values', valuesKey: 'token', targetPath: 'a.b' }];
    const error = await failure(composeValues(read, references, { a: 'scalar' }));
    expect(error.reason).toBe(ValuesReferenceReason.MergeFailed);
    expect(error.message).not.toContain('s3cret');
  });

  it('reads YAML as helm does: 1.1 booleans, timestamps as text, empty documents as no values', async () => {
    const read = reader({
      'ConfigMap/a': { 'values.yaml': 'enabled: yes\nday: 2024-01-02\ncount: 3\n' },
      'ConfigMap/empty': { 'values.yaml': '' },
    });
    const references = [
      { kind: 'ConfigMap', name: 'a' },
      { kind: 'ConfigMap', name: 'empty' },
    ];
    const values: Values = await composeValues(read, references, null);
    expect(values).toEqual({ enabled: true, day: '2024-01-02', count: 3 });
  });
});
