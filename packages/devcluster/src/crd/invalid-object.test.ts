import { describe, expect, it } from 'vitest';
import { invalidError, requiredError } from './field-error.js';
import { InvalidObjectError, invalidObjectMessage, qualifiedKind } from './invalid-object.js';

describe('invalidObjectMessage', () => {
  const replicas = invalidError('spec.replicas', 'string', 'spec.replicas in body must be of type integer: "string"');
  const size = requiredError('spec.size');

  it.each([
    [
      [replicas],
      'Widget.example.com "w1" is invalid: spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"',
    ],
    [
      [replicas, size],
      'Widget.example.com "w1" is invalid: [spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string", spec.size: Required value]',
    ],
    [[size, size], 'Widget.example.com "w1" is invalid: spec.size: Required value'],
    [[], 'Widget.example.com "w1" is invalid'],
  ])('%#', (errors, message) => {
    expect(invalidObjectMessage('Widget.example.com', 'w1', errors)).toBe(message);
  });

  it('qualifies kinds like schema.GroupKind', () => {
    expect(qualifiedKind('example.com', 'Widget')).toBe('Widget.example.com');
    expect(qualifiedKind('', 'Pod')).toBe('Pod');
  });

  it('carries the causes in an error', () => {
    const error = new InvalidObjectError('Pod', 'p', [size]);
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toBe('Pod "p" is invalid: spec.size: Required value');
    expect(error.causes).toEqual([size]);
  });
});
