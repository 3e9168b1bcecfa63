import { describe, expect, it } from 'vitest';
import { kindDefinitions, lookupKind } from '../registry/kind-registry.js';
import { buildCrd } from './build-crd.js';

const crdOf = (kind: string) => buildCrd(kindDefinitions.find((definition) => definition.kind === kind)!);

describe('buildCrd', () => {
  it('names the CRD <plural>.<group> with Flux names, short names and categories', () => {
    const crd = crdOf('GitRepository');
    expect(crd.metadata.name).toBe('gitrepositories.source.toolkit.fluxcd.io');
    expect(crd.spec.names).toEqual({
      kind: 'GitRepository',
      listKind: 'GitRepositoryList',
      plural: 'gitrepositories',
      singular: 'gitrepository',
      shortNames: ['gitrepo'],
      categories: ['fluxcd'],
    });
    expect(crd.spec.scope).toBe('Namespaced');
  });

  it.each([
    ['GitRepository', ['URL', 'Age', 'Ready', 'Status']],
    ['HelmChart', ['Chart', 'Version', 'Source Kind', 'Source Name', 'Age', 'Ready', 'Status']],
    ['Kustomization', ['Age', 'Ready', 'Status']],
    ['HelmRelease', ['Age', 'Ready', 'Status']],
  ])('gives %s the printer columns %j', (kind, columns) => {
    expect(crdOf(kind).spec.versions[0].additionalPrinterColumns.map((column) => column.name)).toEqual(columns);
  });

  it('serves every version with a status subresource and stores exactly one', () => {
    for (const definition of kindDefinitions) {
      const { versions } = buildCrd(definition).spec;
      expect(versions.filter((version) => version.storage)).toHaveLength(1);
      for (const version of versions) {
        expect(version.served).toBe(true);
        expect(version.subresources).toEqual({ status: {} });
        expect(version.schema.openAPIV3Schema.type).toBe('object');
      }
    }
    expect(crdOf('OCIRepository').spec.versions.map((version) => [version.name, version.storage])).toEqual([
      ['v1', true],
      ['v1beta2', false],
    ]);
  });

  it('keeps Flux defaults and required fields in the schema', () => {
    const spec = crdOf('Kustomization').spec.versions[0].schema.openAPIV3Schema as any;
    expect(spec.properties.spec.required).toEqual(['interval', 'prune', 'sourceRef']);
    const git = crdOf('GitRepository').spec.versions[0].schema.openAPIV3Schema as any;
    expect(git.properties.spec.properties.timeout).toMatchObject({ default: '60s', type: 'string' });
    const release = crdOf('HelmRelease').spec.versions[0].schema.openAPIV3Schema as any;
    expect(release.properties.spec.properties.values).toEqual({
      description: 'Values for the chart, merged over valuesFrom.',
      'x-kubernetes-preserve-unknown-fields': true,
    });
  });

  it('agrees with the registry', () => {
    for (const definition of kindDefinitions) {
      const info = lookupKind(definition.kind)!;
      const crd = buildCrd(definition);
      expect(crd.spec.group).toBe(info.group);
      expect(crd.spec.names.plural).toBe(info.plural);
      expect(crd.spec.versions.map((version) => version.name)).toEqual(info.versions);
    }
    expect(lookupKind('Kustomization')).toEqual({
      group: 'kustomize.toolkit.fluxcd.io',
      kind: 'Kustomization',
      listKind: 'KustomizationList',
      plural: 'kustomizations',
      singular: 'kustomization',
      shortNames: ['ks'],
      namespaced: true,
      versions: ['v1'],
      storageVersion: 'v1',
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    });
    expect(lookupKind('Bucket')).toBeUndefined();
  });
});
