import { describe, expect, it } from 'vitest';
import { readinessOf } from './status.js';

describe('readinessOf', () => {
  it('reads Ready and observedGeneration, with the revision given', () => {
    const object = {
      metadata: { generation: 3 },
      status: {
        observedGeneration: 3,
        conditions: [
          {
            type: 'Ready',
            status: 'False' as const,
            reason: 'BuildFailed',
            message: 'kustomize build failed',
            lastTransitionTime: '2025-03-01T10:00:00Z',
          },
        ],
      },
    };
    expect(readinessOf(object, 'main@sha1:abc')).toEqual({
      ready: false,
      reason: 'BuildFailed',
      message: 'kustomize build failed',
      revision: 'main@sha1:abc',
      observedGeneration: 3,
    });
  });

  it('is not ready before any condition is set', () => {
    expect(readinessOf({ metadata: {} })).toEqual({
      ready: false,
      reason: '',
      message: '',
      revision: undefined,
      observedGeneration: 0,
    });
  });
});
