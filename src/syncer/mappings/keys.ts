/** Label and annotation keys vkube puts on host objects (back-pointers and ownership). */
export const MANAGED_BY_LABEL = 'vkube.io/managed-by';
export const NAMESPACE_LABEL = 'vkube.io/namespace';

export const OBJECT_NAME_ANNOTATION = 'vkube.io/object-name';
export const OBJECT_NAMESPACE_ANNOTATION = 'vkube.io/object-namespace';
export const OBJECT_UID_ANNOTATION = 'vkube.io/object-uid';
export const OBJECT_KIND_ANNOTATION = 'vkube.io/object-kind';

/** Keys vkube owns on the host copy, so labels/annotations added on the host survive updates. */
export const MANAGED_LABELS_ANNOTATION = 'vkube.io/managed-labels';
export const MANAGED_ANNOTATIONS_ANNOTATION = 'vkube.io/managed-annotations';

/** Pod-only annotations that downward-API references are redirected to. */
export const SERVICE_ACCOUNT_NAME_ANNOTATION = 'vkube.io/service-account-name';
export const LABELS_ANNOTATION = 'vkube.io/labels';

/** Marks virtual Nodes mirrored from the host. */
export const SYNCED_FROM_HOST_ANNOTATION = 'vkube.io/synced-from-host';
