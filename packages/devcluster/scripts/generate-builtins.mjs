// Reads the Kubernetes OpenAPI v2 document (../shared/k8s-openapi) and writes the compact data
// the dev cluster serves from: every built-in resource (group, version, kind, plural, scope,
// verbs, subresources) and every schema definition without its prose.
// Usage: node scripts/generate-builtins.mjs <k8s-openapi dir>
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const sourceDir = process.argv[2];
if (!sourceDir) {
  console.error('usage: generate-builtins.mjs <k8s-openapi dir>');
  process.exit(2);
}
const outDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'generated');
const swagger = JSON.parse(readFileSync(join(sourceDir, 'swagger-v1.32.json'), 'utf8'));

// Short names and categories are not in the OpenAPI document; these are the API server's own.
const shortNames = {
  'v1/ConfigMap': ['cm'],
  'v1/Endpoints': ['ep'],
  'v1/Event': ['ev'],
  'v1/LimitRange': ['limits'],
  'v1/Namespace': ['ns'],
  'v1/Node': ['no'],
  'v1/PersistentVolumeClaim': ['pvc'],
  'v1/PersistentVolume': ['pv'],
  'v1/Pod': ['po'],
  'v1/ReplicationController': ['rc'],
  'v1/ResourceQuota': ['quota'],
  'v1/ServiceAccount': ['sa'],
  'v1/Service': ['svc'],
  'apps/v1/DaemonSet': ['ds'],
  'apps/v1/Deployment': ['deploy'],
  'apps/v1/ReplicaSet': ['rs'],
  'apps/v1/StatefulSet': ['sts'],
  'batch/v1/CronJob': ['cj'],
  'networking.k8s.io/v1/Ingress': ['ing'],
  'networking.k8s.io/v1/NetworkPolicy': ['netpol'],
  'policy/v1/PodDisruptionBudget': ['pdb'],
  'autoscaling/v2/HorizontalPodAutoscaler': ['hpa'],
  'apiextensions.k8s.io/v1/CustomResourceDefinition': ['crd', 'crds'],
  'scheduling.k8s.io/v1/PriorityClass': ['pc'],
  'storage.k8s.io/v1/StorageClass': ['sc'],
  'events.k8s.io/v1/Event': ['ev'],
  'discovery.k8s.io/v1/EndpointSlice': [],
};
const allCategory = new Set([
  'v1/Pod',
  'v1/Service',
  'v1/ReplicationController',
  'apps/v1/Deployment',
  'apps/v1/StatefulSet',
  'apps/v1/DaemonSet',
  'apps/v1/ReplicaSet',
  'batch/v1/Job',
  'batch/v1/CronJob',
  'autoscaling/v2/HorizontalPodAutoscaler',
]);
const actionVerb = {
  get: 'get',
  list: 'list',
  post: 'create',
  put: 'update',
  patch: 'patch',
  delete: 'delete',
  deletecollection: 'deletecollection',
};
const pathPattern =
  /^\/apis?\/(?:([^/]+)\/)?([^/]+)\/(?:namespaces\/\{namespace\}\/)?([^/{]+)(?:\/\{name\}(?:\/([^/]+))?)?$/;

const resources = new Map();
for (const [path, item] of Object.entries(swagger.paths)) {
  if (path.includes('/watch/')) continue;
  const match = pathPattern.exec(path);
  if (!match) continue;
  const [, groupOrV1, maybeVersion, plural, subresource] = match;
  const group = path.startsWith('/api/') ? '' : groupOrV1;
  const version = path.startsWith('/api/') ? maybeVersion : maybeVersion;
  const namespaced = path.includes('/namespaces/{namespace}/');
  if (plural === 'namespaces' && path.includes('{namespace}')) continue;
  for (const operation of Object.values(item)) {
    if (!operation || typeof operation !== 'object' || !operation['x-kubernetes-action']) continue;
    const gvk = operation['x-kubernetes-group-version-kind'];
    if (!gvk) continue;
    const key = `${group}/${version}/${plural}`;
    let resource = resources.get(key);
    if (!resource) {
      resource = { group, version, plural, kind: undefined, namespaced, verbs: new Set(), subresources: {} };
      resources.set(key, resource);
    }
    if (namespaced) resource.namespaced = true;
    const action = operation['x-kubernetes-action'];
    if (subresource) {
      resource.subresources[subresource] ??= {
        kind: gvk.kind,
        group: gvk.group,
        version: gvk.version,
        verbs: new Set(),
      };
      if (actionVerb[action]) resource.subresources[subresource].verbs.add(actionVerb[action]);
      continue;
    }
    if (!resource.kind) resource.kind = gvk.kind;
    if (actionVerb[action]) resource.verbs.add(actionVerb[action]);
    if (action === 'list' && (operation.parameters ?? []).some((p) => String(p.$ref ?? '').includes('/watch-'))) {
      resource.verbs.add('watch');
    }
    if (action === 'list') {
      resource.listDefinition = operation.responses['200'].schema.$ref.replace('#/definitions/', '');
    }
    if (action === 'get') resource.definition = operation.responses['200'].schema.$ref.replace('#/definitions/', '');
  }
}

const verbOrder = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const served = [...resources.values()]
  // Only GA versions are served, as on a cluster with no feature gates; autoscaling/v1 is left
  // out so HorizontalPodAutoscalers have one stored version (v2) and need no conversion.
  .filter((r) => r.kind && r.verbs.has('list') && r.definition && /^v\d+$/.test(r.version))
  .filter((r) => !(r.group === 'autoscaling' && r.version === 'v1') && r.kind !== 'ComponentStatus')
  .map((r) => {
    const gv = r.group ? `${r.group}/${r.version}` : r.version;
    return {
      group: r.group,
      version: r.version,
      kind: r.kind,
      plural: r.plural,
      singular: r.kind.toLowerCase(),
      namespaced: r.namespaced,
      verbs: verbOrder.filter((v) => r.verbs.has(v)),
      shortNames: shortNames[`${gv}/${r.kind}`] ?? [],
      categories: allCategory.has(`${gv}/${r.kind}`) ? ['all'] : [],
      definition: r.definition,
      listDefinition: r.listDefinition,
      subresources: Object.fromEntries(
        Object.entries(r.subresources).map(([name, s]) => [
          name,
          { group: s.group, version: s.version, kind: s.kind, verbs: verbOrder.filter((v) => s.verbs.has(v)) },
        ]),
      ),
    };
  })
  .sort((a, b) => `${a.group}/${a.version}/${a.plural}`.localeCompare(`${b.group}/${b.version}/${b.plural}`));

function stripProse(value) {
  if (Array.isArray(value)) return value.map(stripProse);
  if (value && typeof value === 'object') {
    const out = {};
    for (const [key, child] of Object.entries(value)) {
      if (key === 'description' && typeof child === 'string') continue;
      out[key] = key === 'properties' ? stripPropertyMap(child) : stripProse(child);
    }
    return out;
  }
  return value;
}

// Inside `properties` every key is a field name (JSONSchemaProps has a field called description).
function stripPropertyMap(properties) {
  return Object.fromEntries(Object.entries(properties).map(([name, schema]) => [name, stripProse(schema)]));
}

mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'builtin-resources.json'), `${JSON.stringify(served, null, 1)}\n`);
writeFileSync(join(outDir, 'builtin-definitions.json'), `${JSON.stringify(stripProse(swagger.definitions))}\n`);
console.log(`generated ${served.length} resources and ${Object.keys(swagger.definitions).length} definitions`);
