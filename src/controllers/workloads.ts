/**
 * The workload controllers (ReplicaSet, ReplicationController, Deployment, StatefulSet, DaemonSet,
 * Job, CronJob, Endpoints/EndpointSlices) over one set of shared informers.
 */
import type { Logger } from 'pino';
import type { ResourceCatalog } from '../registry/catalog.js';
import type { Clock } from '../registry/clock.js';
import type { GenericRegistry } from '../registry/generic/registry.js';
import { CronJobController } from './cronjob/controller.js';
import { DaemonSetController } from './daemonset.js';
import { DeploymentController } from './deployment/controller.js';
import { EndpointsController } from './endpoints.js';
import { JobController } from './job.js';
import { ReplicaSetController } from './replicaset.js';
import { StatefulSetController } from './statefulset.js';
import { SharedInformers } from './util/cache.js';
import type { WorkloadControllerDeps } from './util/base.js';
import { workloadResources } from './util/workload.js';

export interface WorkloadControllersDeps {
  registry: GenericRegistry;
  catalog: ResourceCatalog;
  clock: Clock;
  logger: Logger;
}

export interface WorkloadControllers {
  replicaSets: ReplicaSetController;
  replicationControllers: ReplicaSetController;
  deployments: DeploymentController;
  statefulSets: StatefulSetController;
  daemonSets: DaemonSetController;
  jobs: JobController;
  cronJobs: CronJobController;
  endpoints: EndpointsController;
  informers: SharedInformers;
  /** Everything, in start order (informers last, so every queue is running when events arrive). */
  all: { start(): void; stop(): Promise<void> }[];
}

export function buildWorkloadControllers(deps: WorkloadControllersDeps): WorkloadControllers {
  const informers = new SharedInformers(deps.registry.store, deps.logger.child({ component: 'informers' }));
  const resources = workloadResources(deps.catalog);
  // Reconciles mostly wait for durable writes, so the busiest controllers get more workers
  // (bench/controllers: 12 instead of 4 halves convergence time at the same CPU).
  const base = (name: string, workers = 4): WorkloadControllerDeps => ({ registry: deps.registry, informers, resources, clock: deps.clock, logger: deps.logger.child({ controller: name }), workers });
  const replicaSets = new ReplicaSetController(base('replicaset', 12), { info: resources.replicaSets, apiVersion: 'apps/v1', kind: 'ReplicaSet', fieldManager: 'kube-controller-manager' });
  const replicationControllers = new ReplicaSetController(base('replicationcontroller'), { info: resources.replicationControllers, apiVersion: 'v1', kind: 'ReplicationController', fieldManager: 'kube-controller-manager' });
  const deployments = new DeploymentController(base('deployment', 12));
  const statefulSets = new StatefulSetController(base('statefulset'));
  const daemonSets = new DaemonSetController(base('daemonset'));
  const jobs = new JobController(base('job'));
  const cronJobs = new CronJobController(base('cronjob'));
  const endpoints = new EndpointsController(base('endpoints', 8));
  const informerRunner = { start: () => informers.start(), stop: () => informers.stop() };
  return {
    replicaSets,
    replicationControllers,
    deployments,
    statefulSets,
    daemonSets,
    jobs,
    cronJobs,
    endpoints,
    informers,
    all: [replicaSets, replicationControllers, deployments, statefulSets, daemonSets, jobs, cronJobs, endpoints, informerRunner],
  };
}
