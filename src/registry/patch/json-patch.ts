/**
 * RFC 6902 JSON patch with the semantics of the library kube-apiserver uses
 * (gopkg.in/evanphx/json-patch.v4) rather than strict RFC, because clients are tested against
 * those: `replace` of a missing object key adds it, `test` of a missing path passes when the value
 * is null, negative array indices count from the end, and a path's first segment is not checked.
 * Decoding failures are 400; every failed operation is a 422 with upstream's fixed message.
 * fast-json-patch is strict RFC, so these few rules are implemented here instead.
 */
import { PatchError } from './errors.js';
import { cloneJson, getMember, isJsonObject, jsonEqual, setMember, type JsonObject, type JsonValue } from './json-value.js';

/** kube-apiserver's maxJSONPatchOperations. */
export const MAX_JSON_PATCH_OPERATIONS = 10_000;
/** kube-apiserver's default --json-patch-max-copy-bytes (JSONPatchMaxCopyBytes). */
export const JSON_PATCH_MAX_COPY_BYTES = 3 * 1024 * 1024;

type Operation = Record<string, unknown>;
/** A container a path resolves into: an object or an array, plus the final reference token. */
type Target = { container: JsonObject | JsonValue[]; key: string };

export function applyJsonPatch(original: unknown, patch: unknown): unknown {
  const operations = decodePatch(patch);
  const state = { doc: cloneJson(original) as JsonValue, copiedBytes: 0 };
  for (const operation of operations) {
    applyOperation(state, operation);
  }
  return state.doc;
}

function decodePatch(patch: unknown): Operation[] {
  if (patch === null || patch === undefined) return [];
  if (!Array.isArray(patch)) {
    throw new PatchError('BadRequest', `json: cannot unmarshal ${jsonKind(patch)} into Go value of type jsonpatch.Patch`);
  }
  for (const operation of patch) {
    if (operation !== null && !isJsonObject(operation)) {
      throw new PatchError(
        'BadRequest',
        `json: cannot unmarshal ${jsonKind(operation)} into Go value of type jsonpatch.Operation`,
      );
    }
  }
  if (patch.length > MAX_JSON_PATCH_OPERATIONS) {
    throw new PatchError(
      'RequestEntityTooLarge',
      `The allowed maximum operations in a JSON patch is ${MAX_JSON_PATCH_OPERATIONS}, got ${patch.length}`,
    );
  }
  return patch.map((operation: JsonObject | null) => operation ?? {});
}

function applyOperation(state: { doc: JsonValue; copiedBytes: number }, operation: Operation): void {
  const kind = typeof operation.op === 'string' ? operation.op : 'unknown';
  switch (kind) {
    case 'add': {
      const path = requirePath(operation, 'path', 'add operation failed to decode path');
      const target = findTarget(state.doc, path);
      if (!target) throw PatchError.unprocessable(`add operation does not apply: doc is missing path: "${path}": missing value`);
      addAt(target, valueOf(operation), `error in add for path: '${path}'`);
      return;
    }
    case 'remove': {
      const path = requirePath(operation, 'path', 'remove operation failed to decode path');
      const target = findTarget(state.doc, path);
      if (!target) throw PatchError.unprocessable(`remove operation does not apply: doc is missing path: "${path}": missing value`);
      removeAt(target, `error in remove for path: '${path}'`);
      return;
    }
    case 'replace':
      state.doc = replace(state.doc, operation);
      return;
    case 'move': {
      const from = requirePath(operation, 'from', 'move operation failed to decode from');
      const source = findTarget(state.doc, from);
      if (!source) throw PatchError.unprocessable(`move operation does not apply: doc is missing from path: ${from}: missing value`);
      const moved = getAt(source, `error in move for path: '${source.key}'`);
      removeAt(source, `error in move for path: '${source.key}'`);
      const path = requirePath(operation, 'path', 'move operation failed to decode path');
      const destination = findTarget(state.doc, path);
      if (!destination) {
        throw PatchError.unprocessable(`move operation does not apply: doc is missing destination path: ${path}: missing value`);
      }
      addAt(destination, moved ?? null, `error in move for path: '${path}'`);
      return;
    }
    case 'copy': {
      const from = requirePath(operation, 'from', 'copy operation failed to decode from');
      const source = findTarget(state.doc, from);
      if (!source) throw PatchError.unprocessable(`copy operation does not apply: doc is missing from path: ${from}: missing value`);
      const copied = cloneJson(getAt(source, `error in copy for from: '${from}'`) ?? null);
      const path = requirePath(operation, 'path', 'copy operation failed to decode path');
      const destination = findTarget(state.doc, path);
      if (!destination) {
        throw PatchError.unprocessable(`copy operation does not apply: doc is missing destination path: ${path}: missing value`);
      }
      state.copiedBytes += JSON.stringify(copied).length;
      if (state.copiedBytes > JSON_PATCH_MAX_COPY_BYTES) {
        throw PatchError.unprocessable(
          `Unable to complete the copy, the accumulated size increase of copy is ${state.copiedBytes}, exceeding the limit ${JSON_PATCH_MAX_COPY_BYTES}`,
        );
      }
      addAt(destination, copied, 'error while adding value during copy');
      return;
    }
    case 'test':
      test(state.doc, operation);
      return;
    default:
      throw PatchError.unprocessable(`Unexpected kind: ${kind}`);
  }
}

function replace(doc: JsonValue, operation: Operation): JsonValue {
  const path = requirePath(operation, 'path', 'replace operation failed to decode path');
  const value = valueOf(operation);
  if (path === '') {
    if (typeof value !== 'object' || value === null) {
      throw PatchError.unprocessable('replace operation value must be object or array');
    }
    return value;
  }
  const target = findTarget(doc, path);
  if (!target) throw PatchError.unprocessable(`replace operation does not apply: doc is missing path: ${path}: missing value`);
  if (Array.isArray(target.container)) {
    const index = parseIndex(target.key);
    const length = target.container.length;
    if (index === undefined || index >= length || index < -length) {
      throw PatchError.unprocessable(`replace operation does not apply: doc is missing key: ${path}: missing value`);
    }
    target.container[index < 0 ? index + length : index] = value;
  } else {
    // Upstream's object lookup never fails, so replacing a missing key adds it.
    setMember(target.container, target.key, value);
  }
  return doc;
}

function test(doc: JsonValue, operation: Operation): void {
  const path = requirePath(operation, 'path', 'test operation failed to decode path');
  const failed = `testing value ${path} failed: test failed`;
  if (path === '') {
    if (!jsonEqual(doc, valueOf(operation))) throw PatchError.unprocessable(failed);
    return;
  }
  const target = findTarget(doc, path);
  if (!target) throw PatchError.unprocessable(`test operation does not apply: is missing path: ${path}: missing value`);
  const actual = getAt(target, `error in test for path: '${path}'`);
  const hasValue = Object.hasOwn(operation, 'value');
  // Upstream stores JSON null as "no node": a missing or null target matches a missing or null value.
  if (actual === undefined || actual === null) {
    if (!hasValue || operation.value === null) return;
    throw PatchError.unprocessable(failed);
  }
  if (!hasValue || !jsonEqual(actual, operation.value)) throw PatchError.unprocessable(failed);
}

function requirePath(operation: Operation, field: 'path' | 'from', message: string): string {
  const value = operation[field];
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) {
    // add, and copy's destination, wrap upstream's error differently from the other operations.
    const plain = message.startsWith('add ') || message === 'copy operation failed to decode path';
    const missing = field === 'path' ? 'operation missing path field' : 'operation, missing from field';
    throw PatchError.unprocessable(plain ? `${message}: missing value` : `${message}: ${missing}: missing value`);
  }
  throw PatchError.unprocessable(`json: cannot unmarshal ${jsonKind(value)} into Go value of type string`);
}

/** The operation's value, copied: later operations may change it in the document. */
function valueOf(operation: Operation): JsonValue {
  return cloneJson((operation.value ?? null) as JsonValue);
}

/** Upstream's findObject: walks all but the last token; undefined when a step is missing or a scalar. */
function findTarget(doc: JsonValue, path: string): Target | undefined {
  const tokens = path.split('/');
  if (tokens.length < 2) return undefined;
  let current: JsonValue = doc;
  for (const token of tokens.slice(1, -1).map(decodeToken)) {
    let next: JsonValue | undefined;
    if (Array.isArray(current)) {
      const index = parseIndex(token);
      if (index === undefined) return undefined;
      const resolved = index < 0 ? index + current.length : index;
      next = resolved >= 0 ? current[resolved] : undefined;
    } else if (isJsonObject(current)) {
      next = getMember(current, token);
    }
    if (next === undefined || next === null || typeof next !== 'object') return undefined;
    current = next;
  }
  if (typeof current !== 'object' || current === null) return undefined;
  return { container: current, key: decodeToken(tokens[tokens.length - 1] ?? '') };
}

function getAt(target: Target, context: string): JsonValue | undefined {
  if (!Array.isArray(target.container)) return getMember(target.container, target.key);
  return target.container[arrayIndex(target.container.length, target.key, context)];
}

function addAt(target: Target, value: JsonValue, context: string): void {
  const { container, key } = target;
  if (!Array.isArray(container)) {
    setMember(container, key, value);
    return;
  }
  if (key === '-') {
    container.push(value);
    return;
  }
  const index = parseIndex(key);
  if (index === undefined) throw PatchError.unprocessable(`${context}: value was not a proper array index: '${key}'`);
  const size = container.length + 1;
  if (index >= size || index < -size) {
    throw PatchError.unprocessable(`${context}: Unable to access invalid index: ${index}: invalid index referenced`);
  }
  container.splice(index < 0 ? index + size : index, 0, value);
}

function removeAt(target: Target, context: string): void {
  const { container, key } = target;
  if (Array.isArray(container)) {
    container.splice(arrayIndex(container.length, key, context), 1);
    return;
  }
  if (!Object.hasOwn(container, key)) {
    throw PatchError.unprocessable(`${context}: Unable to remove nonexistent key: ${key}: missing value`);
  }
  delete container[key];
}

/** An existing element's index, negative indices counting from the end (upstream's default). */
function arrayIndex(length: number, key: string, context: string): number {
  const index = parseIndex(key);
  if (index === undefined) {
    throw PatchError.unprocessable(`${context}: strconv.Atoi: parsing "${key}": invalid syntax`);
  }
  if (index >= length || index < -length) {
    throw PatchError.unprocessable(`${context}: Unable to access invalid index: ${index}: invalid index referenced`);
  }
  return index < 0 ? index + length : index;
}

/** Go's strconv.Atoi: optional sign, decimal digits only. */
function parseIndex(token: string): number | undefined {
  return /^[+-]?\d+$/.test(token) ? Number(token) : undefined;
}

function decodeToken(token: string): string {
  return token.replace(/~[01]/g, (escape) => (escape === '~1' ? '/' : '~'));
}

function jsonKind(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (isJsonObject(value)) return 'object';
  return typeof value === 'boolean' ? 'bool' : typeof value;
}
