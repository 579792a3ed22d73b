/**
 * metav1.LabelSelector validation (apimachinery meta/v1/validation ValidateLabelSelector) and
 * the semantics of metav1.LabelSelectorAsSelector needed by controller specs.
 */
import type { FieldError } from './field-error.js';
import { child, forbidden, index, invalid, required } from './errors.js';
import { isObject, objectArray, str, stringArray, stringMap } from './json.js';
import { isQualifiedName, isValidLabelValue } from './names.js';
import { validateLabelName, validateLabels } from './object-meta.js';

export interface SelectorOptions {
  allowInvalidLabelValueInSelector?: boolean;
}

export function validateLabelSelector(selector: unknown, fldPath: string, opts: SelectorOptions = {}): FieldError[] {
  if (!isObject(selector)) return [];
  const errs = validateLabels(selector['matchLabels'], child(fldPath, 'matchLabels'));
  objectArray(selector['matchExpressions']).forEach((expr, i) => {
    const path = index(child(fldPath, 'matchExpressions'), i);
    const operator = str(expr['operator']);
    const values = stringArray(expr['values']);
    switch (operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) errs.push(required(child(path, 'values'), "must be specified when `operator` is 'In' or 'NotIn'"));
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) errs.push(forbidden(child(path, 'values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
        break;
      default:
        errs.push(invalid(child(path, 'operator'), operator, 'not a valid selector operator'));
    }
    errs.push(...validateLabelName(str(expr['key']), child(path, 'key')));
    if (!opts.allowInvalidLabelValueInSelector) {
      values.forEach((value, vi) => {
        errs.push(...isValidLabelValue(value).map((msg) => invalid(index(child(path, 'values'), vi), value, msg)));
      });
    }
  });
  return errs;
}

/** A compiled selector: `nothing` for a nil selector, `everything` for an empty one. */
export type CompiledSelector =
  | { kind: 'nothing' }
  | { kind: 'everything' }
  | { kind: 'match'; test: (labels: Record<string, string>) => boolean };

/** LabelSelectorAsSelector: undefined when the selector cannot be compiled (upstream's err). */
export function compileLabelSelector(selector: unknown): CompiledSelector | undefined {
  if (!isObject(selector)) return { kind: 'nothing' };
  const matchLabels = stringMap(selector['matchLabels']) ?? {};
  const exprs = objectArray(selector['matchExpressions']);
  if (Object.keys(matchLabels).length + exprs.length === 0) return { kind: 'everything' };
  const tests: ((labels: Record<string, string>) => boolean)[] = [];
  for (const [k, v] of Object.entries(matchLabels)) {
    if (isQualifiedName(k).length > 0 || isValidLabelValue(v).length > 0) return undefined;
    tests.push((labels) => labels[k] === v);
  }
  for (const expr of exprs) {
    const key = str(expr['key']);
    const values = stringArray(expr['values']);
    if (isQualifiedName(key).length > 0) return undefined;
    switch (str(expr['operator'])) {
      case 'In':
        if (values.length === 0) return undefined;
        tests.push((labels) => key in labels && values.includes(labels[key] ?? ''));
        break;
      case 'NotIn':
        if (values.length === 0) return undefined;
        tests.push((labels) => !(key in labels) || !values.includes(labels[key] ?? ''));
        break;
      case 'Exists':
        if (values.length > 0) return undefined;
        tests.push((labels) => key in labels);
        break;
      case 'DoesNotExist':
        if (values.length > 0) return undefined;
        tests.push((labels) => !(key in labels));
        break;
      default:
        return undefined;
    }
  }
  return { kind: 'match', test: (labels) => tests.every((t) => t(labels)) };
}

export function selectorMatches(selector: CompiledSelector, labels: Record<string, string>): boolean {
  if (selector.kind === 'nothing') return false;
  if (selector.kind === 'everything') return true;
  return selector.test(labels);
}
