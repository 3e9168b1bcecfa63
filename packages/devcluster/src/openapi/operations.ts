import type { ResourceType } from '../types.js';
import { definitionNames, operationNaming } from './naming.js';

/** The REST operations of a resource, independent of the OpenAPI version they are written in. */

export type ParameterType = 'string' | 'integer' | 'boolean';
export type HttpMethod = 'get' | 'put' | 'post' | 'patch' | 'delete';
export type Action = 'get' | 'list' | 'post' | 'put' | 'patch' | 'delete' | 'deletecollection';

export interface Parameter {
  name: string;
  in: 'path' | 'query';
  type: ParameterType;
  required?: boolean;
}

export interface GroupVersionKind {
  group: string;
  kind: string;
  version: string;
}

export interface Operation {
  method: HttpMethod;
  action?: Action;
  operationId: string;
  tag: string;
  description: string;
  gvk?: GroupVersionKind;
  parameters: Parameter[];
  /** The definition read from the request body and the media types it may come in. */
  body?: { definition: string; required: boolean; consumes: string[] };
  /** Response code to definition name. */
  responses: Record<string, string>;
}

export interface PathSpec {
  path: string;
  parameters: Parameter[];
  operations: Operation[];
}

const query = (name: string, type: ParameterType): Parameter => ({ name, in: 'query', type });

const listParameters = [
  query('allowWatchBookmarks', 'boolean'),
  query('continue', 'string'),
  query('fieldSelector', 'string'),
  query('labelSelector', 'string'),
  query('limit', 'integer'),
  query('resourceVersion', 'string'),
  query('resourceVersionMatch', 'string'),
  query('sendInitialEvents', 'boolean'),
  query('timeoutSeconds', 'integer'),
  query('watch', 'boolean'),
];
const writeParameters = [
  query('dryRun', 'string'),
  query('fieldManager', 'string'),
  query('fieldValidation', 'string'),
];
const patchParameters = [...writeParameters, query('force', 'boolean')];
const deleteParameters = [
  query('dryRun', 'string'),
  query('gracePeriodSeconds', 'integer'),
  query('ignoreStoreReadErrorWithClusterBreakingPotential', 'boolean'),
  query('orphanDependents', 'boolean'),
  query('propagationPolicy', 'string'),
];
const deleteCollectionParameters = [
  query('continue', 'string'),
  query('dryRun', 'string'),
  query('fieldSelector', 'string'),
  query('gracePeriodSeconds', 'integer'),
  query('ignoreStoreReadErrorWithClusterBreakingPotential', 'boolean'),
  query('labelSelector', 'string'),
  query('limit', 'integer'),
  query('orphanDependents', 'boolean'),
  query('propagationPolicy', 'string'),
  query('resourceVersion', 'string'),
  query('resourceVersionMatch', 'string'),
  query('sendInitialEvents', 'boolean'),
  query('timeoutSeconds', 'integer'),
];

const pathParameter = (name: string): Parameter => ({ name, in: 'path', type: 'string', required: true });
const pretty = query('pretty', 'string');

export const meta = {
  status: 'io.k8s.apimachinery.pkg.apis.meta.v1.Status',
  deleteOptions: 'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions',
  patch: 'io.k8s.apimachinery.pkg.apis.meta.v1.Patch',
  scale: 'io.k8s.api.autoscaling.v1.Scale',
  apiResourceList: 'io.k8s.apimachinery.pkg.apis.meta.v1.APIResourceList',
};

const anyType = ['*/*'];
const customPatchTypes = [
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/apply-patch+yaml',
];
const builtinPatchTypes = [
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
  'application/apply-patch+yaml',
];

/** Built-in resources whose DELETE answers with the deleted object rather than a Status. */
const deleteReturnsObject = new Set([
  '/persistentvolumeclaims',
  '/persistentvolumes',
  '/pods',
  '/podtemplates',
  '/resourcequotas',
  '/serviceaccounts',
  '/services',
  'storage.k8s.io/csidrivers',
  'storage.k8s.io/csinodes',
  'storage.k8s.io/storageclasses',
  'storage.k8s.io/volumeattachments',
]);

/** `endpoints.GetArticleForNoun`: `a Pod `, `an Ingress `, and none before plurals such as `Endpoints`. */
const withArticle = (kind: string) =>
  kind.endsWith('s') && !kind.endsWith('ss') ? kind : `${/^[aeiou]/i.test(kind) ? 'an' : 'a'} ${kind}`;

/** The paths and operations of one resource: collection, object, and its status and scale subresources. */
export function resourcePaths(type: ResourceType): PathSpec[] {
  const { infix, tag } = operationNaming(type.group, type.version);
  const names = definitionNames(type);
  const gvk = { group: type.group, kind: type.kind, version: type.version };
  const scope = type.namespaced ? 'Namespaced' : '';
  const prefix = `/${type.group ? `apis/${type.group}` : 'api'}/${type.version}`;
  const collection = `${prefix}/${type.namespaced ? 'namespaces/{namespace}/' : ''}${type.plural}`;
  const scopeParameters = type.namespaced ? [pathParameter('namespace')] : [];
  const patchTypes = type.builtin ? builtinPatchTypes : customPatchTypes;
  const deleted = type.builtin && deleteReturnsObject.has(`${type.group}/${type.plural}`) ? names.object : meta.status;
  const can = (verb: string) => type.verbs.includes(verb);
  const id = (verb: string, suffix = '') => `${verb}${infix}${scope}${type.kind}${suffix}`;
  const op = (fields: Omit<Operation, 'tag' | 'gvk'> & { gvk?: GroupVersionKind }): Operation => ({
    tag,
    gvk,
    ...fields,
  });
  const objectBody = (definition: string) => ({ definition, required: true, consumes: anyType });
  const patchBody = { definition: meta.patch, required: true, consumes: patchTypes };
  const deleteBody = { definition: meta.deleteOptions, required: false, consumes: anyType };
  const list = (operationId: string) =>
    op({
      method: 'get',
      action: 'list',
      operationId,
      description: `list or watch objects of kind ${type.kind}`,
      parameters: listParameters,
      responses: { '200': names.list },
    });

  const subresource = (name: string, definition: string, subGvk: GroupVersionKind): PathSpec => {
    const suffix = name[0].toUpperCase() + name.slice(1);
    return {
      path: `${collection}/{name}/${name}`,
      parameters: [pathParameter('name'), ...scopeParameters, pretty],
      operations: [
        op({
          method: 'get',
          action: 'get',
          operationId: id('read', suffix),
          description: `read ${name} of the specified ${type.kind}`,
          parameters: [],
          responses: { '200': definition },
          gvk: subGvk,
        }),
        op({
          method: 'put',
          action: 'put',
          operationId: id('replace', suffix),
          description: `replace ${name} of the specified ${type.kind}`,
          parameters: writeParameters,
          responses: { '200': definition, '201': definition },
          body: objectBody(definition),
          gvk: subGvk,
        }),
        op({
          method: 'patch',
          action: 'patch',
          operationId: id('patch', suffix),
          description: `partially update ${name} of the specified ${type.kind}`,
          parameters: patchParameters,
          responses: { '200': definition, '201': definition },
          body: patchBody,
          gvk: subGvk,
        }),
      ],
    };
  };

  const collectionOperations: (Operation | false)[] = [
    can('list') && list(id('list')),
    can('create') &&
      op({
        method: 'post',
        action: 'post',
        operationId: id('create'),
        description: `create ${withArticle(type.kind)}`,
        parameters: writeParameters,
        responses: { '200': names.object, '201': names.object, '202': names.object },
        body: objectBody(names.object),
      }),
    can('deletecollection') &&
      op({
        method: 'delete',
        action: 'deletecollection',
        operationId: `delete${infix}Collection${scope}${type.kind}`,
        description: `delete collection of ${type.kind}`,
        parameters: deleteCollectionParameters,
        responses: { '200': meta.status },
        body: deleteBody,
      }),
  ];
  const objectOperations: (Operation | false)[] = [
    can('get') &&
      op({
        method: 'get',
        action: 'get',
        operationId: id('read'),
        description: `read the specified ${type.kind}`,
        parameters: [],
        responses: { '200': names.object },
      }),
    can('update') &&
      op({
        method: 'put',
        action: 'put',
        operationId: id('replace'),
        description: `replace the specified ${type.kind}`,
        parameters: writeParameters,
        responses: { '200': names.object, '201': names.object },
        body: objectBody(names.object),
      }),
    can('patch') &&
      op({
        method: 'patch',
        action: 'patch',
        operationId: id('patch'),
        description: `partially update the specified ${type.kind}`,
        parameters: patchParameters,
        responses: { '200': names.object, '201': names.object },
        body: patchBody,
      }),
    can('delete') &&
      op({
        method: 'delete',
        action: 'delete',
        operationId: id('delete'),
        description: `delete ${withArticle(type.kind)}`,
        parameters: deleteParameters,
        responses: { '200': deleted, '202': deleted },
        body: deleteBody,
      }),
  ];
  const present = (operations: (Operation | false)[]) => operations.filter((o): o is Operation => o !== false);

  const paths: PathSpec[] = [];
  if (type.namespaced && can('list')) {
    paths.push({
      path: `${prefix}/${type.plural}`,
      parameters: [pretty],
      operations: [list(`list${infix}${type.kind}ForAllNamespaces`)],
    });
  }
  paths.push({ path: collection, parameters: [...scopeParameters, pretty], operations: present(collectionOperations) });
  paths.push({
    path: `${collection}/{name}`,
    parameters: [pathParameter('name'), ...scopeParameters, pretty],
    operations: present(objectOperations),
  });
  if (type.subresources.status) paths.push(subresource('status', names.object, gvk));
  if (type.subresources.scale) {
    const scaleGvk = type.builtin ? { group: 'autoscaling', kind: 'Scale', version: 'v1' } : gvk;
    paths.push(subresource('scale', meta.scale, scaleGvk));
  }
  return paths.filter((path) => path.operations.length > 0);
}

/** `GET /apis/<group>/<version>/`: the group version's discovery document. */
export function discoveryPath(group: string, version: string): PathSpec {
  const { infix, tag } = operationNaming(group, version);
  return {
    path: `/${group ? `apis/${group}` : 'api'}/${version}/`,
    parameters: [],
    operations: [
      {
        method: 'get',
        operationId: `get${infix}APIResources`,
        tag,
        description: 'get available resources',
        parameters: [],
        responses: { '200': meta.apiResourceList },
      },
    ],
  };
}

/** Every definition the operations of some paths refer to. */
export function operationDefinitions(paths: PathSpec[]): Set<string> {
  const definitions = new Set<string>();
  for (const path of paths) {
    for (const op of path.operations) {
      if (op.body) definitions.add(op.body.definition);
      for (const definition of Object.values(op.responses)) definitions.add(definition);
    }
  }
  return definitions;
}
