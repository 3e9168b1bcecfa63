import type { KubeObject, PrinterColumn, ResourceType } from '../types.js';

export interface TableOptions {
  includeObject: 'None' | 'Metadata' | 'Object';
  now: Date;
  listMeta?: { resourceVersion?: string; continue?: string };
}

type Cell = string | number | boolean | undefined;
interface Column {
  name: string;
  type: string;
  format?: string;
  priority?: number;
  cell: (object: any, now: Date) => Cell;
}

/** kubectl's short duration: 45s, 3m2s, 5h10m, 2d3h, 400d. */
export function shortDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return s % 60 ? `${m}m${s % 60}s` : `${m}m`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 8) return m % 60 ? `${h}h${m % 60}m` : `${h}h`;
  if (h < 48) return `${h}h`;
  const d = Math.floor(h / 24);
  if (d < 8) return h % 24 ? `${d}d${h % 24}h` : `${d}d`;
  return d < 365 * 2 ? `${d}d` : `${Math.floor(d / 365)}y${d % 365}d`;
}

const age = (o: any, now: Date) =>
  o.metadata?.creationTimestamp ? shortDuration(now.getTime() - Date.parse(o.metadata.creationTimestamp)) : '<unknown>';
const nameColumn: Column = { name: 'Name', type: 'string', format: 'name', cell: (o) => o.metadata?.name };
const ageColumn: Column = { name: 'Age', type: 'string', cell: age };
const count = (value: unknown) => (typeof value === 'number' ? value : 0);
const keys = (value: unknown) => (value && typeof value === 'object' ? Object.keys(value).length : 0);
const selector = (o: any) =>
  Object.entries(o.spec?.selector?.matchLabels ?? o.spec?.selector ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
const containers = (o: any) => (o.spec?.template?.spec?.containers ?? []).map((c: any) => c.name).join(',');
const images = (o: any) => (o.spec?.template?.spec?.containers ?? []).map((c: any) => c.image).join(',');
const condition = (o: any, type: string) =>
  (o.status?.conditions ?? []).find((c: any) => c.type === type)?.status === 'True';

const builtinColumns: Record<string, Column[]> = {
  '/Pod': [
    {
      name: 'Ready',
      type: 'string',
      cell: (o) =>
        `${(o.status?.containerStatuses ?? []).filter((c: any) => c.ready).length}/${(o.spec?.containers ?? []).length}`,
    },
    { name: 'Status', type: 'string', cell: (o) => o.status?.phase ?? 'Pending' },
    { name: 'Restarts', type: 'string', cell: () => '0' },
  ],
  'apps/Deployment': [
    { name: 'Ready', type: 'string', cell: (o) => `${count(o.status?.readyReplicas)}/${count(o.spec?.replicas)}` },
    { name: 'Up-to-date', type: 'integer', cell: (o) => count(o.status?.updatedReplicas) },
    { name: 'Available', type: 'integer', cell: (o) => count(o.status?.availableReplicas) },
  ],
  'apps/ReplicaSet': [
    { name: 'Desired', type: 'integer', cell: (o) => count(o.spec?.replicas) },
    { name: 'Current', type: 'integer', cell: (o) => count(o.status?.replicas) },
    { name: 'Ready', type: 'integer', cell: (o) => count(o.status?.readyReplicas) },
  ],
  'apps/StatefulSet': [
    { name: 'Ready', type: 'string', cell: (o) => `${count(o.status?.readyReplicas)}/${count(o.spec?.replicas)}` },
  ],
  'apps/DaemonSet': [
    { name: 'Desired', type: 'integer', cell: (o) => count(o.status?.desiredNumberScheduled) },
    { name: 'Current', type: 'integer', cell: (o) => count(o.status?.currentNumberScheduled) },
    { name: 'Ready', type: 'integer', cell: (o) => count(o.status?.numberReady) },
    { name: 'Up-to-date', type: 'integer', cell: (o) => count(o.status?.updatedNumberScheduled) },
    { name: 'Available', type: 'integer', cell: (o) => count(o.status?.numberAvailable) },
  ],
  'batch/Job': [
    {
      name: 'Status',
      type: 'string',
      cell: (o) => (condition(o, 'Complete') ? 'Complete' : condition(o, 'Failed') ? 'Failed' : 'Running'),
    },
    { name: 'Completions', type: 'string', cell: (o) => `${count(o.status?.succeeded)}/${o.spec?.completions ?? 1}` },
  ],
  'batch/CronJob': [
    { name: 'Schedule', type: 'string', cell: (o) => o.spec?.schedule },
    { name: 'Suspend', type: 'boolean', cell: (o) => !!o.spec?.suspend },
    { name: 'Active', type: 'integer', cell: (o) => (o.status?.active ?? []).length },
  ],
  '/Service': [
    { name: 'Type', type: 'string', cell: (o) => o.spec?.type },
    { name: 'Cluster-IP', type: 'string', cell: (o) => o.spec?.clusterIP ?? '<none>' },
    { name: 'External-IP', type: 'string', cell: (o) => (o.spec?.externalIPs ?? []).join(',') || '<none>' },
    {
      name: 'Port(s)',
      type: 'string',
      cell: (o) => (o.spec?.ports ?? []).map((p: any) => `${p.port}/${p.protocol ?? 'TCP'}`).join(',') || '<none>',
    },
  ],
  '/ConfigMap': [{ name: 'Data', type: 'integer', cell: (o) => keys(o.data) + keys(o.binaryData) }],
  '/Secret': [
    { name: 'Type', type: 'string', cell: (o) => o.type },
    { name: 'Data', type: 'integer', cell: (o) => keys(o.data) },
  ],
  '/Namespace': [{ name: 'Status', type: 'string', cell: (o) => o.status?.phase ?? 'Active' }],
  '/ServiceAccount': [{ name: 'Secrets', type: 'integer', cell: (o) => (o.secrets ?? []).length }],
  '/PersistentVolumeClaim': [
    { name: 'Status', type: 'string', cell: (o) => o.status?.phase ?? 'Pending' },
    { name: 'Volume', type: 'string', cell: (o) => o.spec?.volumeName ?? '' },
  ],
  'networking.k8s.io/Ingress': [
    { name: 'Class', type: 'string', cell: (o) => o.spec?.ingressClassName ?? '<none>' },
    {
      name: 'Hosts',
      type: 'string',
      cell: (o) => (o.spec?.rules ?? []).map((r: any) => r.host ?? '*').join(',') || '*',
    },
  ],
  'coordination.k8s.io/Lease': [{ name: 'Holder', type: 'string', cell: (o) => o.spec?.holderIdentity ?? '' }],
  'apiextensions.k8s.io/CustomResourceDefinition': [
    { name: 'Created At', type: 'date', cell: (o) => o.metadata?.creationTimestamp },
  ],
};

const wideColumns: Record<string, Column[]> = {
  'apps/Deployment': [
    { name: 'Containers', type: 'string', priority: 1, cell: containers },
    { name: 'Images', type: 'string', priority: 1, cell: images },
    { name: 'Selector', type: 'string', priority: 1, cell: selector },
  ],
};

/** Evaluates the JSONPath subset printer columns use: `.a.b`, `.a[0].b`, `.a[*].b`, `.a[?(@.k=="v")].b`. */
export function evaluateJsonPath(object: unknown, path: string): unknown[] {
  const tokens = path.replace(/^\{|\}$/g, '').match(/\.[^.[\]]+|\[[^\]]*\]/g) ?? [];
  let current: unknown[] = [object];
  for (const token of tokens) {
    const next: unknown[] = [];
    for (const value of current) {
      if (value === null || value === undefined) continue;
      if (token.startsWith('.')) {
        if (typeof value === 'object') next.push((value as Record<string, unknown>)[token.slice(1)]);
        continue;
      }
      if (!Array.isArray(value)) continue;
      const inner = token.slice(1, -1);
      const filter = /^\?\(@\.([\w.-]+)\s*==\s*["']?([^"')]*)["']?\)$/.exec(inner);
      if (inner === '*') next.push(...value);
      else if (filter) {
        next.push(...value.filter((item) => String(evaluateJsonPath(item, `.${filter[1]}`)[0]) === filter[2]));
      } else if (/^-?\d+$/.test(inner)) next.push(value.at(Number(inner)));
    }
    current = next.filter((v) => v !== undefined);
  }
  return current;
}

function printerColumn(column: PrinterColumn): Column {
  return {
    name: column.name,
    type: column.type,
    format: column.format,
    priority: column.priority ?? 0,
    cell: (o) => {
      const values = evaluateJsonPath(o, column.jsonPath);
      if (values.length === 0) return undefined;
      const [first] = values;
      if (values.length === 1 && (typeof first === 'number' || typeof first === 'boolean')) return first;
      return values.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join(',');
    },
  };
}

function columnsOf(type: ResourceType): Column[] {
  if (!type.builtin) {
    const custom = type.printerColumns.map(printerColumn);
    return custom.some((c) => c.name.toLowerCase() === 'age')
      ? [nameColumn, ...custom]
      : [nameColumn, ...custom, ageColumn];
  }
  const key = `${type.group}/${type.kind}`;
  if (key === 'apiextensions.k8s.io/CustomResourceDefinition') return [nameColumn, ...builtinColumns[key]];
  return [nameColumn, ...(builtinColumns[key] ?? []), ageColumn, ...(wideColumns[key] ?? [])];
}

/** A `meta.k8s.io/v1` Table, as the API server answers `Accept: application/json;as=Table;v=v1;g=meta.k8s.io`. */
export function toTable(type: ResourceType, objects: KubeObject[], options: TableOptions) {
  const columns = columnsOf(type);
  const rowObject = (o: KubeObject) => {
    if (options.includeObject === 'None') return undefined;
    if (options.includeObject === 'Object') return o;
    return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata };
  };
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion: options.listMeta?.resourceVersion, continue: options.listMeta?.continue },
    columnDefinitions: columns.map((c) => ({
      name: c.name,
      type: c.type,
      format: c.format ?? '',
      description: '',
      priority: c.priority ?? 0,
    })),
    rows: objects.map((o) => ({ cells: columns.map((c) => c.cell(o, options.now) ?? null), object: rowObject(o) })),
  };
}
