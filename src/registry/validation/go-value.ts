/**
 * Renders bad values the way Go's fmt does inside field.Error.ErrorBody (apimachinery
 * pkg/util/validation/field/errors.go): `%q` for strings, `%v` for numbers and booleans, and
 * `%#v` for everything else. JSON has lost the Go types that `%#v` prints, so callers that need
 * a struct rendering (a LabelSelector, a ServicePort) build it with the helpers below and pass a
 * `GoLiteral`, which is printed verbatim.
 */

/** A value whose Go `%#v` text is already known; rendered as-is. */
export class GoLiteral {
  constructor(readonly text: string) {}
  toJSON(): string {
    return this.text;
  }
}

/** Go's strconv.Quote: double quotes, Go escapes, printable Unicode kept as is. */
export function goQuote(value: string): string {
  let out = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0;
    switch (ch) {
      case '"': out += '\\"'; continue;
      case '\\': out += '\\\\'; continue;
      case '\x07': out += '\\a'; continue;
      case '\b': out += '\\b'; continue;
      case '\f': out += '\\f'; continue;
      case '\n': out += '\\n'; continue;
      case '\r': out += '\\r'; continue;
      case '\t': out += '\\t'; continue;
      case '\v': out += '\\v'; continue;
    }
    if (code < 0x20 || code === 0x7f) {
      out += '\\x' + code.toString(16).padStart(2, '0');
    } else if ((code >= 0x80 && code < 0xa0) || code === 0xad) {
      // Go treats C1 controls and the soft hyphen as non-printable.
      out += '\\u' + code.toString(16).padStart(4, '0');
    } else {
      out += ch;
    }
  }
  return out + '"';
}

function isStringRecord(value: Record<string, unknown>): value is Record<string, string> {
  return Object.values(value).every((v) => typeof v === 'string');
}

/** `map[string]string{"a":"b", "c":"d"}` with Go's sorted key order; `(nil)` when absent. */
export function goStringMap(value: Record<string, string> | undefined | null): string {
  if (value === undefined || value === null) return 'map[string]string(nil)';
  const entries = Object.keys(value)
    .sort()
    .map((k) => `${goQuote(k)}:${goQuote(value[k] ?? '')}`);
  return `map[string]string{${entries.join(', ')}}`;
}

/** `[]string{"a", "b"}`; `[]string(nil)` when absent. */
export function goStringSlice(value: readonly string[] | undefined | null): string {
  if (value === undefined || value === null) return '[]string(nil)';
  return `[]string{${value.map(goQuote).join(', ')}}`;
}

interface JsonLabelSelectorRequirement {
  key?: unknown;
  operator?: unknown;
  values?: unknown;
}

/**
 * `v1.LabelSelector{MatchLabels:map[string]string{"app":"x"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}`,
 * as printed for immutable / empty selectors.
 */
export function goLabelSelector(selector: unknown): GoLiteral {
  const sel = (typeof selector === 'object' && selector !== null ? selector : {}) as Record<string, unknown>;
  const matchLabels = sel['matchLabels'];
  const labelsText =
    typeof matchLabels === 'object' && matchLabels !== null
      ? goStringMap(stringRecord(matchLabels as Record<string, unknown>))
      : 'map[string]string(nil)';
  const exprs = sel['matchExpressions'];
  let exprText = '[]v1.LabelSelectorRequirement(nil)';
  if (Array.isArray(exprs)) {
    const items = exprs.map((raw: JsonLabelSelectorRequirement) => {
      const values = Array.isArray(raw.values) ? raw.values.map(String) : undefined;
      return (
        `v1.LabelSelectorRequirement{Key:${goQuote(String(raw.key ?? ''))}, ` +
        `Operator:${goQuote(String(raw.operator ?? ''))}, Values:${goStringSlice(values)}}`
      );
    });
    exprText = `[]v1.LabelSelectorRequirement{${items.join(', ')}}`;
  }
  return new GoLiteral(`v1.LabelSelector{MatchLabels:${labelsText}, MatchExpressions:${exprText}}`);
}

function stringRecord(value: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) out[k] = typeof v === 'string' ? v : String(v);
  return out;
}

/** Go number printing for %v: integers plainly, floats in Go's shortest form. */
function goNumber(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e21) return String(value);
  const text = String(value);
  // Go prints large/small floats with an explicit sign on the exponent and two digits (1e+21).
  return text.replace(/e([+-])(\d)$/, 'e$10$2');
}

/** Renders a bad value as ErrorBody does (`%q`, `%v` or `%#v`). */
export function goValue(value: unknown): string {
  if (value instanceof GoLiteral) return value.text;
  // ErrorBody swaps a nil value for the string "null", which %q then quotes.
  if (value === undefined || value === null) return '"null"';
  if (typeof value === 'string') return goQuote(value);
  if (typeof value === 'number') return goNumber(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v === 'string')) return goStringSlice(value as string[]);
    return JSON.stringify(value);
  }
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (isStringRecord(record)) return goStringMap(record);
    return JSON.stringify(value);
  }
  return String(value);
}
