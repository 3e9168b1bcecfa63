import { describe, expect, it } from 'vitest';
import {
  Action,
  type ChangeSet,
  type ChangeSetEntry,
  formatChangeSet,
  hasChanges,
  summarizeChangeSet,
} from './change-set.js';

function entry(kind: string, namespace: string, name: string, action: Action): ChangeSetEntry {
  const subject = namespace ? `${kind}/${namespace}/${name}` : `${kind}/${name}`;
  return { ref: { namespace, name, group: '', kind }, subject, version: 'v1', action };
}

const changeSet: ChangeSet = {
  entries: [
    entry('Namespace', '', 'apps', Action.Unchanged),
    entry('Deployment', 'apps', 'web', Action.Configured),
    entry('Service', 'apps', 'web', Action.Created),
    entry('ConfigMap', 'apps', 'old', Action.Deleted),
    entry('Secret', 'apps', 'kept', Action.Skipped),
  ],
};

describe('change sets', () => {
  it('counts every action', () => {
    expect(summarizeChangeSet(changeSet)).toEqual({ created: 1, configured: 1, unchanged: 1, deleted: 1, skipped: 1 });
  });

  it('formats the created, configured and deleted entries as Flux event lines', () => {
    expect(formatChangeSet(changeSet)).toBe(
      'Deployment/apps/web configured\nService/apps/web created\nConfigMap/apps/old deleted',
    );
  });

  it.each([
    [[Action.Unchanged, Action.Skipped], false],
    [[Action.Unchanged, Action.Created], true],
    [[Action.Deleted], true],
    [[], false],
  ])('hasChanges(%j) is %s', (actions, expected) => {
    const entries = actions.map((action, i) => entry('ConfigMap', 'apps', `c${i}`, action));
    expect(hasChanges({ entries })).toBe(expected);
  });
});
