/**
 * The FieldsV1 wire form of a field set (fieldpath serialize.go): a JSON object whose keys are
 * serialised path elements in sorted order, `{}` for a leaf, and `".": {}` when a path is both a
 * member and has children.
 */
import { FieldSet } from './field-set.js';
import {
  comparePathElements,
  parsePathElement,
  serializePathElement,
  type Path,
  type PathElement,
} from './path-element.js';

export type FieldsV1 = { [key: string]: FieldsV1 };

export function setToFieldsV1(set: FieldSet): FieldsV1 {
  return emitContents(set, false);
}

function emitContents(set: FieldSet, includeSelf: boolean): FieldsV1 {
  const out: FieldsV1 = {};
  if (includeSelf && (set.members.length > 0 || set.children.length > 0)) out['.'] = {};
  // Interleave members and children by element order; an element in both becomes one key with ".".
  let mi = 0;
  let ci = 0;
  while (mi < set.members.length || ci < set.children.length) {
    const member = set.members[mi];
    const child = set.children[ci];
    const c = member === undefined ? 1 : child === undefined ? -1 : comparePathElements(member, child.element);
    if (c < 0) {
      out[serializePathElement(member!)] = {};
      mi++;
    } else if (c > 0) {
      out[serializePathElement(child!.element)] = emitContents(child!.set, false);
      ci++;
    } else {
      out[serializePathElement(child!.element)] = emitContents(child!.set, true);
      mi++;
      ci++;
    }
  }
  return out;
}

export class FieldsV1Error extends Error {
  override readonly name = 'FieldsV1Error';
}

/** Parses FieldsV1; unknown element types are skipped as upstream does (readIterV1). */
export function fieldsV1ToSet(fields: unknown): FieldSet {
  if (!isFieldsObject(fields)) throw new FieldsV1Error('FieldsV1 must be a JSON object');
  return readLevel(fields).children ?? FieldSet.empty();
}

function isFieldsObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readLevel(fields: Record<string, unknown>): { children: FieldSet | undefined; isMember: boolean } {
  let children: FieldSet | undefined;
  let isMember = false;
  for (const [key, nested] of Object.entries(fields)) {
    if (key === '.') {
      isMember = true;
      continue;
    }
    let pe: PathElement | undefined;
    try {
      pe = parsePathElement(key);
    } catch (error) {
      throw new FieldsV1Error(`parsing key as path element: ${(error as Error).message}`, { cause: error });
    }
    if (pe === undefined) continue;
    if (!isFieldsObject(nested)) throw new FieldsV1Error(`value of ${key} must be a JSON object`);
    const below = readLevel(nested);
    if (below.isMember) (children ??= FieldSet.empty()).insertMember(pe);
    if (below.children) (children ??= FieldSet.empty()).attach(pe, below.children);
  }
  // An object with no (known) children is itself a leaf.
  if (children === undefined) isMember = true;
  return { children, isMember };
}

/** FieldsV1 → the list of paths it holds (exported for tests and debugging). */
export function fieldsV1ToPaths(fields: unknown): Path[] {
  return fieldsV1ToSet(fields).paths();
}

/** Paths → FieldsV1 (exported for tests and debugging). */
export function pathsToFieldsV1(paths: Iterable<Path>): FieldsV1 {
  return setToFieldsV1(FieldSet.fromPaths(paths));
}
