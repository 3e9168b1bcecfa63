import type { KubeObject } from '../../types.js';
import { column } from '../columns.js';
import { fieldDocs } from '../field-docs.js';
import { at, type Fields, formatLabelSelector, formatLabels, list, strings, text } from '../object-fields.js';
import { namedPrinter, wideSelector } from '../printed-columns.js';
import type { RowPrinter } from '../table-types.js';

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

export const servicePrinter: RowPrinter = namedPrinter(
  [
    [column('Type', 'string', fieldDocs.serviceType), (svc) => text(at(svc, 'spec.type'), 'ClusterIP')],
    [
      column('Cluster-IP', 'string', fieldDocs.serviceClusterIP),
      (svc) => strings(at(svc, 'spec.clusterIPs'))[0] ?? (text(at(svc, 'spec.clusterIP')) || '<none>'),
    ],
    [column('External-IP', 'string', fieldDocs.serviceExternalIPs), serviceExternalIp],
    [column('Port(s)', 'string', fieldDocs.servicePorts), (svc) => servicePorts(list(at(svc, 'spec.ports')))],
  ],
  [wideSelector(fieldDocs.serviceSelector, 'spec.selector', formatLabels)],
);

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

export const endpointsPrinter: RowPrinter = namedPrinter([
  [column('Endpoints', 'string', fieldDocs.endpointsSubsets), endpointAddresses],
]);

const slicePorts = (slice: KubeObject) =>
  list(slice.ports).map((p) => (typeof p.port === 'number' ? String(p.port) : text(p.name, '*')));
const sliceAddresses = (slice: KubeObject) => list(slice.endpoints).flatMap((e) => strings(e.addresses));

export const endpointSlicePrinter: RowPrinter = namedPrinter([
  [column('AddressType', 'string', fieldDocs.sliceAddressType), (slice) => text(slice.addressType)],
  [
    column('Ports', 'string', fieldDocs.slicePorts),
    (slice) => {
      const ports = slicePorts(slice);
      return summarize(ports, ports.length, '<unset>');
    },
  ],
  [
    column('Endpoints', 'string', fieldDocs.sliceEndpoints),
    (slice) => {
      const addresses = sliceAddresses(slice);
      return summarize(addresses, addresses.length, '<unset>');
    },
  ],
]);

function ingressHosts(ingress: KubeObject): string {
  const rules = list(at(ingress, 'spec.rules'));
  const hosts = rules
    .slice(0, 3)
    .map((r) => text(r.host))
    .filter(Boolean);
  if (rules.length > 3) return `${hosts.join(',')} + ${rules.length - 3} more...`;
  return hosts.length ? hosts.join(',') : '*';
}

export const ingressPrinter: RowPrinter = namedPrinter([
  [
    column('Class', 'string', 'The name of the IngressClass resource that should be used for ingress'),
    (ing) => text(at(ing, 'spec.ingressClassName'), '<none>'),
  ],
  [column('Hosts', 'string', 'Hosts that incoming requests are matched against before the ingress rule'), ingressHosts],
  [
    column('Address', 'string', 'Address is a list containing ingress points for the load-balancer'),
    (ing) => loadBalancerAddresses(at(ing, 'status.loadBalancer')).join(','),
  ],
  [
    column('Ports', 'string', 'Ports of TLS configurations that open'),
    (ing) => (list(at(ing, 'spec.tls')).length ? '80, 443' : '80'),
  ],
]);

/** The IngressClass parameters reference as `kind.group/name`, or `<none>`. */
function ingressClassParameters(ingressClass: KubeObject): string {
  const parameters = at(ingressClass, 'spec.parameters');
  if (!parameters) return '<none>';
  const group = text(at(parameters, 'apiGroup'));
  return `${text(at(parameters, 'kind'))}${group ? `.${group}` : ''}/${text(at(parameters, 'name'))}`;
}

export const ingressClassPrinter: RowPrinter = namedPrinter([
  [column('Controller', 'string', fieldDocs.ingressClassController), (ic) => text(at(ic, 'spec.controller'))],
  [column('Parameters', 'string', fieldDocs.ingressClassParameters), ingressClassParameters],
]);

export const networkPolicyPrinter: RowPrinter = namedPrinter([
  [
    column('Pod-Selector', 'string', fieldDocs.networkPolicyPodSelector),
    (np) => formatLabelSelector(at(np, 'spec.podSelector')),
  ],
]);
