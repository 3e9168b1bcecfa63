import type { KubeObject } from '../../types.js';
import { ageColumn, column, nameColumn, wide } from '../columns.js';
import { age } from '../duration.js';
import { fieldDocs } from '../field-docs.js';
import { at, type Fields, formatLabelSelector, formatLabels, list, strings, text } from '../object-fields.js';
import type { RowPrinter } from '../table-types.js';

const created = (object: KubeObject, now: Date) => age(object.metadata.creationTimestamp, now);

/** Load balancer ingress points, IPs or host names, sorted and deduplicated. */
const loadBalancerAddresses = (status: unknown): string[] =>
  [
    ...new Set(
      list(at(status, 'ingress'))
        .map((i) => text(i.ip) || text(i.hostname))
        .filter(Boolean),
    ),
  ].sort();

function serviceExternalIp(service: KubeObject): string {
  const externalIps = strings(at(service, 'spec.externalIPs'));
  switch (text(at(service, 'spec.type'), 'ClusterIP')) {
    case 'ClusterIP':
    case 'NodePort':
      return externalIps.length ? externalIps.join(',') : '<none>';
    case 'LoadBalancer': {
      const addresses = [...loadBalancerAddresses(at(service, 'status.loadBalancer')), ...externalIps];
      return addresses.length ? addresses.join(',') : '<pending>';
    }
    case 'ExternalName':
      return text(at(service, 'spec.externalName'));
    default:
      return '<unknown>';
  }
}

const servicePorts = (ports: Fields[]) =>
  ports
    .map(
      (p) =>
        `${p.port}${typeof p.nodePort === 'number' && p.nodePort > 0 ? `:${p.nodePort}` : ''}/${text(p.protocol, 'TCP')}`,
    )
    .join(',') || '<none>';

export const servicePrinter: RowPrinter = {
  columns: [
    nameColumn,
    column('Type', 'string', fieldDocs.serviceType),
    column('Cluster-IP', 'string', fieldDocs.serviceClusterIP),
    column('External-IP', 'string', fieldDocs.serviceExternalIPs),
    column('Port(s)', 'string', fieldDocs.servicePorts),
    ageColumn,
    wide('Selector', 'string', fieldDocs.serviceSelector),
  ],
  cells: (svc, now) => [
    svc.metadata.name,
    text(at(svc, 'spec.type'), 'ClusterIP'),
    strings(at(svc, 'spec.clusterIPs'))[0] ?? (text(at(svc, 'spec.clusterIP')) || '<none>'),
    serviceExternalIp(svc),
    servicePorts(list(at(svc, 'spec.ports'))),
    created(svc, now),
    formatLabels(at(svc, 'spec.selector')),
  ],
};

/** Up to three items, then `+ N more...`. */
function summarize(items: string[], total: number, empty: string): string {
  const shown = items.slice(0, 3).join(',');
  if (total > 3) return `${shown} + ${total - 3} more...`;
  return shown || empty;
}

function endpointAddresses(endpoints: KubeObject): string {
  const subsets = list(endpoints.subsets);
  if (subsets.length === 0) return '<none>';
  const entries: string[] = [];
  for (const subset of subsets) {
    const addresses = list(subset.addresses).map((a) => text(a.ip));
    const ports = list(subset.ports);
    if (ports.length === 0) entries.push(...addresses);
    for (const port of ports) {
      entries.push(...addresses.map((ip) => (ip.includes(':') ? `[${ip}]:${port.port}` : `${ip}:${port.port}`)));
    }
  }
  return summarize(entries, entries.length, '');
}

export const endpointsPrinter: RowPrinter = {
  columns: [nameColumn, column('Endpoints', 'string', fieldDocs.endpointsSubsets), ageColumn],
  cells: (ep, now) => [ep.metadata.name, endpointAddresses(ep), created(ep, now)],
};

export const endpointSlicePrinter: RowPrinter = {
  columns: [
    nameColumn,
    column('AddressType', 'string', fieldDocs.sliceAddressType),
    column('Ports', 'string', fieldDocs.slicePorts),
    column('Endpoints', 'string', fieldDocs.sliceEndpoints),
    ageColumn,
  ],
  cells: (slice, now) => {
    const ports = list(slice.ports).map((p) => (typeof p.port === 'number' ? String(p.port) : text(p.name, '*')));
    const addresses = list(slice.endpoints).flatMap((e) => strings(e.addresses));
    return [
      slice.metadata.name,
      text(slice.addressType),
      summarize(ports, ports.length, '<unset>'),
      summarize(addresses, addresses.length, '<unset>'),
      created(slice, now),
    ];
  },
};

function ingressHosts(ingress: KubeObject): string {
  const rules = list(at(ingress, 'spec.rules'));
  const hosts = rules
    .slice(0, 3)
    .map((r) => text(r.host))
    .filter(Boolean);
  if (rules.length > 3) return `${hosts.join(',')} + ${rules.length - 3} more...`;
  return hosts.length ? hosts.join(',') : '*';
}

export const ingressPrinter: RowPrinter = {
  columns: [
    nameColumn,
    column('Class', 'string', 'The name of the IngressClass resource that should be used for ingress'),
    column('Hosts', 'string', 'Hosts that incoming requests are matched against before the ingress rule'),
    column('Address', 'string', 'Address is a list containing ingress points for the load-balancer'),
    column('Ports', 'string', 'Ports of TLS configurations that open'),
    ageColumn,
  ],
  cells: (ing, now) => [
    ing.metadata.name,
    text(at(ing, 'spec.ingressClassName'), '<none>'),
    ingressHosts(ing),
    loadBalancerAddresses(at(ing, 'status.loadBalancer')).join(','),
    list(at(ing, 'spec.tls')).length ? '80, 443' : '80',
    created(ing, now),
  ],
};

export const ingressClassPrinter: RowPrinter = {
  columns: [
    nameColumn,
    column('Controller', 'string', fieldDocs.ingressClassController),
    column('Parameters', 'string', fieldDocs.ingressClassParameters),
    ageColumn,
  ],
  cells: (ic, now) => {
    const parameters = at(ic, 'spec.parameters');
    const group = text(at(parameters, 'apiGroup'));
    const described = parameters
      ? `${text(at(parameters, 'kind'))}${group ? `.${group}` : ''}/${text(at(parameters, 'name'))}`
      : '<none>';
    return [ic.metadata.name, text(at(ic, 'spec.controller')), described, created(ic, now)];
  },
};

export const networkPolicyPrinter: RowPrinter = {
  columns: [nameColumn, column('Pod-Selector', 'string', fieldDocs.networkPolicyPodSelector), ageColumn],
  cells: (np, now) => [np.metadata.name, formatLabelSelector(at(np, 'spec.podSelector')), created(np, now)],
};
