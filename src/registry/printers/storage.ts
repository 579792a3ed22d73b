// Storage: printers.go printPersistentVolume, printPersistentVolumeClaim, printStorageClass, printCSIDriver,
// printCSINode, printVolumeAttachment, printVolumeAttributesClass.
import { ageColumn, column, nameColumn } from './columns.js';
import { accessModesAsString, translateTimestampSince } from './format.js';
import {
  arrayAt,
  boolAt,
  boolPtr,
  creationTimestampOf,
  isDeleting,
  nameOf,
  objectPtr,
  objectsAt,
  stringAt,
  stringMapAt,
  stringPtr,
  stringsAt,
  valueAt,
} from './json.js';
import { quantityOrZero } from './quantity.js';
import { swaggerDocs } from './swagger-docs.generated.js';
import type { JsonObject, TablePrinter } from './types.js';

const docs = swaggerDocs;
const BETA_STORAGE_CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';

function age(object: JsonObject, now: Date): string {
  return translateTimestampSince(creationTimestampOf(object), now);
}

/** The beta annotation wins over spec.storageClassName (GetPersistentVolume(Claim)Class). */
function storageClassOf(object: JsonObject): string {
  const annotations = stringMapAt(object, 'metadata', 'annotations');
  if (BETA_STORAGE_CLASS_ANNOTATION in annotations) return annotations[BETA_STORAGE_CLASS_ANNOTATION]!;
  return stringAt(object, 'spec', 'storageClassName');
}

export const persistentVolumePrinter: TablePrinter = {
  columns: [
    nameColumn(),
    column('Capacity', 'string', docs.PersistentVolumeSpec.capacity),
    column('Access Modes', 'string', docs.PersistentVolumeSpec.accessModes),
    column('Reclaim Policy', 'string', docs.PersistentVolumeSpec.persistentVolumeReclaimPolicy),
    column('Status', 'string', docs.PersistentVolumeStatus.phase),
    column('Claim', 'string', docs.PersistentVolumeSpec.claimRef),
    column('StorageClass', 'string', 'StorageClass of the pv'),
    column('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pv'),
    column('Reason', 'string', docs.PersistentVolumeStatus.reason),
    ageColumn(),
    column('VolumeMode', 'string', docs.PersistentVolumeSpec.volumeMode, 1),
  ],
  cells(pv, now) {
    const claimRef = objectPtr(pv, 'spec', 'claimRef');
    // SetDefaults_PersistentVolume: phase Pending, reclaim policy Retain, volume mode Filesystem.
    const phase = isDeleting(pv) ? 'Terminating' : stringAt(pv, 'status', 'phase') || 'Pending';
    return [
      nameOf(pv),
      quantityOrZero(valueAt(pv, 'spec', 'capacity', 'storage')),
      accessModesAsString(stringsAt(pv, 'spec', 'accessModes')),
      stringAt(pv, 'spec', 'persistentVolumeReclaimPolicy') || 'Retain',
      phase,
      claimRef ? `${stringAt(claimRef, 'namespace')}/${stringAt(claimRef, 'name')}` : '',
      storageClassOf(pv),
      stringPtr(pv, 'spec', 'volumeAttributesClassName') ?? '<unset>',
      stringAt(pv, 'status', 'reason'),
      age(pv, now),
      stringPtr(pv, 'spec', 'volumeMode') ?? 'Filesystem',
    ];
  },
};

export const persistentVolumeClaimPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    column('Status', 'string', docs.PersistentVolumeClaimStatus.phase),
    column('Volume', 'string', docs.PersistentVolumeClaimSpec.volumeName),
    column('Capacity', 'string', docs.PersistentVolumeClaimStatus.capacity),
    column('Access Modes', 'string', docs.PersistentVolumeClaimStatus.accessModes),
    column('StorageClass', 'string', 'StorageClass of the pvc'),
    column('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pvc'),
    ageColumn(),
    column('VolumeMode', 'string', docs.PersistentVolumeClaimSpec.volumeMode, 1),
  ],
  cells(pvc, now) {
    const volumeName = stringAt(pvc, 'spec', 'volumeName');
    // Capacity and access modes are shown only once the claim is bound to a volume.
    const bound = volumeName !== '';
    const annotations = stringMapAt(pvc, 'metadata', 'annotations');
    const storageClass =
      BETA_STORAGE_CLASS_ANNOTATION in annotations
        ? annotations[BETA_STORAGE_CLASS_ANNOTATION]!
        : (stringPtr(pvc, 'spec', 'storageClassName') ?? '');
    return [
      nameOf(pvc),
      isDeleting(pvc) ? 'Terminating' : stringAt(pvc, 'status', 'phase') || 'Pending',
      volumeName,
      bound ? quantityOrZero(valueAt(pvc, 'status', 'capacity', 'storage')) : '',
      bound ? accessModesAsString(stringsAt(pvc, 'status', 'accessModes')) : '',
      storageClass,
      stringPtr(pvc, 'spec', 'volumeAttributesClassName') ?? '<unset>',
      age(pvc, now),
      // SetDefaults_PersistentVolumeClaimSpec: volume mode Filesystem.
      stringPtr(pvc, 'spec', 'volumeMode') ?? 'Filesystem',
    ];
  },
};

function isDefaultClass(object: JsonObject, annotation: string, betaAnnotation?: string): boolean {
  const annotations = stringMapAt(object, 'metadata', 'annotations');
  return annotations[annotation] === 'true' || (betaAnnotation !== undefined && annotations[betaAnnotation] === 'true');
}

export const storageClassPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    column('Provisioner', 'string', docs.StorageClass.provisioner),
    column('ReclaimPolicy', 'string', docs.StorageClass.reclaimPolicy),
    column('VolumeBindingMode', 'string', docs.StorageClass.volumeBindingMode),
    column('AllowVolumeExpansion', 'string', docs.StorageClass.allowVolumeExpansion),
    ageColumn(),
  ],
  cells(storageClass, now) {
    const isDefault = isDefaultClass(
      storageClass,
      'storageclass.kubernetes.io/is-default-class',
      'storageclass.beta.kubernetes.io/is-default-class',
    );
    return [
      isDefault ? `${nameOf(storageClass)} (default)` : nameOf(storageClass),
      stringAt(storageClass, 'provisioner'),
      stringPtr(storageClass, 'reclaimPolicy') ?? 'Delete',
      stringPtr(storageClass, 'volumeBindingMode') ?? 'Immediate',
      boolAt(storageClass, 'allowVolumeExpansion'),
      age(storageClass, now),
    ];
  },
};

export const volumeAttributesClassPrinter: TablePrinter = {
  columns: [nameColumn(), column('DriverName', 'string', docs.VolumeAttributesClass.driverName), ageColumn()],
  cells(vac, now) {
    const isDefault = isDefaultClass(vac, 'volumeattributesclass.alpha.kubernetes.io/is-default-class');
    return [isDefault ? `${nameOf(vac)} (default)` : nameOf(vac), stringAt(vac, 'driverName'), age(vac, now)];
  },
};

export const csiDriverPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    column('AttachRequired', 'boolean', docs.CSIDriverSpec.attachRequired),
    column('PodInfoOnMount', 'boolean', docs.CSIDriverSpec.podInfoOnMount),
    column('StorageCapacity', 'boolean', docs.CSIDriverSpec.storageCapacity),
    column('TokenRequests', 'string', docs.CSIDriverSpec.tokenRequests),
    column('RequiresRepublish', 'boolean', docs.CSIDriverSpec.requiresRepublish),
    column('Modes', 'string', docs.CSIDriverSpec.volumeLifecycleModes),
    ageColumn(),
  ],
  cells(driver, now) {
    const tokenRequests = valueAt(driver, 'spec', 'tokenRequests');
    // SetDefaults_CSIDriver: attachRequired true, the other flags false, modes [Persistent].
    const modes = stringsAt(driver, 'spec', 'volumeLifecycleModes');
    return [
      nameOf(driver),
      boolPtr(driver, 'spec', 'attachRequired') ?? true,
      boolPtr(driver, 'spec', 'podInfoOnMount') ?? false,
      boolPtr(driver, 'spec', 'storageCapacity') ?? false,
      Array.isArray(tokenRequests) ? objectsAt(driver, 'spec', 'tokenRequests').map((t) => stringAt(t, 'audience')).join(',') : '<unset>',
      boolPtr(driver, 'spec', 'requiresRepublish') ?? false,
      (modes.length === 0 ? ['Persistent'] : modes).join(','),
      age(driver, now),
    ];
  },
};

export const csiNodePrinter: TablePrinter = {
  columns: [nameColumn(), column('Drivers', 'integer', 'Drivers indicates the number of CSI drivers registered on the node'), ageColumn()],
  cells(csiNode, now) {
    return [nameOf(csiNode), arrayAt(csiNode, 'spec', 'drivers').length, age(csiNode, now)];
  },
};

export const volumeAttachmentPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    column('Attacher', 'string', docs.VolumeAttachmentSpec.attacher, 0, 'name'),
    column('PV', 'string', docs.VolumeAttachmentSource.persistentVolumeName),
    column('Node', 'string', docs.VolumeAttachmentSpec.nodeName),
    column('Attached', 'boolean', docs.VolumeAttachmentStatus.attached),
    ageColumn(),
  ],
  cells(attachment, now) {
    return [
      nameOf(attachment),
      stringAt(attachment, 'spec', 'attacher'),
      stringAt(attachment, 'spec', 'source', 'persistentVolumeName'),
      stringAt(attachment, 'spec', 'nodeName'),
      boolAt(attachment, 'status', 'attached'),
      age(attachment, now),
    ];
  },
};
