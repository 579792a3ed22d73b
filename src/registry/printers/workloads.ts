// Workload controllers: printers.go printReplicationController, printReplicaSet, printDeployment,
// printStatefulSet, printDaemonSet, printJob, printCronJob, printControllerRevision.
import { ageColumn, column, containerColumns, nameColumn } from './columns.js';
import {
  formatLabels,
  formatLabelSelector,
  humanDuration,
  InvalidSelectorError,
  labelSelectorString,
  layoutContainerCells,
  parseTimestamp,
  printBoolPtr,
  translateTimestampSince,
} from './format.js';
import {
  arrayAt,
  boolPtr,
  creationTimestampOf,
  isDeleting,
  nameOf,
  numberAt,
  numberPtr,
  objectsAt,
  stringAt,
  stringMapAt,
  stringPtr,
  valueAt,
  objectPtr,
} from './json.js';
import { swaggerDocs } from './swagger-docs.generated.js';
import type { JsonObject, TablePrinter } from './types.js';

const docs = swaggerDocs;

function age(object: JsonObject, now: Date): string {
  return translateTimestampSince(creationTimestampOf(object), now);
}

/** apps/v1 and core/v1 defaulting set spec.replicas to 1 when absent, before any printer sees it. */
function desiredReplicas(object: JsonObject): number {
  return numberPtr(object, 'spec', 'replicas') ?? 1;
}

function templateContainers(object: JsonObject, ...templatePath: string[]): [string, string] {
  return layoutContainerCells(objectsAt(object, ...templatePath, 'spec', 'containers'));
}

export const replicationControllerPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    column('Desired', 'integer', docs.ReplicationControllerSpec.replicas),
    column('Current', 'integer', docs.ReplicationControllerStatus.replicas),
    column('Ready', 'integer', docs.ReplicationControllerStatus.readyReplicas),
    ageColumn(),
    ...containerColumns(),
    column('Selector', 'string', docs.ReplicationControllerSpec.selector, 1),
  ],
  cells(rc, now) {
    // SetDefaults_ReplicationController copies the template labels into an empty selector.
    let selector = stringMapAt(rc, 'spec', 'selector');
    if (Object.keys(selector).length === 0 && objectPtr(rc, 'spec', 'template', 'metadata', 'labels')) {
      selector = stringMapAt(rc, 'spec', 'template', 'metadata', 'labels');
    }
    return [
      nameOf(rc),
      desiredReplicas(rc),
      numberAt(rc, 'status', 'replicas'),
      numberAt(rc, 'status', 'readyReplicas'),
      age(rc, now),
      ...templateContainers(rc, 'spec', 'template'),
      formatLabels(selector),
    ];
  },
};

export const replicaSetPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    column('Desired', 'integer', docs.ReplicaSetSpec.replicas),
    column('Current', 'integer', docs.ReplicaSetStatus.replicas),
    column('Ready', 'integer', docs.ReplicaSetStatus.readyReplicas),
    ageColumn(),
    ...containerColumns(),
    column('Selector', 'string', docs.ReplicaSetSpec.selector, 1),
  ],
  cells(rs, now) {
    return [
      nameOf(rs),
      desiredReplicas(rs),
      numberAt(rs, 'status', 'replicas'),
      numberAt(rs, 'status', 'readyReplicas'),
      age(rs, now),
      ...templateContainers(rs, 'spec', 'template'),
      formatLabelSelector(valueAt(rs, 'spec', 'selector')),
    ];
  },
};

export const deploymentPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    column('Ready', 'string', 'Number of the pod with ready state'),
    column('Up-to-date', 'string', docs.DeploymentStatus.updatedReplicas),
    column('Available', 'string', docs.DeploymentStatus.availableReplicas),
    ageColumn(),
    ...containerColumns(),
    column('Selector', 'string', docs.DeploymentSpec.selector, 1),
  ],
  cells(deployment, now) {
    // printDeployment prints the raw selector string: "" when empty, "<invalid>" when it cannot parse.
    let selector: string;
    try {
      selector = labelSelectorString(valueAt(deployment, 'spec', 'selector'));
    } catch (error) {
      if (!(error instanceof InvalidSelectorError)) throw error;
      selector = '<invalid>';
    }
    return [
      nameOf(deployment),
      `${numberAt(deployment, 'status', 'readyReplicas')}/${desiredReplicas(deployment)}`,
      numberAt(deployment, 'status', 'updatedReplicas'),
      numberAt(deployment, 'status', 'availableReplicas'),
      age(deployment, now),
      ...templateContainers(deployment, 'spec', 'template'),
      selector,
    ];
  },
};

export const statefulSetPrinter: TablePrinter = {
  columns: [nameColumn(), column('Ready', 'string', 'Number of the pod with ready state'), ageColumn(), ...containerColumns()],
  cells(sts, now) {
    return [
      nameOf(sts),
      `${numberAt(sts, 'status', 'readyReplicas')}/${desiredReplicas(sts)}`,
      age(sts, now),
      ...templateContainers(sts, 'spec', 'template'),
    ];
  },
};

export const daemonSetPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    column('Desired', 'integer', docs.DaemonSetStatus.desiredNumberScheduled),
    column('Current', 'integer', docs.DaemonSetStatus.currentNumberScheduled),
    column('Ready', 'integer', docs.DaemonSetStatus.numberReady),
    column('Up-to-date', 'integer', docs.DaemonSetStatus.updatedNumberScheduled),
    column('Available', 'integer', docs.DaemonSetStatus.numberAvailable),
    column('Node Selector', 'string', docs.PodSpec.nodeSelector),
    ageColumn(),
    ...containerColumns(),
    column('Selector', 'string', docs.DaemonSetSpec.selector, 1),
  ],
  cells(ds, now) {
    return [
      nameOf(ds),
      numberAt(ds, 'status', 'desiredNumberScheduled'),
      numberAt(ds, 'status', 'currentNumberScheduled'),
      numberAt(ds, 'status', 'numberReady'),
      numberAt(ds, 'status', 'updatedNumberScheduled'),
      numberAt(ds, 'status', 'numberAvailable'),
      formatLabels(stringMapAt(ds, 'spec', 'template', 'spec', 'nodeSelector')),
      age(ds, now),
      ...templateContainers(ds, 'spec', 'template'),
      formatLabelSelector(valueAt(ds, 'spec', 'selector')),
    ];
  },
};

/** printers.go `hasJobCondition`: the first condition of that type decides. */
function hasJobCondition(job: JsonObject, type: string): boolean {
  const condition = objectsAt(job, 'status', 'conditions').find((c) => stringAt(c, 'type') === type);
  return condition !== undefined && stringAt(condition, 'status') === 'True';
}

function jobStatus(job: JsonObject): string {
  if (hasJobCondition(job, 'Complete')) return 'Complete';
  if (hasJobCondition(job, 'Failed')) return 'Failed';
  if (isDeleting(job)) return 'Terminating';
  if (hasJobCondition(job, 'Suspended')) return 'Suspended';
  if (hasJobCondition(job, 'FailureTarget')) return 'FailureTarget';
  return 'Running';
}

function jobCompletions(job: JsonObject): string {
  const succeeded = numberAt(job, 'status', 'succeeded');
  let completions = numberPtr(job, 'spec', 'completions');
  let parallelism = numberPtr(job, 'spec', 'parallelism');
  // SetDefaults_Job: with neither set both become 1; parallelism alone defaults to 1.
  if (completions === undefined && parallelism === undefined) completions = 1;
  parallelism ??= 1;
  if (completions !== undefined) return `${succeeded}/${completions}`;
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

function jobDuration(job: JsonObject, now: Date): string {
  const start = parseTimestamp(valueAt(job, 'status', 'startTime'));
  if (start === undefined) return '';
  const completion = parseTimestamp(valueAt(job, 'status', 'completionTime'));
  return humanDuration((completion ?? now.getTime()) - start);
}

export const jobPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    column('Status', 'string', 'Status of the job.'),
    column('Completions', 'string', docs.JobStatus.succeeded),
    column('Duration', 'string', 'Time required to complete the job.'),
    ageColumn(),
    ...containerColumns(),
    column('Selector', 'string', docs.JobSpec.selector, 1),
  ],
  cells(job, now) {
    return [
      nameOf(job),
      jobStatus(job),
      jobCompletions(job),
      jobDuration(job, now),
      age(job, now),
      ...templateContainers(job, 'spec', 'template'),
      formatLabelSelector(valueAt(job, 'spec', 'selector')),
    ];
  },
};

export const cronJobPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    column('Schedule', 'string', docs.CronJobSpec.schedule),
    column('Timezone', 'string', docs.CronJobSpec.timeZone),
    column('Suspend', 'boolean', docs.CronJobSpec.suspend),
    column('Active', 'integer', docs.CronJobStatus.active),
    column('Last Schedule', 'string', docs.CronJobStatus.lastScheduleTime),
    ageColumn(),
    ...containerColumns(),
    column('Selector', 'string', docs.JobSpec.selector, 1),
  ],
  cells(cronJob, now) {
    const lastSchedule = valueAt(cronJob, 'status', 'lastScheduleTime');
    return [
      nameOf(cronJob),
      stringAt(cronJob, 'spec', 'schedule'),
      stringPtr(cronJob, 'spec', 'timeZone') ?? '<none>',
      // SetDefaults_CronJob sets suspend to false when absent.
      printBoolPtr(boolPtr(cronJob, 'spec', 'suspend') ?? false),
      arrayAt(cronJob, 'status', 'active').length,
      lastSchedule === undefined || lastSchedule === null ? '<none>' : translateTimestampSince(lastSchedule, now),
      age(cronJob, now),
      ...templateContainers(cronJob, 'spec', 'jobTemplate', 'spec', 'template'),
      formatLabelSelector(valueAt(cronJob, 'spec', 'jobTemplate', 'spec', 'selector')),
    ];
  },
};

/** `metav1.GetControllerOf` + `formatResourceName`: "kind.group/name" lower-cased, or "<none>". */
function controllerName(object: JsonObject): string {
  const owner = objectsAt(object, 'metadata', 'ownerReferences').find((ref) => valueAt(ref, 'controller') === true);
  if (!owner) return '<none>';
  const apiVersion = stringAt(owner, 'apiVersion');
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  const kind = stringAt(owner, 'kind');
  const name = stringAt(owner, 'name');
  if (kind === '' && group === '') return name;
  return `${(group === '' ? kind : `${kind}.${group}`).toLowerCase()}/${name}`;
}

export const controllerRevisionPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    column('Controller', 'string', 'Controller of the object'),
    column('Revision', 'string', docs.ControllerRevision.revision),
    ageColumn(),
  ],
  cells(revision, now) {
    return [nameOf(revision), controllerName(revision), numberAt(revision, 'revision'), age(revision, now)];
  },
};
