// The part of client-go's JSONPath (k8s.io/client-go/util/jsonpath) that CRD printer columns use:
// `.field` (with `\` escapes), `['key']`, `[n]`, `[-n]`, `[*]`, `[a:b]` and `[?(@.path == "value")]`
// filters, evaluated with AllowMissingKeys. CRD validation only demands a path starting with ".", so
// filters on conditions (`.status.conditions[?(@.type=="Ready")].status`) are common in practice.
// Unions (`[a,b]`), slice steps and recursive descent are rejected as unsupported.
import { isObject } from './json.js';

type Step =
  | { kind: 'field'; name: string }
  | { kind: 'wildcard' }
  | { kind: 'index'; index: number }
  | { kind: 'slice'; start?: number; end?: number }
  | { kind: 'filter'; path: Step[]; operator?: string; literal?: string | number | boolean };

export class JsonPathSyntaxError extends Error {}

// client-go parser.go isTerminator.
const FIELD_END = /[\s.,[\]$@{}]/;

export function parseJsonPath(source: string): Step[] {
  let text = source.trim();
  if (text.startsWith('{') && text.endsWith('}')) text = text.slice(1, -1).trim();
  const steps: Step[] = [];
  let i = 0;
  if (text.startsWith('$')) i = 1;
  while (i < text.length) {
    const char = text[i]!;
    if (char === '.') {
      i++;
      if (text[i] === '.') throw new JsonPathSyntaxError('recursive descent is not supported');
      let name = '';
      while (i < text.length && !FIELD_END.test(text[i]!)) {
        if (text[i] === '\\' && i + 1 < text.length) {
          // A backslash escapes the next character and is dropped.
          name += text[i + 1];
          i += 2;
        } else {
          name += text[i];
          i++;
        }
      }
      if (name === '') {
        if (i >= text.length) break; // "." alone: the whole object
        throw new JsonPathSyntaxError(`empty field name in ${source}`);
      }
      steps.push(name === '*' ? { kind: 'wildcard' } : { kind: 'field', name });
    } else if (char === '[') {
      const close = findClosingBracket(text, i);
      steps.push(...parseBracket(text.slice(i + 1, close).trim(), source));
      i = close + 1;
    } else {
      throw new JsonPathSyntaxError(`unexpected ${JSON.stringify(char)} in ${source}`);
    }
  }
  return steps;
}

function findClosingBracket(text: string, open: number): number {
  let quote: string | undefined;
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const char = text[i]!;
    if (quote) {
      if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (char === '[') {
      depth++;
    } else if (char === ']' && --depth === 0) {
      return i;
    }
  }
  throw new JsonPathSyntaxError(`unclosed [ in ${text}`);
}

function parseBracket(inner: string, source: string): Step[] {
  // client-go re-parses a dict key as `.key`, so dots inside it still split fields: ['a.b'] is .a.b.
  const dictKey = /^'([^']*)'$/.exec(inner);
  if (dictKey) return parseJsonPath(`.${dictKey[1]}`);
  if (inner === '*') return [{ kind: 'wildcard' }];
  if (/^-?\d+$/.test(inner)) return [{ kind: 'index', index: Number(inner) }];
  const slice = /^(-?\d*):(-?\d*)$/.exec(inner);
  if (slice) {
    return [{ kind: 'slice', start: slice[1] === '' ? undefined : Number(slice[1]), end: slice[2] === '' ? undefined : Number(slice[2]) }];
  }
  const filter = /^\?\(\s*@((?:\.[^\s=!<>]+|\[[^\]]*\])*)\s*(?:(==|!=|<=|>=|<|>)\s*(.+?))?\s*\)$/.exec(inner);
  if (filter) {
    const path = parseJsonPath(filter[1] || '.');
    if (filter[2] === undefined) return [{ kind: 'filter', path }];
    return [{ kind: 'filter', path, operator: filter[2], literal: parseLiteral(filter[3]!.trim(), source) }];
  }
  throw new JsonPathSyntaxError(`unsupported [${inner}] in ${source}`);
}

function parseLiteral(text: string, source: string): string | number | boolean {
  const quoted = /^(['"])(.*)\1$/.exec(text);
  if (quoted) return quoted[2]!;
  if (text === 'true' || text === 'false') return text === 'true';
  const number = Number(text);
  if (text !== '' && !Number.isNaN(number)) return number;
  throw new JsonPathSyntaxError(`unsupported literal ${text} in ${source}`);
}

function normalizeIndex(index: number, length: number): number {
  return index < 0 ? index + length : index;
}

function compare(left: unknown, operator: string, right: string | number | boolean): boolean {
  if (typeof left !== typeof right) return operator === '!=';
  const l = left as string | number | boolean;
  switch (operator) {
    case '==':
      return l === right;
    case '!=':
      return l !== right;
    case '<':
      return l < right;
    case '>':
      return l > right;
    case '<=':
      return l <= right;
    default:
      return l >= right;
  }
}

function applyStep(values: unknown[], step: Step): unknown[] {
  const out: unknown[] = [];
  for (const value of values) {
    if (value === null || value === undefined) continue;
    switch (step.kind) {
      case 'field':
        if (isObject(value) && step.name in value) out.push(value[step.name]);
        break;
      case 'wildcard':
        if (Array.isArray(value)) out.push(...value);
        else if (isObject(value)) out.push(...Object.keys(value).sort().map((key) => value[key]));
        break;
      case 'index':
        if (Array.isArray(value)) {
          const index = normalizeIndex(step.index, value.length);
          if (index >= 0 && index < value.length) out.push(value[index]);
        }
        break;
      case 'slice':
        if (Array.isArray(value)) {
          const start = Math.max(0, normalizeIndex(step.start ?? 0, value.length));
          const end = Math.min(value.length, normalizeIndex(step.end ?? value.length, value.length));
          out.push(...value.slice(start, end));
        }
        break;
      case 'filter':
        if (Array.isArray(value)) {
          for (const item of value) {
            const found = evaluate(step.path, item);
            if (found.length === 0) continue;
            if (step.operator === undefined || compare(found[0], step.operator, step.literal!)) out.push(item);
          }
        }
        break;
    }
  }
  return out;
}

/** Every match of a parsed path; an empty list when a key is missing (AllowMissingKeys). */
export function evaluate(steps: Step[], root: unknown): unknown[] {
  return steps.reduce<unknown[]>((values, step) => applyStep(values, step), [root]);
}

export type JsonPath = Step[];
