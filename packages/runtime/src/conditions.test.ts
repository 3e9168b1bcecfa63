import { type Condition, ConditionStatus, ConditionType, Reason } from '@driftless/api';
import { describe, expect, it } from 'vitest';
import {
  type Conditioned,
  deleteCondition,
  getCondition,
  isReady,
  markFalse,
  markReconciling,
  markStalled,
  markTrue,
  rfc3339,
  setCondition,
} from './conditions.js';

const earlier = '2024-01-01T00:00:00Z';
const later = new Date('2024-06-01T12:30:45.678Z');
const laterText = '2024-06-01T12:30:45Z';

function object(conditions?: Condition[], generation: number | null = 3): Conditioned {
  return { metadata: generation === null ? {} : { generation }, status: conditions ? { conditions } : undefined };
}

function condition(type: string, status: ConditionStatus, extra: Partial<Condition> = {}): Condition {
  return { type, status, observedGeneration: 3, lastTransitionTime: earlier, reason: 'Old', message: 'old', ...extra };
}

describe('setCondition', () => {
  it.each([
    {
      name: 'adds a condition to an object without status',
      before: undefined,
      set: { type: 'Ready', status: ConditionStatus.True, reason: 'Succeeded', message: 'done' },
      after: [condition('Ready', 'True', { lastTransitionTime: laterText, reason: 'Succeeded', message: 'done' })],
    },
    {
      name: 'keeps lastTransitionTime when the status is unchanged, but takes the new reason and message',
      before: [condition('Ready', 'True')],
      set: { type: 'Ready', status: ConditionStatus.True, reason: 'Succeeded', message: 'new' },
      after: [condition('Ready', 'True', { reason: 'Succeeded', message: 'new' })],
    },
    {
      name: 'moves lastTransitionTime when the status changes',
      before: [condition('Ready', 'True')],
      set: { type: 'Ready', status: ConditionStatus.False, reason: 'Failed', message: 'broken' },
      after: [condition('Ready', 'False', { lastTransitionTime: laterText, reason: 'Failed', message: 'broken' })],
    },
    {
      name: 'moves lastTransitionTime from Unknown to True',
      before: [condition('Ready', 'Unknown')],
      set: { type: 'Ready', status: ConditionStatus.True, reason: 'Succeeded', message: 'ok' },
      after: [condition('Ready', 'True', { lastTransitionTime: laterText, reason: 'Succeeded', message: 'ok' })],
    },
    {
      name: 'stamps observedGeneration from metadata.generation, replacing an old one',
      before: [condition('Ready', 'True', { observedGeneration: 1 })],
      set: { type: 'Ready', status: ConditionStatus.True, reason: 'Old', message: 'old' },
      after: [condition('Ready', 'True')],
    },
    {
      name: 'trims the message',
      before: undefined,
      set: { type: 'Ready', status: ConditionStatus.False, reason: 'Failed', message: '  \n boom \t\n' },
      after: [condition('Ready', 'False', { lastTransitionTime: laterText, reason: 'Failed', message: 'boom' })],
    },
    {
      name: 'leaves the other conditions alone',
      before: [condition('Ready', 'True'), condition('Healthy', 'False')],
      set: { type: 'Healthy', status: ConditionStatus.True, reason: 'Succeeded', message: 'healthy' },
      after: [
        condition('Ready', 'True'),
        condition('Healthy', 'True', { lastTransitionTime: laterText, reason: 'Succeeded', message: 'healthy' }),
      ],
    },
  ])('$name', ({ before, set, after }) => {
    const target = object(before);
    setCondition(target, set, () => later);
    expect(target.status?.conditions).toEqual(after);
  });

  it('omits observedGeneration when the object has no generation', () => {
    const target = object(undefined, null);
    setCondition(target, { type: 'Ready', status: 'True', reason: 'Succeeded', message: 'ok' }, () => later);
    expect(target.status?.conditions).toEqual([
      { type: 'Ready', status: 'True', lastTransitionTime: laterText, reason: 'Succeeded', message: 'ok' },
    ]);
    expect(target.status?.conditions?.[0]).not.toHaveProperty('observedGeneration');
  });

  it('caps the message at 32768 characters after trimming', () => {
    const target = object();
    setCondition(target, { type: 'Ready', status: 'False', reason: 'Failed', message: `  ${'x'.repeat(40_000)}` });
    expect(getCondition(target, 'Ready')?.message).toBe('x'.repeat(32_768));
  });

  it('does not mutate the condition objects it was given', () => {
    const previous = condition('Ready', 'True');
    const target = object([previous]);
    markFalse(target, 'Ready', 'Failed', 'broken');
    expect(previous).toEqual(condition('Ready', 'True'));
  });

  it.each([
    {
      types: ['Zeta', 'Stalled', 'Alpha', 'Ready', 'Reconciling'],
      sorted: ['Ready', 'Reconciling', 'Stalled', 'Alpha', 'Zeta'],
    },
    { types: ['Healthy', 'ArtifactInStorage', 'Reconciling'], sorted: ['Reconciling', 'ArtifactInStorage', 'Healthy'] },
    { types: ['Stalled', 'Ready'], sorted: ['Ready', 'Stalled'] },
    { types: ['SourceVerified', 'FetchFailed', 'Ready'], sorted: ['Ready', 'FetchFailed', 'SourceVerified'] },
  ])('sorts $types as $sorted', ({ types, sorted }) => {
    const target = object();
    for (const type of types) markTrue(target, type, 'R', 'm');
    expect(target.status?.conditions?.map((c) => c.type)).toEqual(sorted);
  });
});

describe('the mark helpers', () => {
  it.each([
    {
      name: 'markTrue',
      mark: (o: Conditioned) => markTrue(o, 'Healthy', 'Succeeded', 'fine'),
      expected: { type: 'Healthy', status: 'True', reason: 'Succeeded', message: 'fine' },
    },
    {
      name: 'markFalse',
      mark: (o: Conditioned) => markFalse(o, 'Ready', 'Failed', 'nope'),
      expected: { type: 'Ready', status: 'False', reason: 'Failed', message: 'nope' },
    },
    {
      name: 'markReconciling',
      mark: (o: Conditioned) => markReconciling(o, Reason.Progressing, 'working'),
      expected: { type: 'Reconciling', status: 'True', reason: 'Progressing', message: 'working' },
    },
    {
      name: 'markStalled',
      mark: (o: Conditioned) => markStalled(o, 'InvalidPath', 'no such path'),
      expected: { type: 'Stalled', status: 'True', reason: 'InvalidPath', message: 'no such path' },
    },
  ])('$name sets one condition with the current generation', ({ mark, expected }) => {
    const target = object(undefined, 7);
    mark(target);
    expect(target.status?.conditions).toEqual([
      {
        ...expected,
        observedGeneration: 7,
        lastTransitionTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      },
    ]);
  });

  it('builds Flux’s failure picture: Ready False, Reconciling and Stalled, in that order', () => {
    const target = object([condition('Ready', 'True')]);
    markStalled(target, 'InvalidPath', 'no such path');
    markReconciling(target, Reason.ProgressingWithRetry, 'retrying');
    markFalse(target, ConditionType.Ready, 'InvalidPath', 'no such path');
    expect(target.status?.conditions?.map(({ lastTransitionTime: _, ...rest }) => rest)).toEqual([
      { type: 'Ready', status: 'False', observedGeneration: 3, reason: 'InvalidPath', message: 'no such path' },
      {
        type: 'Reconciling',
        status: 'True',
        observedGeneration: 3,
        reason: 'ProgressingWithRetry',
        message: 'retrying',
      },
      { type: 'Stalled', status: 'True', observedGeneration: 3, reason: 'InvalidPath', message: 'no such path' },
    ]);
    expect(getCondition(target, 'Ready')?.lastTransitionTime).not.toBe(earlier);
  });
});

describe('deleteCondition', () => {
  it.each([
    {
      name: 'removes only the named type',
      before: [condition('Ready', 'True'), condition('Reconciling', 'True'), condition('Stalled', 'True')],
      type: 'Reconciling',
      after: [condition('Ready', 'True'), condition('Stalled', 'True')],
    },
    {
      name: 'ignores a type that is not there',
      before: [condition('Ready', 'True')],
      type: 'Stalled',
      after: [condition('Ready', 'True')],
    },
    { name: 'leaves an object without status without status', before: undefined, type: 'Ready', after: undefined },
  ])('$name', ({ before, type, after }) => {
    const target = object(before);
    deleteCondition(target, type);
    expect(target.status?.conditions).toEqual(after);
  });
});

describe('isReady', () => {
  it.each([
    { conditions: undefined, ready: false },
    { conditions: [], ready: false },
    { conditions: [condition('Ready', 'True')], ready: true },
    { conditions: [condition('Ready', 'False')], ready: false },
    { conditions: [condition('Ready', 'Unknown')], ready: false },
    { conditions: [condition('Healthy', 'True')], ready: false },
    { conditions: [condition('Ready', 'True'), condition('Stalled', 'True')], ready: true },
  ])('is $ready for $conditions', ({ conditions, ready }) => {
    expect(isReady(object(conditions))).toBe(ready);
  });
});

describe('rfc3339', () => {
  it('drops the milliseconds, as metav1.Time does', () => {
    expect(rfc3339(later)).toBe(laterText);
  });
});
