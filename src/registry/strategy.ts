/**
 * Per-kind behaviour plugged into the one GenericRegistry (k8s.io/apiserver's RESTCreateStrategy /
 * RESTUpdateStrategy / RESTDeleteStrategy). The registry owns the order: prepare → default →
 * validate → persist; strategies only say what differs for their kind.
 */
import type { ResourceInfo } from './catalog.js';
import type { KubeObject } from './object.js';
import type { FieldError } from './validation/field-error.js';

export interface StrategyContext {
  info: ResourceInfo;
  now: Date;
  dryRun: boolean;
}

export interface DeleteDecision {
  /** Keep the object and mark it (deletionTimestamp/grace period) instead of removing it now. */
  graceful: boolean;
  gracePeriodSeconds?: number;
}

export interface Strategy {
  /** PUT on a missing object creates it (upstream: true for e.g. nodes? false for most). */
  allowCreateOnUpdate: boolean;
  /** PUT without metadata.resourceVersion overwrites unconditionally. */
  allowUnconditionalUpdate: boolean;
  /** metadata.generation starts at 1 and is bumped on spec changes. */
  trackGeneration: boolean;
  /** Normalise a new object (clear status, set server-owned fields). Runs before defaulting. */
  prepareForCreate?(object: KubeObject, ctx: StrategyContext): void;
  /** Normalise an update of the main resource against the old object. */
  prepareForUpdate?(object: KubeObject, old: KubeObject, ctx: StrategyContext): void;
  /** Extra validation beyond the generic per-kind validation. No mutation. */
  validate?(object: KubeObject, ctx: StrategyContext): FieldError[];
  validateUpdate?(object: KubeObject, old: KubeObject, ctx: StrategyContext): FieldError[];
  /**
   * Allocations with side effects (ClusterIPs, NodePorts), before validation as upstream's
   * BeginCreate. Returns field errors for addresses that cannot be had.
   */
  allocate?(object: KubeObject, ctx: StrategyContext): FieldError[];
  /** Releases what allocate took, after the object is gone (or the create failed). */
  afterDelete?(object: KubeObject): void;
  /** Does deleting this object wait (graceful pods, namespaces)? */
  deleteDecision?(object: KubeObject, requestedGracePeriod: number | undefined): DeleteDecision;
  /** Mutates an object being marked for deletion (e.g. a namespace's phase becomes Terminating). */
  onMarkDeleted?(object: KubeObject): void;
  /** Did the spec change (bumps generation when trackGeneration)? Default: anything but metadata/status. */
  specChanged?(object: KubeObject, old: KubeObject): boolean;
}

