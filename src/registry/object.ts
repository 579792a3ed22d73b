/** The shape of any Kubernetes object as the registry handles it (JSON, v1 wire form). */
import type { V1ObjectMeta } from '@kubernetes/client-node';

export type ObjectMeta = V1ObjectMeta & { [k: string]: unknown };

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Structured clone for JSON data (faster than structuredClone for plain JSON). */
export { cloneJson } from '../store/json-clone.js';

export function apiVersionOf(group: string, version: string): string {
  return group ? `${group}/${version}` : version;
}

export function parseApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

let lastFormattedSecond = NaN;
let lastFormattedTime = '';

/** RFC 3339 with whole seconds, as metav1.Time serialises. */
export function formatTime(date: Date): string {
  // A write formats the same second several times (creationTimestamp, managedFields times), and
  // so does a burst of writes: keep the last one. NaN (an invalid date) never matches, so
  // toISOString still throws for it.
  const second = Math.floor(date.getTime() / 1000);
  if (second === lastFormattedSecond) return lastFormattedTime;
  // toISOString always ends in milliseconds and Z (".sssZ").
  lastFormattedTime = `${date.toISOString().slice(0, -5)}Z`;
  lastFormattedSecond = second;
  return lastFormattedTime;
}

/** Deep equality for JSON values (key order insensitive). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((v, i) => jsonEqual(v, b[i]));
  }
  if (Array.isArray(b)) return false;
  const ak = Object.keys(a as object);
  const bo = b as Record<string, unknown>;
  if (ak.length !== Object.keys(bo).length) return false;
  const ao = a as Record<string, unknown>;
  return ak.every((k) => Object.prototype.hasOwnProperty.call(bo, k) && jsonEqual(ao[k], bo[k]));
}
