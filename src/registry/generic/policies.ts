/**
 * What the GenericRegistry needs from the per-kind policy modules (defaults, validation,
 * managedFields tracking). Injected, so the registry's order of operations is tested on its own
 * and the policy modules stay pure.
 */
import type { KubeObject } from '../object.js';
import type { FieldError } from '../validation/field-error.js';

export interface ManagedFieldsArgs {
  live: KubeObject | undefined;
  updated: KubeObject;
  manager: string;
  apiVersion: string;
  group: string;
  kind: string;
  now: Date;
  subresource?: string;
  /** Paths the endpoint's strategy resets (upstream GetResetFields); changes there are owned by no one. */
  resetFields?: string[][];
}

export interface ObjectPolicies {
  /** Server-side defaulting (mutates). */
  applyDefaults(group: string, kind: string, object: KubeObject): void;
  /** Metadata + per-kind validation; `old` set for updates. */
  validate(group: string, kind: string, namespaced: boolean, object: KubeObject, old?: KubeObject): FieldError[];
  /** Upstream's rendering of one field error (`metadata.name: Invalid value: "x": ...`). */
  formatFieldError(error: FieldError): string;
  /** The same without the leading field path (a Status cause's message). */
  formatFieldErrorBody(error: FieldError): string;
  /** Returns `updated` with metadata.managedFields maintained for a non-apply write. */
  trackManagedFields(args: ManagedFieldsArgs): KubeObject;
}

/** Policies that do nothing: for unit tests of the registry's mechanics. */
export const passThroughPolicies: ObjectPolicies = {
  applyDefaults: () => undefined,
  validate: () => [],
  formatFieldError: (e) => `${e.field}: ${e.type}`,
  formatFieldErrorBody: (e) => e.type,
  trackManagedFields: (args) => args.updated,
};
