import { describe, expect, it } from 'vitest';
import { Action } from './change-set.js';
import {
  inventoryDiff,
  inventoryFromChangeSet,
  inventoryFromObjects,
  inventoryRefs,
  mergeInventory,
} from './inventory.js';

describe('inventory', () => {
  it('is built from objects, sorted by id', () => {
    const inventory = inventoryFromObjects([
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'apps' } },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apps' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'apps' } },
    ]);
    expect(inventory.entries).toEqual([
      { id: '_apps__Namespace', v: 'v1' },
      { id: 'apps_cfg__ConfigMap', v: 'v1' },
      { id: 'apps_web_apps_Deployment', v: 'v1' },
    ]);
  });

  it('is built from a change set without the deleted entries', () => {
    const inventory = inventoryFromChangeSet({
      entries: [
        {
          ref: { namespace: 'apps', name: 'web', group: 'apps', kind: 'Deployment' },
          subject: 'Deployment/apps/web',
          version: 'apps/v1',
          action: Action.Configured,
        },
        {
          ref: { namespace: 'apps', name: 'old', group: '', kind: 'ConfigMap' },
          subject: 'ConfigMap/apps/old',
          version: 'v1',
          action: Action.Deleted,
        },
        {
          ref: { namespace: 'apps', name: 'kept', group: '', kind: 'Secret' },
          subject: 'Secret/apps/kept',
          version: 'v1',
          action: Action.Skipped,
        },
      ],
    });
    expect(inventory.entries).toEqual([
      { id: 'apps_kept__Secret', v: 'v1' },
      { id: 'apps_web_apps_Deployment', v: 'v1' },
    ]);
  });

  it('diff returns what left, merge keeps both with the newer version', () => {
    const old = {
      entries: [
        { id: 'apps_a__ConfigMap', v: 'v1' },
        { id: 'apps_web_apps_Deployment', v: 'v1' },
      ],
    };
    const next = {
      entries: [
        { id: 'apps_web_apps_Deployment', v: 'v1' },
        { id: 'apps_b__ConfigMap', v: 'v1' },
      ],
    };
    expect(inventoryDiff(old, next)).toEqual([{ id: 'apps_a__ConfigMap', v: 'v1' }]);
    expect(inventoryDiff(next, next)).toEqual([]);
    const merged = mergeInventory(
      { entries: [{ id: 'x_h_example.com_Widget', v: 'v1alpha1' }] },
      { entries: [{ id: 'x_h_example.com_Widget', v: 'v1' }, ...old.entries] },
    );
    expect(merged.entries).toEqual([
      { id: 'apps_a__ConfigMap', v: 'v1' },
      { id: 'apps_web_apps_Deployment', v: 'v1' },
      { id: 'x_h_example.com_Widget', v: 'v1' },
    ]);
  });

  it('reads refs back with their versions', () => {
    expect(
      inventoryRefs({
        entries: [
          { id: '_apps__Namespace', v: 'v1' },
          { id: 'apps_web_apps_Deployment', v: 'v1' },
        ],
      }),
    ).toEqual([
      { namespace: '', name: 'apps', group: '', kind: 'Namespace', version: 'v1' },
      { namespace: 'apps', name: 'web', group: 'apps', kind: 'Deployment', version: 'v1' },
    ]);
  });
});
