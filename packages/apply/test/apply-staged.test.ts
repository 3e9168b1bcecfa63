import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Action, ResourceManager, type Unstructured } from '../src/index.js';
import { loadFixture, startTestCluster, type TestCluster } from './support.js';

let env: TestCluster;

beforeAll(async () => {
  env = await startTestCluster();
});

afterAll(async () => {
  await env?.cluster.stop();
});

describe('ResourceManager.applyAllStaged', () => {
  it('applies a CRD, its namespace and a custom object of it in one go', async () => {
    const manager = new ResourceManager({ client: env.client });
    // The custom object first: staging, not the input order, must make this work.
    const objects = loadFixture('widgets.yaml').reverse();

    const changeSet = await manager.applyAllStaged(objects);
    expect(changeSet.entries.map((e) => `${e.subject} ${e.action}`)).toEqual([
      'Namespace/widgets created',
      'CustomResourceDefinition/widgets.example.com created',
      'Widget/widgets/small created',
    ]);
    const widget = (await manager.get(objects[0] as Unstructured)) as any;
    expect(widget.spec).toEqual({ size: 1 });

    const again = await manager.applyAllStaged(objects);
    expect(again.entries.map((e) => e.action)).toEqual([Action.Unchanged, Action.Unchanged, Action.Unchanged]);
  });

  it('fails on the custom object when the CRD is applied without staging', async () => {
    const manager = new ResourceManager({ client: env.client });
    const [crd, namespace, widget] = loadFixture('widgets.yaml').map((object) => renamed(object)) as Unstructured[];
    await expect(manager.applyAll([crd!, namespace!, widget!])).rejects.toThrow(
      'no matches for kind "Gizmo" in version "example.com/v1"',
    );
    expect(await manager.get(crd!)).toBeUndefined();
  });
});

/** The widgets fixture as a second, independent CRD (`gizmos.example.com`). */
function renamed(object: Unstructured): Unstructured {
  const copy = structuredClone(object) as any;
  if (copy.kind === 'CustomResourceDefinition') {
    copy.metadata.name = 'gizmos.example.com';
    copy.spec.names = { kind: 'Gizmo', listKind: 'GizmoList', plural: 'gizmos', singular: 'gizmo' };
  } else if (copy.kind === 'Widget') {
    copy.kind = 'Gizmo';
    copy.metadata.namespace = 'gizmos';
  } else {
    copy.metadata.name = 'gizmos';
  }
  return copy;
}
