import { describe, expect, it } from 'vitest';
import { widgetCrd } from '../testing/widget-crd.js';
import { establishCrd } from './establish.js';

const crd = widgetCrd({ names: { shortNames: ['wd'] }, versions: [{ name: 'v1beta1' }, { name: 'v1' }] });

describe('establishCrd', () => {
  it('sets the status the API server sets once names are accepted', () => {
    expect(establishCrd(crd, '2024-01-01T00:00:00Z').status).toEqual({
      conditions: [
        {
          type: 'NamesAccepted',
          status: 'True',
          reason: 'NoConflicts',
          message: 'no conflicts found',
          lastTransitionTime: '2024-01-01T00:00:00Z',
        },
        {
          type: 'Established',
          status: 'True',
          reason: 'InitialNamesAccepted',
          message: 'the initial names have been accepted',
          lastTransitionTime: '2024-01-01T00:00:00Z',
        },
      ],
      acceptedNames: {
        plural: 'widgets',
        singular: 'widget',
        shortNames: ['wd'],
        kind: 'Widget',
        listKind: 'WidgetList',
      },
      storedVersions: ['v1'],
    });
  });

  it('keeps transition times and earlier stored versions when nothing changed', () => {
    const first = establishCrd({ ...crd, status: { storedVersions: ['v1beta1'] } }, '2024-01-01T00:00:00Z');
    const again = establishCrd(first, '2024-02-02T00:00:00Z');
    const status = again.status as { conditions: { lastTransitionTime: string }[]; storedVersions: string[] };
    expect(status.conditions.map((c) => c.lastTransitionTime)).toEqual([
      '2024-01-01T00:00:00Z',
      '2024-01-01T00:00:00Z',
    ]);
    expect(status.storedVersions).toEqual(['v1beta1', 'v1']);
  });

  it('does not change its input', () => {
    establishCrd(crd, '2024-01-01T00:00:00Z');
    expect(crd.status).toBeUndefined();
  });
});
