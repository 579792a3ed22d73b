// Cluster-level kinds: printers.go printNamespace, printNode, printEvent, printLease, printPriorityClass,
// printRuntimeClass, printCertificateSigningRequest, printFlowSchema, printPriorityLevelConfiguration.
import { ageColumn, column, nameColumn } from './columns.js';
import { goStringCompare, humanDuration, translateTimestampSince } from './format.js';
import {
  boolAt,
  creationTimestampOf,
  nameOf,
  numberAt,
  numberPtr,
  objectAt,
  objectPtr,
  objectsAt,
  stringAt,
  stringMapAt,
  valueAt,
} from './json.js';
import { swaggerDocs } from './swagger-docs.generated.js';
import type { JsonObject, TablePrinter } from './types.js';

const docs = swaggerDocs;

function age(object: JsonObject, now: Date): string {
  return translateTimestampSince(creationTimestampOf(object), now);
}

export const namespacePrinter: TablePrinter = {
  columns: [nameColumn(), column('Status', 'string', 'The status of the namespace'), ageColumn()],
  cells(namespace, now) {
    // SetDefaults_NamespaceStatus fills phase Active.
    return [nameOf(namespace), stringAt(namespace, 'status', 'phase') || 'Active', age(namespace, now)];
  },
};

/** printers.go `findNodeRoles`: node-role.kubernetes.io/<role> keys and kubernetes.io/role values, sorted. */
function nodeRoles(node: JsonObject): string[] {
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(stringMapAt(node, 'metadata', 'labels'))) {
    if (key.startsWith('node-role.kubernetes.io/')) {
      const role = key.slice('node-role.kubernetes.io/'.length);
      if (role !== '') roles.add(role);
    } else if (key === 'kubernetes.io/role' && value !== '') {
      roles.add(value);
    }
  }
  return [...roles].sort(goStringCompare);
}

function nodeAddress(node: JsonObject, type: string): string {
  const address = objectsAt(node, 'status', 'addresses').find((a) => stringAt(a, 'type') === type);
  return address ? stringAt(address, 'address') : '<none>';
}

function nodeStatus(node: JsonObject): string {
  // Only the Ready condition is shown; the last one of that type wins, as in upstream's map.
  let ready: JsonObject | undefined;
  for (const condition of objectsAt(node, 'status', 'conditions')) {
    if (stringAt(condition, 'type') === 'Ready') ready = condition;
  }
  const status: string[] = [];
  if (ready) status.push(stringAt(ready, 'status') === 'True' ? 'Ready' : 'NotReady');
  else status.push('Unknown');
  if (boolAt(node, 'spec', 'unschedulable')) status.push('SchedulingDisabled');
  return status.join(',');
}

export const nodePrinter: TablePrinter = {
  columns: [
    nameColumn(),
    column('Status', 'string', 'The status of the node'),
    column('Roles', 'string', 'The roles of the node'),
    ageColumn(),
    column('Version', 'string', docs.NodeSystemInfo.kubeletVersion),
    column('Internal-IP', 'string', docs.NodeStatus.addresses, 1),
    column('External-IP', 'string', docs.NodeStatus.addresses, 1),
    column('OS-Image', 'string', docs.NodeSystemInfo.osImage, 1),
    column('Kernel-Version', 'string', docs.NodeSystemInfo.kernelVersion, 1),
    column('Container-Runtime', 'string', docs.NodeSystemInfo.containerRuntimeVersion, 1),
  ],
  cells(node, now) {
    const info = objectAt(node, 'status', 'nodeInfo');
    const roles = nodeRoles(node).join(',');
    return [
      nameOf(node),
      nodeStatus(node),
      roles === '' ? '<none>' : roles,
      age(node, now),
      stringAt(info, 'kubeletVersion'),
      nodeAddress(node, 'InternalIP'),
      nodeAddress(node, 'ExternalIP'),
      stringAt(info, 'osImage') || '<unknown>',
      stringAt(info, 'kernelVersion') || '<unknown>',
      stringAt(info, 'containerRuntimeVersion') || '<unknown>',
    ];
  },
};

/**
 * events.k8s.io/v1 Events are served from the core Event storage; this is the field mapping of
 * `Convert_v1_Event_To_core_Event` (pkg/apis/events/v1), so both groups print the same way.
 */
export function eventsV1ToCore(event: JsonObject): JsonObject {
  return {
    ...event,
    involvedObject: valueAt(event, 'regarding'),
    source: valueAt(event, 'deprecatedSource'),
    message: valueAt(event, 'note'),
    firstTimestamp: valueAt(event, 'deprecatedFirstTimestamp'),
    lastTimestamp: valueAt(event, 'deprecatedLastTimestamp'),
    count: valueAt(event, 'deprecatedCount'),
    // The core JSON name of ReportingController is reportingComponent.
    reportingComponent: valueAt(event, 'reportingController'),
  };
}

function eventSource(event: JsonObject): string {
  const component = stringAt(event, 'source', 'component') || stringAt(event, 'reportingComponent');
  const host = stringAt(event, 'source', 'host') || stringAt(event, 'reportingInstance');
  return host === '' ? component : `${component}, ${host}`;
}

function printCoreEvent(event: JsonObject, now: Date): unknown[] {
  const firstTimestamp = hasTime(event, 'firstTimestamp')
    ? translateTimestampSince(valueAt(event, 'firstTimestamp'), now)
    : translateTimestampSince(valueAt(event, 'eventTime'), now);
  let lastTimestamp = hasTime(event, 'lastTimestamp') ? translateTimestampSince(valueAt(event, 'lastTimestamp'), now) : firstTimestamp;
  let count = numberAt(event, 'count');
  const series = objectPtr(event, 'series');
  if (series) {
    lastTimestamp = translateTimestampSince(valueAt(series, 'lastObservedTime'), now);
    count = numberAt(series, 'count');
  } else if (count === 0) {
    // Singleton events don't have a count set in the new API.
    count = 1;
  }
  const kind = stringAt(event, 'involvedObject', 'kind').toLowerCase();
  const involvedName = stringAt(event, 'involvedObject', 'name');
  return [
    lastTimestamp,
    stringAt(event, 'type'),
    stringAt(event, 'reason'),
    involvedName === '' ? kind : `${kind}/${involvedName}`,
    stringAt(event, 'involvedObject', 'fieldPath'),
    eventSource(event),
    stringAt(event, 'message').trim(),
    firstTimestamp,
    count,
    nameOf(event),
  ];
}

function hasTime(object: JsonObject, field: string): boolean {
  const value = valueAt(object, field);
  return typeof value === 'string' && value !== '';
}

const eventColumns = [
  column('Last Seen', 'string', docs.Event.lastTimestamp),
  column('Type', 'string', docs.Event.type),
  column('Reason', 'string', docs.Event.reason),
  column('Object', 'string', docs.Event.involvedObject),
  column('Subobject', 'string', docs.ObjectReference.fieldPath, 1),
  column('Source', 'string', docs.Event.source, 1),
  column('Message', 'string', docs.Event.message),
  column('First Seen', 'string', docs.Event.firstTimestamp, 1),
  column('Count', 'string', docs.Event.count, 1),
  column('Name', 'string', docs.ObjectMeta.name, 1, 'name'),
];

export const eventPrinter: TablePrinter = {
  columns: eventColumns,
  cells: printCoreEvent,
};

/** Accepts either shape, so a caller may print the stored core Event for an events.k8s.io request. */
function isCoreEvent(event: JsonObject): boolean {
  const apiVersion = stringAt(event, 'apiVersion');
  if (apiVersion !== '') return apiVersion === 'v1';
  return objectPtr(event, 'regarding') === undefined && objectPtr(event, 'involvedObject') !== undefined;
}

export const eventsV1Printer: TablePrinter = {
  columns: eventColumns,
  cells: (event, now) => printCoreEvent(isCoreEvent(event) ? event : eventsV1ToCore(event), now),
};

export const leasePrinter: TablePrinter = {
  columns: [nameColumn(), column('Holder', 'string', docs.LeaseSpec.holderIdentity), ageColumn()],
  cells(lease, now) {
    return [nameOf(lease), stringAt(lease, 'spec', 'holderIdentity'), age(lease, now)];
  },
};

export const priorityClassPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    column('Value', 'integer', docs.PriorityClass.value),
    column('Global-Default', 'boolean', docs.PriorityClass.globalDefault),
    ageColumn(),
    column('PreemptionPolicy', 'string', docs.PriorityClass.preemptionPolicy),
  ],
  cells(priorityClass, now) {
    return [
      nameOf(priorityClass),
      numberAt(priorityClass, 'value'),
      boolAt(priorityClass, 'globalDefault'),
      age(priorityClass, now),
      stringAt(priorityClass, 'preemptionPolicy'),
    ];
  },
};

export const runtimeClassPrinter: TablePrinter = {
  // Upstream takes the Handler description from ObjectMeta, which has none: it is "".
  columns: [nameColumn(), column('Handler', 'string', ''), ageColumn()],
  cells(runtimeClass, now) {
    return [nameOf(runtimeClass), stringAt(runtimeClass, 'handler'), age(runtimeClass, now)];
  },
};

/** printers.go `extractCSRStatus`. */
function csrCondition(csr: JsonObject): string {
  const types = new Set(objectsAt(csr, 'status', 'conditions').map((c) => stringAt(c, 'type')));
  let status = types.has('Denied') ? 'Denied' : types.has('Approved') ? 'Approved' : 'Pending';
  if (types.has('Failed')) status += ',Failed';
  if (stringAt(csr, 'status', 'certificate') !== '') status += ',Issued';
  return status;
}

export const certificateSigningRequestPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    ageColumn(),
    column('SignerName', 'string', docs.CertificateSigningRequestSpec.signerName),
    column('Requestor', 'string', docs.CertificateSigningRequestSpec.request),
    column('RequestedDuration', 'string', docs.CertificateSigningRequestSpec.expirationSeconds),
    column('Condition', 'string', docs.CertificateSigningRequestStatus.conditions),
  ],
  cells(csr, now) {
    const expirationSeconds = numberPtr(csr, 'spec', 'expirationSeconds');
    return [
      nameOf(csr),
      age(csr, now),
      stringAt(csr, 'spec', 'signerName') || '<none>',
      stringAt(csr, 'spec', 'username'),
      expirationSeconds === undefined ? '<none>' : humanDuration(expirationSeconds * 1000),
      csrCondition(csr),
    ];
  },
};

export const flowSchemaPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    column('PriorityLevel', 'string', docs.PriorityLevelConfigurationReference.name),
    column('MatchingPrecedence', 'string', docs.FlowSchemaSpec.matchingPrecedence),
    column('DistinguisherMethod', 'string', docs.FlowSchemaSpec.distinguisherMethod),
    ageColumn(),
    column('MissingPL', 'string', 'references a broken or non-existent PriorityLevelConfiguration'),
  ],
  cells(flowSchema, now) {
    const dangling = objectsAt(flowSchema, 'status', 'conditions').find((c) => stringAt(c, 'type') === 'Dangling');
    const method = objectPtr(flowSchema, 'spec', 'distinguisherMethod');
    return [
      nameOf(flowSchema),
      stringAt(flowSchema, 'spec', 'priorityLevelConfiguration', 'name'),
      numberAt(flowSchema, 'spec', 'matchingPrecedence'),
      method ? stringAt(method, 'type') : '<none>',
      age(flowSchema, now),
      dangling ? stringAt(dangling, 'status') : '?',
    ];
  },
};

export const priorityLevelConfigurationPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    column('Type', 'string', docs.PriorityLevelConfigurationSpec.type),
    column('NominalConcurrencyShares', 'string', docs.LimitedPriorityLevelConfiguration.nominalConcurrencyShares),
    column('Queues', 'string', docs.QueuingConfiguration.queues),
    column('HandSize', 'string', docs.QueuingConfiguration.handSize),
    column('QueueLengthLimit', 'string', docs.QueuingConfiguration.queueLengthLimit),
    ageColumn(),
  ],
  cells(level, now) {
    const limited = objectPtr(level, 'spec', 'limited');
    const queuing = limited ? objectPtr(limited, 'limitResponse', 'queuing') : undefined;
    // SetDefaults_QueuingConfiguration / SetDefaults_LimitedPriorityLevelConfiguration (flowcontrol/v1).
    const orNone = (object: JsonObject | undefined, field: string, fallback: number): unknown =>
      object ? numberAt(object, field) || fallback : '<none>';
    return [
      nameOf(level),
      stringAt(level, 'spec', 'type'),
      limited ? (numberPtr(limited, 'nominalConcurrencyShares') ?? 30) : '<none>',
      orNone(queuing, 'queues', 64),
      orNone(queuing, 'handSize', 8),
      orNone(queuing, 'queueLengthLimit', 50),
      age(level, now),
    ];
  },
};

