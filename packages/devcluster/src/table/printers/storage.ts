import type { KubeObject } from '../../types.js';
import { ageColumn, column, nameColumn, wide } from '../columns.js';
import { age } from '../duration.js';
import { fieldDocs } from '../field-docs.js';
import { at, strings, text } from '../object-fields.js';
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

export const persistentVolumeClaimPrinter: RowPrinter = {
  columns: [
    nameColumn,
    column('Status', 'string', fieldDocs.pvcPhase),
    column('Volume', 'string', fieldDocs.pvcVolumeName),
    column('Capacity', 'string', fieldDocs.pvcCapacity),
    column('Access Modes', 'string', fieldDocs.pvcAccessModes),
    column('StorageClass', 'string', 'StorageClass of the pvc'),
    column('VolumeAttributesClass', 'string', fieldDocs.pvcVolumeAttributesClass),
    ageColumn,
    wide('VolumeMode', 'string', fieldDocs.pvcVolumeMode),
  ],
  cells: (pvc, now) => {
    const bound = text(at(pvc, 'spec.volumeName'));
    return [
      pvc.metadata.name,
      phaseOf(pvc),
      bound,
      bound ? text(at(pvc, 'status.capacity.storage')) : '',
      bound ? accessModes(at(pvc, 'status.accessModes')) : '',
      storageClassOf(pvc, 'spec.storageClassName'),
      text(at(pvc, 'spec.volumeAttributesClassName')) || '<unset>',
      created(pvc, now),
      text(at(pvc, 'spec.volumeMode'), '<unset>'),
    ];
  },
};

export const persistentVolumePrinter: RowPrinter = {
  columns: [
    nameColumn,
    column('Capacity', 'string', fieldDocs.pvCapacity),
    column('Access Modes', 'string', fieldDocs.pvAccessModes),
    column('Reclaim Policy', 'string', fieldDocs.pvReclaimPolicy),
    column('Status', 'string', fieldDocs.pvPhase),
    column('Claim', 'string', fieldDocs.pvClaimRef),
    column('StorageClass', 'string', 'StorageClass of the pv'),
    column('VolumeAttributesClass', 'string', fieldDocs.pvVolumeAttributesClass),
    column('Reason', 'string', fieldDocs.pvReason),
    ageColumn,
    wide('VolumeMode', 'string', fieldDocs.pvVolumeMode),
  ],
  cells: (pv, now) => {
    const claim = at(pv, 'spec.claimRef');
    return [
      pv.metadata.name,
      text(at(pv, 'spec.capacity.storage'), '0'),
      accessModes(at(pv, 'spec.accessModes')),
      text(at(pv, 'spec.persistentVolumeReclaimPolicy')),
      phaseOf(pv),
      claim ? `${text(at(claim, 'namespace'))}/${text(at(claim, 'name'))}` : '',
      storageClassOf(pv, 'spec.storageClassName'),
      text(at(pv, 'spec.volumeAttributesClassName'), '<unset>'),
      text(at(pv, 'status.reason')),
      created(pv, now),
      text(at(pv, 'spec.volumeMode'), '<unset>'),
    ];
  },
};

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
