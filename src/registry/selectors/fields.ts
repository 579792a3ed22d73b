/**
 * Field selectors (k8s.io/apimachinery/pkg/fields): `a=b,c!=d,e==f`, with `\,` `\=` `\\` escapes.
 * Which fields a resource supports is the registry's business (see field-index.ts); this module
 * only parses and matches against a flat map of field values.
 */
import { SelectorParseError } from './labels.js';

export interface FieldRequirement {
  field: string;
  operator: '=' | '!=';
  value: string;
}

export class FieldSelector {
  constructor(readonly requirements: FieldRequirement[]) {}

  get empty(): boolean {
    return this.requirements.length === 0;
  }

  matches(fields: Record<string, string>): boolean {
    return this.requirements.every((r) => (fields[r.field] === r.value) === (r.operator === '='));
  }

  /** The value this selector pins a field to (`metadata.name=x`), if any. */
  exactValue(field: string): string | undefined {
    return this.requirements.find((r) => r.field === field && r.operator === '=')?.value;
  }
}

export function parseFieldSelector(input: string | undefined): FieldSelector {
  if (!input || !input.trim()) return new FieldSelector([]);
  const requirements: FieldRequirement[] = [];
  for (const part of splitUnescaped(input, ',')) {
    if (!part.length) continue;
    const m = findOperator(part);
    if (!m) throw new SelectorParseError(`invalid selector: '${input}'; can't understand '${part}'`);
    const field = part.slice(0, m.index).trim();
    const value = unescape(part.slice(m.index + m.op.length));
    requirements.push({ field, operator: m.op === '!=' ? '!=' : '=', value });
  }
  return new FieldSelector(requirements);
}

function findOperator(part: string): { index: number; op: string } | undefined {
  for (let i = 0; i < part.length; i++) {
    if (part[i] === '\\') {
      i++;
      continue;
    }
    if (part.startsWith('!=', i)) return { index: i, op: '!=' };
    if (part.startsWith('==', i)) return { index: i, op: '==' };
    if (part[i] === '=') return { index: i, op: '=' };
  }
  return undefined;
}

function splitUnescaped(s: string, sep: string): string[] {
  const out: string[] = [];
  let current = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\' && i + 1 < s.length) {
      current += s[i]! + s[i + 1]!;
      i++;
    } else if (s[i] === sep) {
      out.push(current);
      current = '';
    } else current += s[i];
  }
  out.push(current);
  return out;
}

function unescape(s: string): string {
  return s.replace(/\\(.)/g, '$1');
}
