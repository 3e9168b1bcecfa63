import type { KubeObject } from '../../types.js';
import { ageColumn, column, nameColumn, wide } from '../columns.js';
import { age } from '../duration.js';
import { fieldDocs } from '../field-docs.js';
import { at, strings, text } from '../object-fields.js';
import { namedPrinter } from '../printed-columns.js';
import type { RowPrinter } from '../table-types.js';

const created = (object: KubeObject, now: Date) => age(object.metadata.creationTimestamp, now);

const accessModeNames: [string, string][] = [
  ['ReadWriteOnce', 'RWO'],
  ['ReadOnlyMany', 'ROX'],
  ['ReadWriteMany', 'RWX'],
  ['ReadWriteOncePod', 'RWOP'],
];

/** `helper.GetAccessModesAsString`: `RWO,RWX`, always in that order. */
const accessModes = (modes: unknown) =>
  accessModeNames
    .filter(([mode]) => strings(modes).includes(mode))
    .map(([, short]) => short)
    .join(',');

const storageClassOf = (object: KubeObject, path: string) =>
  object.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? text(at(object, path));

const phaseOf = (object: KubeObject) =>
  object.metadata.deletionTimestamp ? 'Terminating' : text(at(object, 'status.phase'));

/** A claim's field that is only printed once the claim is bound to a volume. */
const whenBound = (cell: (pvc: KubeObject) => string) => (pvc: KubeObject) =>
  text(at(pvc, 'spec.volumeName')) ? cell(pvc) : '';

export const persistentVolumeClaimPrinter: RowPrinter = namedPrinter(
  [
    [column('Status', 'string', fieldDocs.pvcPhase), phaseOf],
    [column('Volume', 'string', fieldDocs.pvcVolumeName), (pvc) => text(at(pvc, 'spec.volumeName'))],
    [column('Capacity', 'string', fieldDocs.pvcCapacity), whenBound((pvc) => text(at(pvc, 'status.capacity.storage')))],
    [
      column('Access Modes', 'string', fieldDocs.pvcAccessModes),
      whenBound((pvc) => accessModes(at(pvc, 'status.accessModes'))),
    ],
    [
      column('StorageClass', 'string', 'StorageClass of the pvc'),
      (pvc) => storageClassOf(pvc, 'spec.storageClassName'),
    ],
    [
      column('VolumeAttributesClass', 'string', fieldDocs.pvcVolumeAttributesClass),
      (pvc) => text(at(pvc, 'spec.volumeAttributesClassName')) || '<unset>',
    ],
  ],
  [[wide('VolumeMode', 'string', fieldDocs.pvcVolumeMode), (pvc) => text(at(pvc, 'spec.volumeMode'), '<unset>')]],
);

/** The bound claim as `namespace/name`, empty when unbound. */
function claimOf(pv: KubeObject): string {
  const claim = at(pv, 'spec.claimRef');
  return claim ? `${text(at(claim, 'namespace'))}/${text(at(claim, 'name'))}` : '';
}

export const persistentVolumePrinter: RowPrinter = namedPrinter(
  [
    [column('Capacity', 'string', fieldDocs.pvCapacity), (pv) => text(at(pv, 'spec.capacity.storage'), '0')],
    [column('Access Modes', 'string', fieldDocs.pvAccessModes), (pv) => accessModes(at(pv, 'spec.accessModes'))],
    [
      column('Reclaim Policy', 'string', fieldDocs.pvReclaimPolicy),
      (pv) => text(at(pv, 'spec.persistentVolumeReclaimPolicy')),
    ],
    [column('Status', 'string', fieldDocs.pvPhase), phaseOf],
    [column('Claim', 'string', fieldDocs.pvClaimRef), claimOf],
    [column('StorageClass', 'string', 'StorageClass of the pv'), (pv) => storageClassOf(pv, 'spec.storageClassName')],
    [
      column('VolumeAttributesClass', 'string', fieldDocs.pvVolumeAttributesClass),
      (pv) => text(at(pv, 'spec.volumeAttributesClassName'), '<unset>'),
    ],
    [column('Reason', 'string', fieldDocs.pvReason), (pv) => text(at(pv, 'status.reason'))],
  ],
  [[wide('VolumeMode', 'string', fieldDocs.pvVolumeMode), (pv) => text(at(pv, 'spec.volumeMode'), '<unset>')]],
);

const isDefaultClass = (sc: KubeObject) =>
  sc.metadata.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true' ||
  sc.metadata.annotations?.['storageclass.beta.kubernetes.io/is-default-class'] === 'true';

export const storageClassPrinter: RowPrinter = {
  columns: [
    nameColumn,
    column('Provisioner', 'string', fieldDocs.storageClassProvisioner),
    column('ReclaimPolicy', 'string', fieldDocs.storageClassReclaimPolicy),
    column('VolumeBindingMode', 'string', fieldDocs.storageClassBindingMode),
    column('AllowVolumeExpansion', 'string', fieldDocs.storageClassExpansion),
    ageColumn,
  ],
  cells: (sc, now) => [
    `${sc.metadata.name}${isDefaultClass(sc) ? ' (default)' : ''}`,
    text(sc.provisioner),
    text(sc.reclaimPolicy, 'Delete'),
    text(sc.volumeBindingMode, 'Immediate'),
    sc.allowVolumeExpansion === true,
    created(sc, now),
  ],
};
