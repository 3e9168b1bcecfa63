import type { KubeObject } from '../../types.js';
import { ageColumn, column, nameColumn, wide } from '../columns.js';
import { age } from '../duration.js';
import { fieldDocs } from '../field-docs.js';
import { at, condition, count, fields, list, size, text } from '../object-fields.js';
import type { RowPrinter } from '../table-types.js';

const created = (object: KubeObject, now: Date) => age(object.metadata.creationTimestamp, now);

export const configMapPrinter: RowPrinter = {
  columns: [nameColumn, column('Data', 'string', fieldDocs.configMapData), ageColumn],
  cells: (cm, now) => [cm.metadata.name, size(cm.data) + size(cm.binaryData), created(cm, now)],
};

export const secretPrinter: RowPrinter = {
  columns: [
    nameColumn,
    column('Type', 'string', fieldDocs.secretType),
    column('Data', 'string', fieldDocs.secretData),
    ageColumn,
  ],
  cells: (secret, now) => [secret.metadata.name, text(secret.type, 'Opaque'), size(secret.data), created(secret, now)],
};

export const serviceAccountPrinter: RowPrinter = {
  columns: [nameColumn, column('Secrets', 'string', fieldDocs.serviceAccountSecrets), ageColumn],
  cells: (sa, now) => [sa.metadata.name, list(sa.secrets).length, created(sa, now)],
};

export const namespacePrinter: RowPrinter = {
  columns: [nameColumn, column('Status', 'string', 'The status of the namespace'), ageColumn],
  cells: (ns, now) => [ns.metadata.name, text(at(ns, 'status.phase')), created(ns, now)],
};

export const leasePrinter: RowPrinter = {
  columns: [nameColumn, column('Holder', 'string', fieldDocs.leaseHolder), ageColumn],
  cells: (lease, now) => [lease.metadata.name, text(at(lease, 'spec.holderIdentity')), created(lease, now)],
};

export const priorityClassPrinter: RowPrinter = {
  columns: [
    nameColumn,
    column('Value', 'integer', fieldDocs.priorityClassValue),
    column('Global-Default', 'boolean', fieldDocs.priorityClassGlobalDefault),
    ageColumn,
    column('PreemptionPolicy', 'string', fieldDocs.priorityClassPreemption),
  ],
  cells: (pc, now) => [
    pc.metadata.name,
    count(pc.value),
    pc.globalDefault === true,
    created(pc, now),
    text(pc.preemptionPolicy, 'PreemptLowerPriority'),
  ],
};

export const runtimeClassPrinter: RowPrinter = {
  columns: [
    nameColumn,
    column(
      'Handler',
      'string',
      'Handler specifies the underlying runtime and configuration that the CRI implementation will use to handle pods of this class.',
    ),
    ageColumn,
  ],
  cells: (rc, now) => [rc.metadata.name, text(rc.handler), created(rc, now)],
};

export const webhookConfigurationPrinter = (description: string): RowPrinter => ({
  columns: [nameColumn, column('Webhooks', 'integer', description), ageColumn],
  cells: (config, now) => [config.metadata.name, list(config.webhooks).length, created(config, now)],
});

export const apiServicePrinter: RowPrinter = {
  columns: [
    nameColumn,
    column('Service', 'string', 'The reference to the service that hosts this API endpoint.'),
    column('Available', 'string', 'Whether this service is available.'),
    ageColumn,
  ],
  cells: (api, now) => {
    const service = fields(at(api, 'spec.service'));
    const available = condition(api, 'Available');
    const status = text(available?.status, 'Unknown');
    return [
      api.metadata.name,
      at(api, 'spec.service') ? `${text(service.namespace)}/${text(service.name)}` : 'Local',
      available && status !== 'True' && text(available.reason) ? `${status} (${text(available.reason)})` : status,
      created(api, now),
    ];
  },
};

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

export const nodePrinter: RowPrinter = {
  columns: [
    nameColumn,
    column('Status', 'string', 'The status of the node'),
    column('Roles', 'string', 'The roles of the node'),
    ageColumn,
    column('Version', 'string', fieldDocs.kubeletVersion),
    wide('Internal-IP', 'string', fieldDocs.nodeAddresses),
    wide('External-IP', 'string', fieldDocs.nodeAddresses),
    wide('OS-Image', 'string', fieldDocs.osImage),
    wide('Kernel-Version', 'string', fieldDocs.kernelVersion),
    wide('Container-Runtime', 'string', fieldDocs.containerRuntimeVersion),
  ],
  cells: (node, now) => [
    node.metadata.name,
    nodeStatus(node),
    nodeRoles(node),
    created(node, now),
    text(at(node, 'status.nodeInfo.kubeletVersion')),
    nodeAddress(node, 'InternalIP'),
    nodeAddress(node, 'ExternalIP'),
    text(at(node, 'status.nodeInfo.osImage')) || '<unknown>',
    text(at(node, 'status.nodeInfo.kernelVersion')) || '<unknown>',
    text(at(node, 'status.nodeInfo.containerRuntimeVersion')) || '<unknown>',
  ],
};
