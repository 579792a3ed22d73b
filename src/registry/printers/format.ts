// Formatting helpers shared by the printers; each mirrors a named upstream function.
import { arrayAt, isObject, objectsAt, stringAt, stringMapAt } from './json.js';
import type { JsonObject } from './types.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** apimachinery `duration.HumanDuration`: ~2-3 significant figures. Go truncates every division toward zero. */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / SECOND);
  // Up to 2 s in the future is tolerated as clock skew and shown as now.
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.trunc(ms / MINUTE);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.trunc(ms / HOUR);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  const days = Math.trunc(hours / 24);
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${days}d` : `${days}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${days}d`;
  const years = Math.trunc(days / 365);
  if (hours < 24 * 365 * 8) {
    const dy = days % 365;
    return dy === 0 ? `${years}y` : `${years}y${dy}d`;
  }
  return `${years}y`;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * Milliseconds since the epoch of a metav1.Time / MicroTime JSON value, or undefined for the zero time
 * (absent, null or empty) — upstream prints "<unknown>" for those.
 */
export function parseTimestamp(value: unknown): number | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  if (!RFC3339.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Whether a JSON value is a valid RFC3339 time (for `date` cells, where a bad one prints "<invalid>"). */
export function isRfc3339(value: string): boolean {
  return RFC3339.test(value) && !Number.isNaN(Date.parse(value));
}

/** printers.go `translateTimestampSince` (and `translateMicroTimestampSince`). */
export function translateTimestampSince(value: unknown, now: Date): string {
  const ms = parseTimestamp(value);
  return ms === undefined ? '<unknown>' : humanDuration(now.getTime() - ms);
}

/** Same as above for an already parsed instant. */
export function ageOfInstant(ms: number | undefined, now: Date): string {
  return ms === undefined ? '<unknown>' : humanDuration(now.getTime() - ms);
}

/** Go's byte-wise string order (sort.Strings); equal to UTF-16 order for the ASCII keys seen here. */
export function goStringCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** apimachinery `labels.FormatLabels`: sorted `k=v` joined by commas, "<none>" when empty. */
export function formatLabels(labels: Record<string, string>): string {
  const keys = Object.keys(labels).sort(goStringCompare);
  if (keys.length === 0) return '<none>';
  return keys.map((key) => `${key}=${labels[key]}`).join(',');
}

export class InvalidSelectorError extends Error {}

/**
 * `metav1.LabelSelectorAsSelector(sel).String()`: requirements sorted by key, multi-value sets sorted.
 * Null and empty selectors both print as "". Throws InvalidSelectorError where upstream returns an error.
 */
export function labelSelectorString(selector: unknown): string {
  if (!isObject(selector)) return '';
  const requirements: { key: string; text: string }[] = [];
  for (const [key, value] of Object.entries(stringMapAt(selector, 'matchLabels'))) {
    requirements.push({ key, text: `${key}=${value}` });
  }
  for (const expression of objectsAt(selector, 'matchExpressions')) {
    const key = stringAt(expression, 'key');
    const values = arrayAt(expression, 'values').map(String);
    const operator = stringAt(expression, 'operator');
    const sorted = [...values].sort(goStringCompare).join(',');
    switch (operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) throw new InvalidSelectorError(`values must be non-empty for ${operator}`);
        requirements.push({ key, text: `${key} ${operator === 'In' ? 'in' : 'notin'} (${sorted})` });
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length !== 0) throw new InvalidSelectorError(`values must be empty for ${operator}`);
        requirements.push({ key, text: operator === 'Exists' ? key : `!${key}` });
        break;
      default:
        throw new InvalidSelectorError(`"${operator}" is not a valid label selector operator`);
    }
  }
  // labels.Selector.Add sorts requirements by key (sort.Sort is not stable; equal keys are rare).
  requirements.sort((a, b) => goStringCompare(a.key, b.key));
  return requirements.map((requirement) => requirement.text).join(',');
}

/** apimachinery `metav1.FormatLabelSelector`: "<none>" when empty, "<error>" when invalid. */
export function formatLabelSelector(selector: unknown): string {
  try {
    const text = labelSelectorString(selector);
    return text === '' ? '<none>' : text;
  } catch (error) {
    if (error instanceof InvalidSelectorError) return '<error>';
    throw error;
  }
}

/** printers.go `layoutContainerCells`: container names and images, comma-joined. */
export function layoutContainerCells(containers: JsonObject[]): [names: string, images: string] {
  return [
    containers.map((container) => stringAt(container, 'name')).join(','),
    containers.map((container) => stringAt(container, 'image')).join(','),
  ];
}

/** printers.go `listWithMoreString`. */
export function listWithMoreString(list: string[], more: boolean, count: number, max: number): string {
  const joined = list.join(',');
  if (more) return `${joined} + ${count - max} more...`;
  return joined === '' ? '<unset>' : joined;
}

/** core helper `GetAccessModesAsString`: de-duplicated, in a fixed order. */
export function accessModesAsString(modes: string[]): string {
  const abbreviations: [string, string][] = [
    ['ReadWriteOnce', 'RWO'],
    ['ReadOnlyMany', 'ROX'],
    ['ReadWriteMany', 'RWX'],
    ['ReadWriteOncePod', 'RWOP'],
  ];
  return abbreviations
    .filter(([mode]) => modes.includes(mode))
    .map(([, short]) => short)
    .join(',');
}

/** printers.go `printBoolPtr`. */
export function printBoolPtr(value: boolean | undefined): string {
  if (value === undefined) return '<unset>';
  return value ? 'True' : 'False';
}
