/**
 * One pass over a JSON body that finds what sigs.k8s.io/json's strict decoding finds, in the same
 * order: unknown fields (needs a schema) and duplicate keys, which JSON.parse silently collapses.
 * Follows the decode shapes of strict-decoding.ts: values of unknown fields and opaque values are
 * skipped without looking inside, as Go skips them.
 */
import {
  childSchema,
  decodeShape,
  duplicateFieldMessage,
  FREE_SHAPE,
  joinFieldPath,
  MAX_STRICT_ERRORS,
  OPAQUE_SHAPE,
  unknownFieldMessage,
  type DecodeShape,
} from './strict-decoding.js';
import type { FieldSchema } from './types.js';

export interface StrictFieldError {
  type: 'unknown field' | 'duplicate field';
  path: string;
}

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

class StrictScanner {
  private pos = 0;
  readonly errors: StrictFieldError[] = [];
  private readonly seen = new Set<string>();

  constructor(private readonly text: string) {}

  run(schema: FieldSchema | undefined, checkUnknown: boolean): void {
    this.value(decodeShape(schema), '', true, checkUnknown);
    this.whitespace();
    if (this.pos !== this.text.length) this.fail('unexpected data after the top-level value');
  }

  private report(error: StrictFieldError): void {
    const key = `${error.type}\u0000${error.path}`;
    if (this.errors.length >= MAX_STRICT_ERRORS || this.seen.has(key)) return;
    this.seen.add(key);
    this.errors.push(error);
  }

  private fail(message: string): never {
    throw new SyntaxError(`invalid JSON at offset ${this.pos}: ${message}`);
  }

  private whitespace(): void {
    const text = this.text;
    for (;;) {
      const code = text.charCodeAt(this.pos);
      // Space, tab, newline, carriage return (NaN past the end).
      if (code !== 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) return;
      this.pos++;
    }
  }

  /** Reads a value. `inspect` false skips it (unknown field, opaque); it is still checked as JSON. */
  private value(shape: DecodeShape, path: string, inspect: boolean, checkUnknown: boolean): void {
    this.whitespace();
    const ch = this.text[this.pos];
    if (ch === '{') this.object(shape, path, inspect, checkUnknown);
    else if (ch === '[') this.array(shape, path, inspect, checkUnknown);
    else if (ch === '"') this.string();
    else this.literal();
  }

  private object(shape: DecodeShape, path: string, inspect: boolean, checkUnknown: boolean): void {
    const looking = inspect && shape.kind !== 'opaque' && shape.kind !== 'list';
    const keysSeen = new Set<string>();
    this.pos++;
    this.whitespace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return;
    }
    for (;;) {
      this.whitespace();
      if (this.text[this.pos] !== '"') this.fail('expected a string key');
      const key = this.string();
      this.whitespace();
      if (this.text[this.pos] !== ':') this.fail('expected ":"');
      this.pos++;
      if (!looking) {
        this.value(OPAQUE_SHAPE, path, false, checkUnknown);
      } else {
        const { known, schema } = childSchema(shape, key);
        const childPath = joinFieldPath(path, key);
        if (!known) {
          // Go skips the value of a field its struct lacks, and never counts it as a duplicate.
          if (checkUnknown) this.report({ type: 'unknown field', path: childPath });
          this.value(OPAQUE_SHAPE, childPath, false, checkUnknown);
        } else {
          if (keysSeen.has(key)) this.report({ type: 'duplicate field', path: childPath });
          keysSeen.add(key);
          this.value(decodeShape(schema), childPath, true, checkUnknown);
        }
      }
      this.whitespace();
      const next = this.text[this.pos++];
      if (next === '}') return;
      if (next !== ',') this.fail('expected "," or "}"');
    }
  }

  private array(shape: DecodeShape, path: string, inspect: boolean, checkUnknown: boolean): void {
    const looking = inspect && (shape.kind === 'list' || shape.kind === 'free');
    const items = shape.kind === 'list' ? decodeShape(shape.items) : FREE_SHAPE;
    this.pos++;
    this.whitespace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return;
    }
    for (let i = 0; ; i++) {
      this.value(looking ? items : OPAQUE_SHAPE, `${path}[${i}]`, looking, checkUnknown);
      this.whitespace();
      const next = this.text[this.pos++];
      if (next === ']') return;
      if (next !== ',') this.fail('expected "," or "]"');
    }
  }

  private string(): string {
    // Most strings hold no escape: cut them out whole. Anything else (escapes, an unterminated
    // string) is read character by character below.
    const start = this.pos + 1;
    const end = this.text.indexOf('"', start);
    if (end >= 0) {
      const whole = this.text.slice(start, end);
      if (!whole.includes('\\')) {
        this.pos = end + 1;
        return whole;
      }
    }
    let out = '';
    this.pos++;
    for (;;) {
      const ch = this.text[this.pos++];
      if (ch === undefined) this.fail('unterminated string');
      if (ch === '"') return out;
      if (ch !== '\\') {
        out += ch;
        continue;
      }
      const escape = this.text[this.pos++] ?? '';
      if (escape === 'u') {
        const hex = this.text.slice(this.pos, this.pos + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('bad \\u escape');
        out += String.fromCharCode(Number.parseInt(hex, 16));
        this.pos += 4;
      } else if (ESCAPES[escape] !== undefined) {
        out += ESCAPES[escape];
      } else {
        this.fail('bad escape');
      }
    }
  }

  private literal(): void {
    const match = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(this.text.slice(this.pos, this.pos + 400));
    if (match === null) this.fail('expected a value');
    this.pos += match[0].length;
  }
}

/** Unknown and duplicate fields of a JSON body, in upstream's order. Throws SyntaxError on bad JSON. */
export function scanStrictFieldErrors(jsonText: string, schema: FieldSchema | undefined): StrictFieldError[] {
  const scanner = new StrictScanner(jsonText);
  scanner.run(schema, schema !== undefined);
  return scanner.errors;
}

/** The messages kube-apiserver puts after `strict decoding error: ` for this body. */
export function strictDecodingErrors(jsonText: string, schema: FieldSchema | undefined): string[] {
  return scanStrictFieldErrors(jsonText, schema).map((e) =>
    e.type === 'unknown field' ? unknownFieldMessage(e.path) : duplicateFieldMessage(e.path),
  );
}

/**
 * False when `jsonText` certainly holds no duplicate key; `parsed` is `JSON.parse(jsonText)`, unchanged.
 * Every key's closing quote is followed by optional whitespace and a colon, so there are at least as
 * many such colons in the text as keys (strings can add more), and at least as many keys as
 * JSON.parse kept (it keeps one of each duplicate). When the two counts are equal there is no room
 * for a duplicate, and the body need not be scanned: a few µs instead of a scan of every character.
 */
export function mayHaveDuplicateKeys(jsonText: string, parsed: unknown): boolean {
  return colonsAfterQuotes(jsonText) !== keyCount(parsed);
}

function colonsAfterQuotes(text: string): number {
  let count = 0;
  for (let colon = text.indexOf(':'); colon !== -1; colon = text.indexOf(':', colon + 1)) {
    let before = colon - 1;
    for (let code = text.charCodeAt(before); code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d; code = text.charCodeAt(--before));
    if (text.charCodeAt(before) === 0x22) count++;
  }
  return count;
}

function keyCount(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  let count = 0;
  if (Array.isArray(value)) {
    for (const item of value) count += keyCount(item);
    return count;
  }
  for (const key in value) {
    count++;
    count += keyCount((value as Record<string, unknown>)[key]);
  }
  return count;
}

/**
 * Paths of duplicate keys in a JSON body (`metadata.labels.app`). Without a schema every object is
 * searched; with one, values Go would not look into (unknown fields, raw extensions) are skipped.
 */
export function findDuplicateFields(jsonText: string, schema?: FieldSchema): string[] {
  const scanner = new StrictScanner(jsonText);
  scanner.run(schema, false);
  return scanner.errors.map((e) => e.path);
}
