import { describe, expect, it } from 'vitest';
import { findJsonPath, JsonPathError } from './jsonpath.js';

const object = {
  metadata: { name: 'w1', annotations: { 'example.com/owner': 'me' } },
  spec: {
    replicas: 3,
    containers: [
      { name: 'a', image: 'x' },
      { name: 'b', image: 'y' },
    ],
  },
  status: {
    conditions: [
      { type: 'Reconciling', status: 'False' },
      { type: 'Ready', status: 'True', message: 'ok' },
    ],
    observedGeneration: 2,
  },
};

describe('findJsonPath', () => {
  it.each([
    ['.metadata.name', ['w1']],
    ['{.metadata.name}', ['w1']],
    ['.spec.replicas', [3]],
    ['.spec.containers[0].image', ['x']],
    ['.spec.containers[-1].name', ['b']],
    ['.spec.containers[*].name', ['a', 'b']],
    ['.spec.containers[0:1].name', ['a']],
    ['.status.conditions[?(@.type=="Ready")].status', ['True']],
    [".status.conditions[?(@.type=='Ready')].message", ['ok']],
    ['.status.conditions[?(@.type!="Ready")].type', ['Reconciling']],
    ['.status.conditions[?(@.message)].type', ['Ready']],
    ["['metadata']['name']", ['w1']],
    ['.metadata.annotations.example\\.com/owner', ['me']],
    ['..name', ['w1', 'a', 'b']],
    ['.spec.missing', []],
    ['.spec.containers[5].name', []],
    ['.status.observedGeneration', [2]],
  ])('%s finds %j', (path, values) => {
    expect(findJsonPath(object, path)).toEqual(values);
  });

  it('rejects what it cannot parse', () => {
    expect(() => findJsonPath(object, '.a[?(x)]')).toThrow(JsonPathError);
  });
});
