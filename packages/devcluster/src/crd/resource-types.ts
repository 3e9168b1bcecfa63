import type { KubeObject, ResourceType, SchemaNode } from '../types.js';
import { crdSpecOf, defaultedNames } from './crd-spec.js';

/** The verbs discovery lists for every custom resource, in the API server's order. */
const customResourceVerbs = ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'];

const schemaless: SchemaNode = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };

/** One resource type per served version of a CustomResourceDefinition. */
export function resourceTypesFromCrd(crd: KubeObject): ResourceType[] {
  const spec = crdSpecOf(crd);
  const names = defaultedNames(spec.names);
  const versions = spec.versions ?? [];
  const storageVersion = versions.find((v) => v.storage)?.name ?? versions[0]?.name ?? '';
  return versions
    .filter((version) => version.served && version.name)
    .map((version) => {
      const scale = version.subresources?.scale;
      return {
        group: spec.group ?? '',
        version: version.name!,
        kind: names.kind ?? '',
        listKind: names.listKind ?? '',
        plural: names.plural ?? '',
        singular: names.singular ?? '',
        namespaced: spec.scope !== 'Cluster',
        verbs: [...customResourceVerbs],
        shortNames: [...(names.shortNames ?? [])],
        categories: [...(names.categories ?? [])],
        storageVersion,
        subresources: {
          status: version.subresources?.status !== undefined,
          scale: scale
            ? {
                specReplicasPath: scale.specReplicasPath ?? '',
                statusReplicasPath: scale.statusReplicasPath ?? '',
                ...(scale.labelSelectorPath ? { labelSelectorPath: scale.labelSelectorPath } : {}),
              }
            : undefined,
        },
        schema: version.schema?.openAPIV3Schema ?? schemaless,
        printerColumns: [...(version.additionalPrinterColumns ?? [])],
        builtin: false,
      };
    });
}
