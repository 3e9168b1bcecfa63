import type { KubeObject } from '../../types.js';
import { column, nameColumn } from '../columns.js';
import { fieldDocs } from '../field-docs.js';
import { at, containerCells, formatLabelSelector, formatLabels, selectorString } from '../object-fields.js';
import {
  counted,
  namedPrinter,
  type PrintedColumn,
  readyOfDesired,
  templateContainers,
  wideSelector,
} from '../printed-columns.js';
import type { RowPrinter } from '../table-types.js';

const podTemplate = templateContainers('spec.template.spec');

/** `Desired`, `Current` and `Ready` replicas, as ReplicaSets and ReplicationControllers print them. */
const replicaCounts = (docs: { desired: string; current: string; ready: string }): PrintedColumn[] => [
  counted('Desired', docs.desired, 'spec.replicas', 1),
  counted('Current', docs.current, 'status.replicas'),
  counted('Ready', docs.ready, 'status.readyReplicas'),
];

export const deploymentPrinter: RowPrinter = namedPrinter(
  [
    readyOfDesired,
    counted('Up-to-date', fieldDocs.deploymentUpdatedReplicas, 'status.updatedReplicas'),
    counted('Available', fieldDocs.deploymentAvailableReplicas, 'status.availableReplicas'),
  ],
  [...podTemplate, wideSelector(fieldDocs.deploymentSelector, 'spec.selector', selectorString)],
);

export const replicaSetPrinter: RowPrinter = namedPrinter(
  replicaCounts({
    desired: fieldDocs.replicaSetDesired,
    current: fieldDocs.replicaSetCurrent,
    ready: fieldDocs.replicaSetReady,
  }),
  [...podTemplate, wideSelector(fieldDocs.replicaSetSelector, 'spec.selector', formatLabelSelector)],
);

export const replicationControllerPrinter: RowPrinter = namedPrinter(
  replicaCounts({ desired: fieldDocs.rcDesired, current: fieldDocs.rcCurrent, ready: fieldDocs.rcReady }),
  [...podTemplate, wideSelector(fieldDocs.rcSelector, 'spec.selector', formatLabels)],
);

export const statefulSetPrinter: RowPrinter = namedPrinter([readyOfDesired], podTemplate);

export const daemonSetPrinter: RowPrinter = namedPrinter(
  [
    counted('Desired', fieldDocs.daemonSetDesired, 'status.desiredNumberScheduled'),
    counted('Current', fieldDocs.daemonSetCurrent, 'status.currentNumberScheduled'),
    counted('Ready', fieldDocs.daemonSetReady, 'status.numberReady'),
    counted('Up-to-date', fieldDocs.daemonSetUpdated, 'status.updatedNumberScheduled'),
    counted('Available', fieldDocs.daemonSetAvailable, 'status.numberAvailable'),
    [
      column('Node Selector', 'string', fieldDocs.nodeSelector),
      (ds) => formatLabels(at(ds, 'spec.template.spec.nodeSelector')),
    ],
  ],
  [...podTemplate, wideSelector(fieldDocs.daemonSetSelector, 'spec.selector', formatLabelSelector)],
);

/** An IntOrString as `intstr.String()` prints it. */
const intOrString = (value: unknown) => (value === undefined || value === null ? 'N/A' : String(value));

export const podDisruptionBudgetPrinter: RowPrinter = namedPrinter([
  [
    column('Min Available', 'string', 'The minimum number of pods that must be available.'),
    (pdb) => intOrString(at(pdb, 'spec.minAvailable')),
  ],
  [
    column('Max Unavailable', 'string', 'The maximum number of pods that may be unavailable.'),
    (pdb) => intOrString(at(pdb, 'spec.maxUnavailable')),
  ],
  counted(
    'Allowed Disruptions',
    'Calculated number of pods that may be disrupted at this time.',
    'status.disruptionsAllowed',
  ),
]);

export const podTemplatePrinter: RowPrinter = {
  columns: [
    nameColumn,
    column('Containers', 'string', 'Names of each container in the template.'),
    column('Images', 'string', 'Images referenced by each container in the template.'),
    column('Pod Labels', 'string', 'The labels for the pod template.'),
  ],
  cells: (pt) => [
    pt.metadata.name,
    ...containerCells(at(pt, 'template.spec')),
    formatLabels(at(pt, 'template.metadata.labels')),
  ],
};

/** The controlling owner as `kind.group/name`, or `<none>`. */
function controllerOf(object: KubeObject): string {
  const owner = (object.metadata.ownerReferences ?? []).find((ref) => ref.controller);
  if (!owner) return '<none>';
  const group = owner.apiVersion.includes('/') ? owner.apiVersion.split('/')[0] : '';
  return `${`${owner.kind}${group ? `.${group}` : ''}`.toLowerCase()}/${owner.name}`;
}

export const controllerRevisionPrinter: RowPrinter = namedPrinter([
  [column('Controller', 'string', 'Controller of the object'), controllerOf],
  counted('Revision', 'Revision indicates the revision of the state represented by Data.', 'revision'),
]);
