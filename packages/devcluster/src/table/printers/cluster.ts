import type { KubeObject } from '../../types.js';
import { ageColumn, column, nameColumn, wide } from '../columns.js';
import { age } from '../duration.js';
import { fieldDocs } from '../field-docs.js';
import { at, condition, count, fields, list, size, text } from '../object-fields.js';
import { namedPrinter } from '../printed-columns.js';
import type { RowPrinter } from '../table-types.js';

const created = (object: KubeObject, now: Date) => age(object.metadata.creationTimestamp, now);

export const configMapPrinter: RowPrinter = namedPrinter([
  [column('Data', 'string', fieldDocs.configMapData), (cm) => size(cm.data) + size(cm.binaryData)],
]);

export const secretPrinter: RowPrinter = namedPrinter([
  [column('Type', 'string', fieldDocs.secretType), (secret) => text(secret.type, 'Opaque')],
  [column('Data', 'string', fieldDocs.secretData), (secret) => size(secret.data)],
]);

export const serviceAccountPrinter: RowPrinter = namedPrinter([
  [column('Secrets', 'string', fieldDocs.serviceAccountSecrets), (sa) => list(sa.secrets).length],
]);

export const namespacePrinter: RowPrinter = namedPrinter([
  [column('Status', 'string', 'The status of the namespace'), (ns) => text(at(ns, 'status.phase'))],
]);

export const leasePrinter: RowPrinter = namedPrinter([
  [column('Holder', 'string', fieldDocs.leaseHolder), (lease) => text(at(lease, 'spec.holderIdentity'))],
]);

export const priorityClassPrinter: RowPrinter = namedPrinter(
  [
    [column('Value', 'integer', fieldDocs.priorityClassValue), (pc) => count(pc.value)],
    [column('Global-Default', 'boolean', fieldDocs.priorityClassGlobalDefault), (pc) => pc.globalDefault === true],
  ],
  [
    [
      column('PreemptionPolicy', 'string', fieldDocs.priorityClassPreemption),
      (pc) => text(pc.preemptionPolicy, 'PreemptLowerPriority'),
    ],
  ],
);

export const runtimeClassPrinter: RowPrinter = namedPrinter([
  [
    column(
      'Handler',
      'string',
      'Handler specifies the underlying runtime and configuration that the CRI implementation will use to handle pods of this class.',
    ),
    (rc) => text(rc.handler),
  ],
]);

export const webhookConfigurationPrinter = (description: string): RowPrinter =>
  namedPrinter([[column('Webhooks', 'integer', description), (config) => list(config.webhooks).length]]);

/** Where an APIService is served from: `namespace/name` of its service, or `Local`. */
function apiServiceService(api: KubeObject): string {
  const service = fields(at(api, 'spec.service'));
  return at(api, 'spec.service') ? `${text(service.namespace)}/${text(service.name)}` : 'Local';
}

/** The Available condition's status, with its reason when it is not True. */
function apiServiceAvailable(api: KubeObject): string {
  const available = condition(api, 'Available');
  const status = text(available?.status, 'Unknown');
  return available && status !== 'True' && text(available.reason) ? `${status} (${text(available.reason)})` : status;
}

export const apiServicePrinter: RowPrinter = namedPrinter([
  [column('Service', 'string', 'The reference to the service that hosts this API endpoint.'), apiServiceService],
  [column('Available', 'string', 'Whether this service is available.'), apiServiceAvailable],
]);

/** Quota usage per resource, `requests.cpu: 500m/1` (limits.* go to the Limit column). */
function quotaCells(quota: KubeObject): [string, string] {
  const hard = fields(at(quota, 'status.hard'));
  const used = fields(at(quota, 'status.used'));
  const requests: string[] = [];
  const limits: string[] = [];
  for (const resource of Object.keys(hard).sort()) {
    const entry = `${resource}: ${String(used[resource] ?? '0')}/${String(hard[resource])}`;
    (resource.startsWith('limits.') ? limits : requests).push(entry);
  }
  return [requests.join(', '), limits.join(', ')];
}

export const resourceQuotaPrinter: RowPrinter = {
  columns: [
    nameColumn,
    ageColumn,
    column('Request', 'string', 'Request represents a minimum amount of cpu/memory that a container may consume.'),
    column(
      'Limit',
      'string',
      'Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.',
    ),
  ],
  cells: (quota, now) => [quota.metadata.name, created(quota, now), ...quotaCells(quota)],
};

function nodeStatus(node: KubeObject): string {
  const ready = condition(node, 'Ready');
  const status = ready ? [ready.status === 'True' ? 'Ready' : 'NotReady'] : ['Unknown'];
  if (at(node, 'spec.unschedulable') === true) status.push('SchedulingDisabled');
  return status.join(',');
}

function nodeRoles(node: KubeObject): string {
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(node.metadata.labels ?? {})) {
    if (key.startsWith('node-role.kubernetes.io/') && key.length > 'node-role.kubernetes.io/'.length) {
      roles.add(key.slice('node-role.kubernetes.io/'.length));
    } else if (key === 'kubernetes.io/role' && value) roles.add(value);
  }
  return [...roles].sort().join(',') || '<none>';
}

const nodeAddress = (node: KubeObject, type: string) =>
  text(list(at(node, 'status.addresses')).find((a) => a.type === type)?.address, '<none>');

/** A `status.nodeInfo` field, `<unknown>` when the node does not report it. */
const nodeInfo = (field: string) => (node: KubeObject) => text(at(node, `status.nodeInfo.${field}`)) || '<unknown>';

export const nodePrinter: RowPrinter = namedPrinter(
  [
    [column('Status', 'string', 'The status of the node'), nodeStatus],
    [column('Roles', 'string', 'The roles of the node'), nodeRoles],
  ],
  [
    [column('Version', 'string', fieldDocs.kubeletVersion), (node) => text(at(node, 'status.nodeInfo.kubeletVersion'))],
    [wide('Internal-IP', 'string', fieldDocs.nodeAddresses), (node) => nodeAddress(node, 'InternalIP')],
    [wide('External-IP', 'string', fieldDocs.nodeAddresses), (node) => nodeAddress(node, 'ExternalIP')],
    [wide('OS-Image', 'string', fieldDocs.osImage), nodeInfo('osImage')],
    [wide('Kernel-Version', 'string', fieldDocs.kernelVersion), nodeInfo('kernelVersion')],
    [wide('Container-Runtime', 'string', fieldDocs.containerRuntimeVersion), nodeInfo('containerRuntimeVersion')],
  ],
);
