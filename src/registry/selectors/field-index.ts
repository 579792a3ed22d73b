/**
 * Which field selectors each resource supports, and the values of those fields on an object
 * (upstream's per-kind GetAttrs / field label conversion functions).
 */
type Obj = Record<string, unknown>;
type Extractor = (o: Obj) => string;

function path(...keys: string[]): Extractor {
  return (o) => {
    let v: unknown = o;
    for (const k of keys) v = v && typeof v === 'object' ? (v as Obj)[k] : undefined;
    if (v === undefined || v === null) return '';
    return typeof v === 'string' ? v : String(v);
  };
}

const COMMON: Record<string, Extractor> = {
  'metadata.name': path('metadata', 'name'),
  'metadata.namespace': path('metadata', 'namespace'),
};

const BY_RESOURCE: Record<string, Record<string, Extractor>> = {
  '/pods': {
    'spec.nodeName': path('spec', 'nodeName'),
    'spec.restartPolicy': path('spec', 'restartPolicy'),
    'spec.schedulerName': path('spec', 'schedulerName'),
    'spec.serviceAccountName': path('spec', 'serviceAccountName'),
    'spec.hostNetwork': (o) => String(((o.spec as Obj | undefined)?.hostNetwork as boolean | undefined) ?? false),
    'status.phase': path('status', 'phase'),
    'status.podIP': path('status', 'podIP'),
    'status.nominatedNodeName': path('status', 'nominatedNodeName'),
  },
  '/events': {
    'involvedObject.kind': path('involvedObject', 'kind'),
    'involvedObject.namespace': path('involvedObject', 'namespace'),
    'involvedObject.name': path('involvedObject', 'name'),
    'involvedObject.uid': path('involvedObject', 'uid'),
    'involvedObject.apiVersion': path('involvedObject', 'apiVersion'),
    'involvedObject.resourceVersion': path('involvedObject', 'resourceVersion'),
    'involvedObject.fieldPath': path('involvedObject', 'fieldPath'),
    reason: path('reason'),
    reportingComponent: path('reportingComponent'),
    source: (o) => path('source', 'component')(o) || path('reportingComponent')(o),
    type: path('type'),
  },
  '/secrets': { type: path('type') },
  '/namespaces': { 'status.phase': path('status', 'phase') },
  '/nodes': { 'spec.unschedulable': (o) => String(((o.spec as Obj | undefined)?.unschedulable as boolean | undefined) ?? false) },
  '/replicationcontrollers': { 'status.replicas': path('status', 'replicas') },
  'apps/replicasets': { 'status.replicas': path('status', 'replicas') },
  'batch/jobs': { 'status.successful': path('status', 'succeeded') },
  'certificates.k8s.io/certificatesigningrequests': { 'spec.signerName': path('spec', 'signerName') },
  'events.k8s.io/events': {
    'regarding.kind': path('regarding', 'kind'),
    'regarding.namespace': path('regarding', 'namespace'),
    'regarding.name': path('regarding', 'name'),
    'regarding.uid': path('regarding', 'uid'),
    reason: path('reason'),
    type: path('type'),
    reportingController: path('reportingController'),
  },
};

export class FieldIndex {
  private readonly extra = new Map<string, Record<string, Extractor>>();

  /** Adds selectable fields for a resource (CRDs' `selectableFields`: JSON paths like `.spec.color`). */
  addSelectableFields(group: string, resource: string, jsonPaths: string[]): void {
    const fields: Record<string, Extractor> = {};
    for (const p of jsonPaths) {
      const keys = p.replace(/^\./, '').split('.');
      fields[keys.join('.')] = path(...keys);
    }
    this.extra.set(`${group}/${resource}`, fields);
  }

  private extractors(group: string, resource: string): Record<string, Extractor> {
    return { ...COMMON, ...(BY_RESOURCE[`${group}/${resource}`] ?? {}), ...(this.extra.get(`${group}/${resource}`) ?? {}) };
  }

  supports(group: string, resource: string, field: string): boolean {
    return field in this.extractors(group, resource);
  }

  /** The values of every supported field on `object`. */
  fieldsOf(group: string, resource: string, object: Obj): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, extract] of Object.entries(this.extractors(group, resource))) out[name] = extract(object);
    return out;
  }
}
