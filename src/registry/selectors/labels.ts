/**
 * Label selectors in the string syntax of k8s.io/apimachinery/pkg/labels (`a=b,c!=d,e in (x,y),
 * f notin (z),g,!h,i>3`) and as metav1.LabelSelector objects (matchLabels + matchExpressions).
 */
export type LabelOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Equals' | 'NotEquals' | 'Gt' | 'Lt';

export interface LabelRequirement {
  key: string;
  operator: LabelOperator;
  values: string[];
}

export type Labels = Record<string, string> | undefined;

export class LabelSelector {
  constructor(readonly requirements: LabelRequirement[]) {}

  static everything(): LabelSelector {
    return new LabelSelector([]);
  }

  get empty(): boolean {
    return this.requirements.length === 0;
  }

  matches(labels: Labels): boolean {
    return this.requirements.every((r) => requirementMatches(r, labels ?? {}));
  }

  toString(): string {
    return this.requirements.map(requirementToString).join(',');
  }
}

function requirementMatches(r: LabelRequirement, labels: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const value = labels[r.key];
  switch (r.operator) {
    case 'Equals':
    case 'In':
      return has && r.values.includes(value!);
    case 'NotEquals':
    case 'NotIn':
      return !has || !r.values.includes(value!);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
    case 'Lt': {
      if (!has || !/^-?\d+$/.test(value!)) return false;
      const n = Number(value);
      const bound = Number(r.values[0]);
      return r.operator === 'Gt' ? n > bound : n < bound;
    }
  }
}

function requirementToString(r: LabelRequirement): string {
  switch (r.operator) {
    case 'Equals':
      return `${r.key}=${r.values[0]}`;
    case 'NotEquals':
      return `${r.key}!=${r.values[0]}`;
    case 'In':
      return `${r.key} in (${r.values.join(',')})`;
    case 'NotIn':
      return `${r.key} notin (${r.values.join(',')})`;
    case 'Exists':
      return r.key;
    case 'DoesNotExist':
      return `!${r.key}`;
    case 'Gt':
      return `${r.key}>${r.values[0]}`;
    case 'Lt':
      return `${r.key}<${r.values[0]}`;
  }
}

export class SelectorParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SelectorParseError';
  }
}

const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Upstream's label-key check (prefix/name, name ≤ 63, prefix a DNS-1123 subdomain ≤ 253). */
export function labelKeyError(key: string): string | undefined {
  const slash = key.indexOf('/');
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (slash >= 0) {
    const prefix = key.slice(0, slash);
    if (!prefix.length) return 'prefix part must be non-empty';
    if (prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix)) {
      return "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    }
  }
  if (!name.length) return 'name part must be non-empty';
  if (name.length > 63) return 'name part must be no more than 63 characters';
  if (!QUALIFIED_NAME.test(name)) {
    return "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
  }
  return undefined;
}

export function labelValueError(value: string): string | undefined {
  if (value.length > 63) return 'must be no more than 63 characters';
  if (!LABEL_VALUE.test(value)) {
    return "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
  }
  return undefined;
}

/** Parses the string syntax; throws SelectorParseError with a message like upstream's. */
export function parseLabelSelector(input: string | undefined): LabelSelector {
  if (!input || !input.trim()) return LabelSelector.everything();
  const tokens = tokenize(input);
  const requirements: LabelRequirement[] = [];
  let i = 0;
  const peek = (): Token | undefined => tokens[i];
  const next = (): Token | undefined => tokens[i++];
  const expectIdentifier = (what: string): string => {
    const t = next();
    if (!t || t.kind !== 'id') throw new SelectorParseError(`found '${t?.text ?? ''}', expected: ${what}`);
    return t.text;
  };
  for (;;) {
    let t = next();
    if (!t) throw new SelectorParseError("found '', expected: !, identifier, or 'end of string'");
    let requirement: LabelRequirement;
    if (t.kind === '!') {
      const key = expectIdentifier('identifier after \'!\'');
      requirement = { key, operator: 'DoesNotExist', values: [] };
    } else if (t.kind === 'id') {
      const key = t.text;
      const op = peek();
      if (!op || op.kind === ',') {
        requirement = { key, operator: 'Exists', values: [] };
      } else if (op.kind === '=' || op.kind === '==' || op.kind === '!=' || op.kind === '>' || op.kind === '<') {
        next();
        const v = peek();
        const value = v && v.kind === 'id' ? (next(), v.text) : '';
        const operator: LabelOperator =
          op.kind === '!=' ? 'NotEquals' : op.kind === '>' ? 'Gt' : op.kind === '<' ? 'Lt' : 'Equals';
        if ((operator === 'Gt' || operator === 'Lt') && !/^-?\d+$/.test(value)) {
          throw new SelectorParseError(`for 'Gt', 'Lt' operators, the value must be an integer`);
        }
        requirement = { key, operator, values: [value] };
      } else if (op.kind === 'id' && (op.text === 'in' || op.text === 'notin')) {
        next();
        const open = next();
        if (!open || open.kind !== '(') throw new SelectorParseError(`found '${open?.text ?? ''}', expected: '('`);
        const values: string[] = [];
        for (;;) {
          t = next();
          if (!t) throw new SelectorParseError("found '', expected: ',', ')' or identifier");
          if (t.kind === ')') break;
          if (t.kind === ',') continue;
          if (t.kind !== 'id') throw new SelectorParseError(`found '${t.text}', expected: ',', ')' or identifier`);
          values.push(t.text);
        }
        if (!values.length && op.text === 'in') values.push('');
        requirement = { key, operator: op.text === 'in' ? 'In' : 'NotIn', values };
      } else {
        throw new SelectorParseError(`found '${op.text}', expected: in, notin, =, ==, !=, gt, lt`);
      }
    } else {
      throw new SelectorParseError(`found '${t.text}', expected: !, identifier, or 'end of string'`);
    }
    validateRequirement(requirement);
    requirements.push(requirement);
    const sep = next();
    if (!sep) break;
    if (sep.kind !== ',') throw new SelectorParseError(`found '${sep.text}', expected: ',' or 'end of string'`);
  }
  return new LabelSelector(requirements);
}

function validateRequirement(r: LabelRequirement): void {
  const keyErr = labelKeyError(r.key);
  if (keyErr) throw new SelectorParseError(`key: Invalid value: "${r.key}": ${keyErr}`);
  if (r.operator === 'Gt' || r.operator === 'Lt') return;
  for (const v of r.values) {
    const err = labelValueError(v);
    if (err) throw new SelectorParseError(`values[0][${r.key}]: Invalid value: "${v}": ${err}`);
  }
}

interface Token {
  kind: 'id' | '!' | '=' | '==' | '!=' | '>' | '<' | ',' | '(' | ')';
  text: string;
}

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
    } else if (c === '!' && input[i + 1] === '=') {
      tokens.push({ kind: '!=', text: '!=' });
      i += 2;
    } else if (c === '=' && input[i + 1] === '=') {
      tokens.push({ kind: '==', text: '==' });
      i += 2;
    } else if (c === '!' || c === '=' || c === '>' || c === '<' || c === ',' || c === '(' || c === ')') {
      tokens.push({ kind: c, text: c });
      i++;
    } else {
      let j = i;
      while (j < input.length && !' \t\n\r!=><,()'.includes(input[j]!)) j++;
      tokens.push({ kind: 'id', text: input.slice(i, j) });
      i = j;
    }
  }
  return tokens;
}

/** metav1.LabelSelector (matchLabels + matchExpressions) → LabelSelector. An absent selector matches nothing
 *  in upstream's controllers (`LabelSelectorAsSelector(nil)` = Nothing); callers decide that case. */
export interface LabelSelectorObject {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

export function labelSelectorFromObject(selector: LabelSelectorObject): LabelSelector {
  const requirements: LabelRequirement[] = [];
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    requirements.push({ key, operator: 'Equals', values: [value] });
  }
  for (const e of selector.matchExpressions ?? []) {
    const operator = e.operator as LabelOperator;
    if (!['In', 'NotIn', 'Exists', 'DoesNotExist'].includes(operator)) {
      throw new SelectorParseError(`"${e.operator}" is not a valid label selector operator`);
    }
    requirements.push({ key: e.key, operator, values: e.values ?? [] });
  }
  return new LabelSelector(requirements);
}
