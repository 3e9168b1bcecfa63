import { FluxAnnotation, SsaPolicy } from '@driftless/api';
import { PatchType } from '@driftless/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Action,
  ApplyError,
  DefaultFieldManager,
  defaultApplyOptions,
  ResourceManager,
  UnknownKindError,
  type Unstructured,
} from '../src/index.js';
import {
  configMap,
  createNamespace,
  loadFixture,
  startTestCluster,
  type TestCluster,
  types,
  withAnnotations,
} from './support.js';

let env: TestCluster;
let manager: ResourceManager;

beforeAll(async () => {
  env = await startTestCluster();
  manager = new ResourceManager({ client: env.client });
});

afterAll(async () => {
  await env?.cluster.stop();
});

const managersOf = (object: Unstructured | undefined) =>
  ((object?.metadata.managedFields ?? []) as { manager: string; operation: string }[]).map(
    (entry) => `${entry.manager}/${entry.operation}`,
  );

describe('ResourceManager.apply', () => {
  it('creates, then leaves an unchanged object alone, then configures what changed', async () => {
    const namespace = await createNamespace(env.client);
    const [config, deployment] = loadFixture('web.yaml', namespace) as [Unstructured, Unstructured];

    const created = await manager.applyAll([config, deployment]);
    expect(created.entries.map((e) => `${e.subject} ${e.action}`)).toEqual([
      `ConfigMap/${namespace}/web-config created`,
      `Deployment/${namespace}/web created`,
    ]);
    expect(created.entries[1]).toMatchObject({
      ref: { namespace, name: 'web', group: 'apps', kind: 'Deployment' },
      version: 'apps/v1',
    });
    const before = await manager.get(deployment);
    expect(managersOf(before)).toContain(`${DefaultFieldManager}/Apply`);

    const again = await manager.applyAll([config, deployment]);
    expect(again.entries.map((e) => e.action)).toEqual([Action.Unchanged, Action.Unchanged]);
    expect((await manager.get(deployment))?.metadata.resourceVersion).toBe(before?.metadata.resourceVersion);

    const changed = structuredClone(deployment) as any;
    changed.spec.template.spec.containers[0].image = 'nginx:1.28';
    const entry = await manager.apply(changed);
    expect(entry.action).toBe(Action.Configured);
    expect(entry.driftedFields).toEqual(['spec.template.spec.containers[0].image']);
    expect(((await manager.get(deployment)) as any).spec.template.spec.containers[0].image).toBe('nginx:1.28');
  });

  it('restores a value another manager edited', async () => {
    const namespace = await createNamespace(env.client);
    const config = configMap(namespace, 'settings', { greeting: 'hello' });
    await manager.apply(config);
    await env.client.patch(
      types.configMap,
      { namespace, name: 'settings' },
      { data: { greeting: 'edited' } },
      { patchType: PatchType.Merge, fieldManager: 'kubectl-edit' },
    );

    const diff = await manager.diff(config);
    expect(diff.action).toBe(Action.Configured);
    expect(diff.driftedFields).toEqual(['data.greeting']);
    expect((diff.live as any).data.greeting).toBe('edited');

    const entry = await manager.apply(config);
    expect(entry).toMatchObject({ action: Action.Configured, driftedFields: ['data.greeting'] });
    expect(((await manager.get(config)) as any).data.greeting).toBe('hello');
  });

  it('keeps a field only another manager sets and reports the object unchanged', async () => {
    const namespace = await createNamespace(env.client);
    const [, deployment] = loadFixture('web.yaml', namespace) as [Unstructured, Unstructured];
    await manager.apply(deployment);
    await env.client.patch(
      types.deployment,
      { namespace, name: 'web' },
      { spec: { replicas: 4 } },
      { patchType: PatchType.Merge, subresource: 'scale' },
    );

    const entry = await manager.apply(deployment);
    expect(entry.action).toBe(Action.Unchanged);
    expect(((await manager.get(deployment)) as any).spec.replicas).toBe(4);
  });

  it('takes over fields from kubectl and drops its last-applied annotation', async () => {
    const namespace = await createNamespace(env.client);
    await env.client.patch(
      types.configMap,
      { namespace, name: 'legacy' },
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {
          name: 'legacy',
          namespace,
          annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' },
        },
        data: { kept: 'yes', dropped: 'soon' },
      },
      { patchType: PatchType.Apply, fieldManager: 'kubectl' },
    );

    const entry = await manager.apply(configMap(namespace, 'legacy', { kept: 'yes' }));
    expect(entry.action).toBe(Action.Configured);
    const live = (await manager.get({ namespace, name: 'legacy', group: '', kind: 'ConfigMap', version: 'v1' })) as any;
    expect(managersOf(live)).toEqual([`${DefaultFieldManager}/Apply`]);
    expect(live.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration']).toBeUndefined();
    expect(live.data).toEqual({ kept: 'yes' });
  });

  it('honours the ssa annotation: Ignore, IfNotPresent and Merge', async () => {
    const namespace = await createNamespace(env.client);
    const ignored = withAnnotations(configMap(namespace, 'ignored', { a: '1' }), {
      [FluxAnnotation.Ssa]: SsaPolicy.Ignore,
    });
    expect((await manager.apply(ignored)).action).toBe(Action.Skipped);
    expect(await manager.get(ignored)).toBeUndefined();

    const once = withAnnotations(configMap(namespace, 'once', { a: '1' }), {
      [FluxAnnotation.Ssa]: SsaPolicy.IfNotPresent,
    });
    expect((await manager.apply(once)).action).toBe(Action.Created);
    expect((await manager.apply({ ...once, data: { a: '2' } })).action).toBe(Action.Skipped);
    expect(((await manager.get(once)) as any).data).toEqual({ a: '1' });

    const lastApplied = { 'kubectl.kubernetes.io/last-applied-configuration': '{}' };
    await env.client.patch(
      types.configMap,
      { namespace, name: 'merged' },
      withAnnotations(configMap(namespace, 'merged', { theirs: '1' }), lastApplied),
      { patchType: PatchType.Apply, fieldManager: 'kubectl' },
    );
    const merged = withAnnotations(configMap(namespace, 'merged', { ours: '1' }), {
      [FluxAnnotation.Ssa]: SsaPolicy.Merge,
    });
    expect((await manager.apply(merged)).action).toBe(Action.Configured);
    const live = (await manager.get(merged)) as any;
    expect(live.data).toEqual({ theirs: '1', ours: '1' });
    expect(managersOf(live)).toContain('kubectl/Apply');
    expect(live.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']).toBe('{}');
  });

  it('rejects unknown kinds and namespaced objects without a namespace', async () => {
    const widget: Unstructured = {
      apiVersion: 'example.com/v1',
      kind: 'Gadget',
      metadata: { name: 'g', namespace: 'default' },
    };
    await expect(manager.apply(widget)).rejects.toThrow(UnknownKindError);
    await expect(manager.apply(widget)).rejects.toThrow('no matches for kind "Gadget" in version "example.com/v1"');

    const [, deployment] = loadFixture('web.yaml') as [Unstructured, Unstructured];
    const failure = manager.apply(deployment);
    await expect(failure).rejects.toThrow(ApplyError);
    await expect(failure).rejects.toThrow(/^Deployment\/web: namespace not specified$/);
  });

  it('applies nothing when one object of the set fails its dry-run', async () => {
    const namespace = await createNamespace(env.client);
    const good = configMap(namespace, 'good', { a: '1' });
    const bad = configMap('no-such-namespace', 'bad', { a: '1' });
    await expect(manager.applyAll([good, bad])).rejects.toThrow(
      /^ConfigMap\/no-such-namespace\/bad dry-run failed \(NotFound\): namespaces "no-such-namespace" not found/,
    );
    expect(await manager.get(good)).toBeUndefined();
  });

  it('recreates an object whose immutable field changed only when forced', async () => {
    const namespace = await createNamespace(env.client);
    const frozen = configMap(namespace, 'frozen', { a: '1' }, { immutable: true });
    await manager.apply(frozen);
    const uid = (await manager.get(frozen))?.metadata.uid;
    const changed = { ...frozen, data: { a: '2' } };

    await expect(manager.apply(changed)).rejects.toThrow(
      new RegExp(`^ConfigMap/${namespace}/frozen dry-run failed \\(Invalid\\): .*immutable`),
    );
    const entry = await manager.apply(changed, { ...defaultApplyOptions(), force: true });
    expect(entry.action).toBe(Action.Configured);
    const live = (await manager.get(frozen)) as any;
    expect(live.data).toEqual({ a: '2' });
    expect(live.metadata.uid).not.toBe(uid);

    const annotated = withAnnotations({ ...frozen, data: { a: '3' } }, { [FluxAnnotation.Force]: 'Enabled' });
    expect((await manager.apply(annotated)).action).toBe(Action.Configured);
    expect(((await manager.get(frozen)) as any).data).toEqual({ a: '3' });
  });
});
