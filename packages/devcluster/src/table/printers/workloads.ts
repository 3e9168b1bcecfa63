import type { KubeObject } from '../../types.js';
import { ageColumn, column, containersColumn, imagesColumn, nameColumn, wide } from '../columns.js';
import { age } from '../duration.js';
import { fieldDocs } from '../field-docs.js';
import { at, containerCells, count, formatLabelSelector, formatLabels, selectorString } from '../object-fields.js';
import type { RowPrinter } from '../table-types.js';

const podSpec = (object: KubeObject) => at(object, 'spec.template.spec');
const created = (object: KubeObject, now: Date) => age(object.metadata.creationTimestamp, now);

export const deploymentPrinter: RowPrinter = {
  columns: [
    nameColumn,
    column('Ready', 'string', 'Number of the pod with ready state'),
    column('Up-to-date', 'integer', fieldDocs.deploymentUpdatedReplicas),
    column('Available', 'integer', fieldDocs.deploymentAvailableReplicas),
    ageColumn,
    containersColumn,
    imagesColumn,
    wide('Selector', 'string', fieldDocs.deploymentSelector),
  ],
  cells: (d, now) => [
    d.metadata.name,
    `${count(at(d, 'status.readyReplicas'))}/${count(at(d, 'spec.replicas'), 1)}`,
    count(at(d, 'status.updatedReplicas')),
    count(at(d, 'status.availableReplicas')),
    created(d, now),
    ...containerCells(podSpec(d)),
    selectorString(at(d, 'spec.selector')),
  ],
};

export const replicaSetPrinter: RowPrinter = {
  columns: [
    nameColumn,
    column('Desired', 'integer', fieldDocs.replicaSetDesired),
    column('Current', 'integer', fieldDocs.replicaSetCurrent),
    column('Ready', 'integer', fieldDocs.replicaSetReady),
    ageColumn,
    containersColumn,
    imagesColumn,
    wide('Selector', 'string', fieldDocs.replicaSetSelector),
  ],
  cells: (rs, now) => [
    rs.metadata.name,
    count(at(rs, 'spec.replicas'), 1),
    count(at(rs, 'status.replicas')),
    count(at(rs, 'status.readyReplicas')),
    created(rs, now),
    ...containerCells(podSpec(rs)),
    formatLabelSelector(at(rs, 'spec.selector')),
  ],
};

export const replicationControllerPrinter: RowPrinter = {
  columns: [
    nameColumn,
    column('Desired', 'integer', fieldDocs.rcDesired),
    column('Current', 'integer', fieldDocs.rcCurrent),
    column('Ready', 'integer', fieldDocs.rcReady),
    ageColumn,
    containersColumn,
    imagesColumn,
    wide('Selector', 'string', fieldDocs.rcSelector),
  ],
  cells: (rc, now) => [
    rc.metadata.name,
    count(at(rc, 'spec.replicas'), 1),
    count(at(rc, 'status.replicas')),
    count(at(rc, 'status.readyReplicas')),
    created(rc, now),
    ...containerCells(podSpec(rc)),
    formatLabels(at(rc, 'spec.selector')),
  ],
};

export const statefulSetPrinter: RowPrinter = {
  columns: [
    nameColumn,
    column('Ready', 'string', 'Number of the pod with ready state'),
    ageColumn,
    containersColumn,
    imagesColumn,
  ],
  cells: (sts, now) => [
    sts.metadata.name,
    `${count(at(sts, 'status.readyReplicas'))}/${count(at(sts, 'spec.replicas'), 1)}`,
    created(sts, now),
    ...containerCells(podSpec(sts)),
  ],
};

export const daemonSetPrinter: RowPrinter = {
  columns: [
    nameColumn,
    column('Desired', 'integer', fieldDocs.daemonSetDesired),
    column('Current', 'integer', fieldDocs.daemonSetCurrent),
    column('Ready', 'integer', fieldDocs.daemonSetReady),
    column('Up-to-date', 'integer', fieldDocs.daemonSetUpdated),
    column('Available', 'integer', fieldDocs.daemonSetAvailable),
    column('Node Selector', 'string', fieldDocs.nodeSelector),
    ageColumn,
    containersColumn,
    imagesColumn,
    wide('Selector', 'string', fieldDocs.daemonSetSelector),
  ],
  cells: (ds, now) => [
    ds.metadata.name,
    count(at(ds, 'status.desiredNumberScheduled')),
    count(at(ds, 'status.currentNumberScheduled')),
    count(at(ds, 'status.numberReady')),
    count(at(ds, 'status.updatedNumberScheduled')),
    count(at(ds, 'status.numberAvailable')),
    formatLabels(at(ds, 'spec.template.spec.nodeSelector')),
    created(ds, now),
    ...containerCells(podSpec(ds)),
    formatLabelSelector(at(ds, 'spec.selector')),
  ],
};

/** An IntOrString as `intstr.String()` prints it. */
const intOrString = (value: unknown) => (value === undefined || value === null ? 'N/A' : String(value));

export const podDisruptionBudgetPrinter: RowPrinter = {
  columns: [
    nameColumn,
    column('Min Available', 'string', 'The minimum number of pods that must be available.'),
    column('Max Unavailable', 'string', 'The maximum number of pods that may be unavailable.'),
    column('Allowed Disruptions', 'integer', 'Calculated number of pods that may be disrupted at this time.'),
    ageColumn,
  ],
  cells: (pdb, now) => [
    pdb.metadata.name,
    intOrString(at(pdb, 'spec.minAvailable')),
    intOrString(at(pdb, 'spec.maxUnavailable')),
    count(at(pdb, 'status.disruptionsAllowed')),
    created(pdb, now),
  ],
};

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

export const controllerRevisionPrinter: RowPrinter = {
  columns: [
    nameColumn,
    column('Controller', 'string', 'Controller of the object'),
    column('Revision', 'integer', 'Revision indicates the revision of the state represented by Data.'),
    ageColumn,
  ],
  cells: (cr, now) => {
    const owner = (cr.metadata.ownerReferences ?? []).find((ref) => ref.controller);
    const group = owner?.apiVersion.includes('/') ? owner.apiVersion.split('/')[0] : '';
    const controller = owner ? `${`${owner.kind}${group ? `.${group}` : ''}`.toLowerCase()}/${owner.name}` : '<none>';
    return [cr.metadata.name, controller, count(cr.revision), created(cr, now)];
  },
};
