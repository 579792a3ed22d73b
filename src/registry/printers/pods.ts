// Pods and pod templates: printers.go `printPod` and `printPodTemplate`.
import { ageColumn, column, nameColumn } from './columns.js';
import { ageOfInstant, formatLabels, layoutContainerCells, parseTimestamp, translateTimestampSince } from './format.js';
import {
  creationTimestampOf,
  hasKey,
  isDeleting,
  nameOf,
  objectPtr,
  objectsAt,
  stringAt,
  stringMapAt,
  numberAt,
  valueAt,
} from './json.js';
import { swaggerDocs } from './swagger-docs.generated.js';
import type { JsonObject, TablePrinter, TableRowCondition } from './types.js';

/** node.NodeUnreachablePodReason: set by the node lifecycle controller on pods of unreachable nodes. */
const NODE_UNREACHABLE_POD_REASON = 'NodeLost';

/** Sidecars: init containers with restartPolicy Always (podutil.IsRestartableInitContainer). */
function isRestartableInitContainer(container: JsonObject | undefined): boolean {
  return container !== undefined && stringAt(container, 'restartPolicy') === 'Always';
}

function conditionsOf(pod: JsonObject): JsonObject[] {
  return objectsAt(pod, 'status', 'conditions');
}

function hasPodReadyCondition(pod: JsonObject): boolean {
  return conditionsOf(pod).some((c) => stringAt(c, 'type') === 'Ready' && stringAt(c, 'status') === 'True');
}

/** The first Initialized condition decides. */
function isPodInitializedConditionTrue(pod: JsonObject): boolean {
  const initialized = conditionsOf(pod).find((c) => stringAt(c, 'type') === 'Initialized');
  return initialized !== undefined && stringAt(initialized, 'status') === 'True';
}

/** lastState.terminated.finishedAt (Go: LastTerminationState), or undefined for Go's zero time. */
function lastFinishedAt(containerStatus: JsonObject): number | undefined {
  const terminated = objectPtr(containerStatus, 'lastState', 'terminated');
  return terminated ? parseTimestamp(valueAt(terminated, 'finishedAt')) : undefined;
}

/** `a.Before(b)` with undefined as the zero time (earlier than every real instant). */
function later(current: number | undefined, candidate: number | undefined): number | undefined {
  if (candidate === undefined) return current;
  if (current === undefined || current < candidate) return candidate;
  return current;
}

function terminatedReason(terminated: JsonObject, prefix: string): string {
  const reason = stringAt(terminated, 'reason');
  if (reason !== '') return prefix + reason;
  const signal = numberAt(terminated, 'signal');
  if (signal !== 0) return `${prefix}Signal:${signal}`;
  return `${prefix}ExitCode:${numberAt(terminated, 'exitCode')}`;
}

interface PodSummary {
  ready: string;
  reason: string;
  restarts: string;
}

/** READY, STATUS and RESTARTS, with the full status-reason logic of `printPod`. */
export function summarizePod(pod: JsonObject, now: Date): PodSummary {
  const spec = { containers: objectsAt(pod, 'spec', 'containers'), initContainers: objectsAt(pod, 'spec', 'initContainers') };
  let restarts = 0;
  let restartableInitContainerRestarts = 0;
  let totalContainers = spec.containers.length;
  let readyContainers = 0;
  let lastRestartDate: number | undefined;
  let lastRestartableInitContainerRestartDate: number | undefined;

  const podPhase = stringAt(pod, 'status', 'phase');
  let reason = stringAt(pod, 'status', 'reason') || podPhase;
  for (const condition of conditionsOf(pod)) {
    if (stringAt(condition, 'type') === 'PodScheduled' && stringAt(condition, 'reason') === 'SchedulingGated') {
      reason = 'SchedulingGated';
    }
  }

  const initContainers = new Map<string, JsonObject>();
  for (const container of spec.initContainers) {
    initContainers.set(stringAt(container, 'name'), container);
    if (isRestartableInitContainer(container)) totalContainers++;
  }

  let initializing = false;
  const initStatuses = objectsAt(pod, 'status', 'initContainerStatuses');
  for (let i = 0; i < initStatuses.length; i++) {
    const status = initStatuses[i]!;
    const restartable = isRestartableInitContainer(initContainers.get(stringAt(status, 'name')));
    restarts += numberAt(status, 'restartCount');
    lastRestartDate = later(lastRestartDate, lastFinishedAt(status));
    if (restartable) {
      restartableInitContainerRestarts += numberAt(status, 'restartCount');
      lastRestartableInitContainerRestartDate = later(lastRestartableInitContainerRestartDate, lastFinishedAt(status));
    }
    const terminated = objectPtr(status, 'state', 'terminated');
    const waiting = objectPtr(status, 'state', 'waiting');
    if (terminated && numberAt(terminated, 'exitCode') === 0) continue;
    if (restartable && valueAt(status, 'started') === true) {
      if (valueAt(status, 'ready') === true) readyContainers++;
      continue;
    }
    if (terminated) {
      // initialization failed
      reason = terminatedReason(terminated, 'Init:');
    } else if (waiting && stringAt(waiting, 'reason') !== '' && stringAt(waiting, 'reason') !== 'PodInitializing') {
      reason = `Init:${stringAt(waiting, 'reason')}`;
    } else {
      reason = `Init:${i}/${spec.initContainers.length}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || isPodInitializedConditionTrue(pod)) {
    restarts = restartableInitContainerRestarts;
    lastRestartDate = lastRestartableInitContainerRestartDate;
    let hasRunning = false;
    const statuses = objectsAt(pod, 'status', 'containerStatuses');
    for (let i = statuses.length - 1; i >= 0; i--) {
      const status = statuses[i]!;
      restarts += numberAt(status, 'restartCount');
      lastRestartDate = later(lastRestartDate, lastFinishedAt(status));
      const waiting = objectPtr(status, 'state', 'waiting');
      const terminated = objectPtr(status, 'state', 'terminated');
      if (waiting && stringAt(waiting, 'reason') !== '') {
        reason = stringAt(waiting, 'reason');
      } else if (terminated) {
        reason = terminatedReason(terminated, '');
      } else if (valueAt(status, 'ready') === true && hasKey(status, 'state', 'running')) {
        hasRunning = true;
        readyContainers++;
      }
    }
    // A pod whose last container completed while another still runs is shown as running.
    if (reason === 'Completed' && hasRunning) reason = hasPodReadyCondition(pod) ? 'Running' : 'NotReady';
  }

  if (isDeleting(pod) && stringAt(pod, 'status', 'reason') === NODE_UNREACHABLE_POD_REASON) {
    reason = 'Unknown';
  } else if (isDeleting(pod) && podPhase !== 'Failed' && podPhase !== 'Succeeded') {
    reason = 'Terminating';
  }

  let restartsText = String(restarts);
  if (restarts !== 0 && lastRestartDate !== undefined) {
    restartsText = `${restarts} (${ageOfInstant(lastRestartDate, now)} ago)`;
  }
  return { ready: `${readyContainers}/${totalContainers}`, reason, restarts: restartsText };
}

/** v1 → internal conversion keeps status.podIP authoritative over podIPs[0]. */
function primaryPodIP(pod: JsonObject): string {
  return stringAt(pod, 'status', 'podIP') || stringAt(pod, 'status', 'podIPs', 0, 'ip');
}

function readinessGates(pod: JsonObject): string {
  const gates = objectsAt(pod, 'spec', 'readinessGates');
  if (gates.length === 0) return '<none>';
  const conditions = conditionsOf(pod);
  let trueConditions = 0;
  for (const gate of gates) {
    const condition = conditions.find((c) => stringAt(c, 'type') === stringAt(gate, 'conditionType'));
    if (condition && stringAt(condition, 'status') === 'True') trueConditions++;
  }
  return `${trueConditions}/${gates.length}`;
}

export const podPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    column('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
    column('Status', 'string', 'The aggregate status of the containers in this pod.'),
    column(
      'Restarts',
      'string',
      'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
    ),
    ageColumn(),
    column('IP', 'string', swaggerDocs.PodStatus.podIP, 1),
    column('Node', 'string', swaggerDocs.PodSpec.nodeName, 1),
    column('Nominated Node', 'string', swaggerDocs.PodStatus.nominatedNodeName, 1),
    column('Readiness Gates', 'string', swaggerDocs.PodSpec.readinessGates, 1),
  ],
  cells(pod, now) {
    const { ready, reason, restarts } = summarizePod(pod, now);
    return [
      nameOf(pod),
      ready,
      reason,
      restarts,
      translateTimestampSince(creationTimestampOf(pod), now),
      primaryPodIP(pod) || '<none>',
      stringAt(pod, 'spec', 'nodeName') || '<none>',
      stringAt(pod, 'status', 'nominatedNodeName') || '<none>',
      readinessGates(pod),
    ];
  },
  conditions(pod): TableRowCondition[] | undefined {
    switch (stringAt(pod, 'status', 'phase')) {
      case 'Succeeded':
        return [{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }];
      case 'Failed':
        return [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }];
      default:
        return undefined;
    }
  },
};

export const podTemplatePrinter: TablePrinter = {
  columns: [
    nameColumn(),
    column('Containers', 'string', 'Names of each container in the template.'),
    column('Images', 'string', 'Images referenced by each container in the template.'),
    column('Pod Labels', 'string', 'The labels for the pod template.'),
  ],
  cells(template) {
    const [names, images] = layoutContainerCells(objectsAt(template, 'template', 'spec', 'containers'));
    return [nameOf(template), names, images, formatLabels(stringMapAt(template, 'template', 'metadata', 'labels'))];
  },
};
