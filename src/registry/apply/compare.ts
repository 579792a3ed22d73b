/**
 * Field-level difference between two versions of an object (typed.TypedValue.Compare): which paths
 * were added, modified or removed. Granular maps and associative lists are compared item by item;
 * leaves, atomic lists/maps, and lists/maps that are empty on both sides, as a whole.
 * A subtree absent on the left (all of a create) takes a walk of its own: see addSubtree.
 */
import { FieldSet } from './field-set.js';
import { fieldElement, serializePathElement, type PathElement } from './path-element.js';
import { pathText, TypedValueError } from './to-field-set.js';
import {
  listItemElement,
  mapChildType,
  nodeKind,
  resolveAtom,
  type Atom,
  type ListAtom,
  type MapAtom,
  type NodeKind,
  type TypeRef,
} from './type-ref.js';
import { deepEqual, isJsonObject, type JsonObject, type JsonValue } from './values.js';

export interface Comparison {
  added: FieldSet;
  modified: FieldSet;
  removed: FieldSet;
}

export function compareTyped(lhs: JsonValue | undefined, rhs: JsonValue | undefined, ref: TypeRef): Comparison {
  const comparison: Comparison = { added: FieldSet.empty(), modified: FieldSet.empty(), removed: FieldSet.empty() };
  if (lhs === undefined && rhs === undefined) return comparison;
  // The root itself is never a member: the empty path is not a field path.
  if (lhs === undefined) addChildren(rhs!, ref, [], comparison.added, undefined);
  else compareNode(lhs, rhs, ref, [], comparison);
  return comparison;
}

export function isSame(c: Comparison): boolean {
  return c.added.isEmpty() && c.modified.isEmpty() && c.removed.isEmpty();
}

function compareNode(
  lhs: JsonValue | undefined,
  rhs: JsonValue | undefined,
  ref: TypeRef,
  path: PathElement[],
  out: Comparison,
): void {
  if (lhs === undefined) {
    // Only ever below the root (compareTyped takes an absent root itself).
    let parent = out.added;
    for (let i = 0; i < path.length - 1; i++) parent = parent.descend(path[i]!);
    addSubtree(rhs, ref, parent, path[path.length - 1]!, path.slice(0, -1));
    return;
  }
  const atom = resolveAtom(ref);
  const lhsKind = nodeKind(atom, lhs);
  const rhsKind = rhs === undefined ? undefined : nodeKind(atom, rhs);
  const state = { inLeaf: false };
  if (rhsKind === undefined || lhsKind === rhsKind) handleKind(lhsKind, atom, lhs, rhs, path, out, state);
  else {
    // The value changed shape (untyped/deduced nodes): upstream walks it once as the old shape
    // (so the old children count as removed) and once as the new one.
    handleKind(lhsKind, atom, lhs, rhs, path, out, { inLeaf: false });
    handleKind(rhsKind, atom, lhs, rhs, path, out, state);
  }
  if (!state.inLeaf && rhs === undefined) out.removed.insert(path);
}

function handleKind(
  kind: NodeKind,
  atom: Atom,
  lhs: JsonValue,
  rhs: JsonValue | undefined,
  path: PathElement[],
  out: Comparison,
  state: { inLeaf: boolean },
): void {
  const doLeaf = (): void => {
    if (state.inLeaf) return;
    state.inLeaf = true;
    if (rhs === undefined) out.removed.insert(path);
    else if (!deepEqual(lhs, rhs)) out.modified.insert(path);
  };
  if (kind === 'list') {
    const list = atom.list!;
    const left = Array.isArray(lhs) ? lhs : undefined;
    const right = Array.isArray(rhs) ? rhs : undefined;
    if (list.atomic || ((!left || left.length === 0) && (!right || right.length === 0))) doLeaf();
    else compareListItems(list, left ?? [], right ?? [], path, out);
  } else if (kind === 'map') {
    const map = atom.map!;
    const left = isJsonObject(lhs) ? lhs : undefined;
    const right = isJsonObject(rhs) ? rhs : undefined;
    const leftEmpty = !left || Object.keys(left).length === 0;
    const rightEmpty = !right || Object.keys(right).length === 0;
    if (map.atomic || (leftEmpty && rightEmpty)) doLeaf();
    else compareMapItems(map, left ?? {}, right ?? {}, path, out);
  } else {
    doLeaf();
  }
}

function compareMapItems(map: MapAtom, lhs: JsonObject, rhs: JsonObject, path: PathElement[], out: Comparison): void {
  for (const key of new Set([...Object.keys(lhs), ...Object.keys(rhs)])) {
    const left = Object.hasOwn(lhs, key) ? lhs[key] : undefined;
    const right = Object.hasOwn(rhs, key) ? rhs[key] : undefined;
    // An unchanged subtree adds, modifies and removes nothing: one allocation-free equality walk
    // instead of a typed walk building paths (a status update leaves spec and metadata alone).
    if (left !== undefined && right !== undefined && (left === right || deepEqual(left, right))) continue;
    compareNode(left, right, mapChildType(map, key), [...path, fieldElement(key)], out);
  }
}

interface Grouped {
  element: PathElement;
  left: JsonValue[];
  right: JsonValue[];
}

function compareListItems(list: ListAtom, lhs: JsonValue[], rhs: JsonValue[], path: PathElement[], out: Comparison): void {
  // Items grouped by their path element, in first-seen order (left side first).
  const groups = new Map<string, Grouped>();
  const add = (items: JsonValue[], side: 'left' | 'right'): void => {
    items.forEach((item, i) => {
      const pe = elementOf(list, item, i, path);
      const id = serializePathElement(pe);
      let group = groups.get(id);
      if (!group) groups.set(id, (group = { element: pe, left: [], right: [] }));
      group[side].push(item);
    });
  };
  add(lhs, 'left');
  add(rhs, 'right');
  for (const { element, left, right } of groups.values()) {
    const itemPath = [...path, element];
    if (left.length <= 1 && right.length <= 1) {
      compareNode(left[0], right[0], list.element, itemPath, out);
    } else if (left.length >= 2 && right.length >= 2) {
      if (left.length !== right.length || left.some((v, i) => !deepEqual(v, right[i]))) out.modified.insert(itemPath);
    } else if (left.length >= 2) {
      if (right.length > 0) compareNode(undefined, right[0], list.element, itemPath, out);
      out.removed.insert(itemPath);
    } else {
      if (left.length > 0) compareNode(left[0], undefined, list.element, itemPath, out);
      out.added.insert(itemPath);
    }
  }
}

function elementOf(list: ListAtom, item: JsonValue, index: number, path: readonly PathElement[]): PathElement {
  try {
    return listItemElement(list, item);
  } catch (error) {
    throw new TypedValueError(`${pathText(path)}: element ${index}: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * compareNode(undefined, value) for the path `path` + `pe`: all the value sets is added. It builds
 * the `added` tree directly (`parent` is the set for `path`), with no path copied per node and no
 * insert walking from the root; `path` is pushed and popped only to name places in errors.
 */
function addSubtree(value: JsonValue | undefined, ref: TypeRef, parent: FieldSet, pe: PathElement, path: PathElement[]): void {
  parent.insertMember(pe);
  if (value === undefined) return;
  path.push(pe);
  addChildren(value, ref, path, parent, pe);
  path.pop();
}

/**
 * The children of an added granular map or list that is not empty; anything else is a leaf, as in
 * handleKind. They go into the set for `pe` below `parent`, or into `parent` itself for the root.
 */
function addChildren(value: JsonValue, ref: TypeRef, path: PathElement[], parent: FieldSet, pe: PathElement | undefined): void {
  const atom = resolveAtom(ref);
  const kind = nodeKind(atom, value);
  if (kind === 'map') {
    const map = atom.map!;
    if (map.atomic || !isJsonObject(value)) return;
    const keys = Object.keys(value);
    if (keys.length === 0) return;
    const set = pe === undefined ? parent : parent.descend(pe);
    for (const key of keys) addSubtree(value[key], mapChildType(map, key), set, fieldElement(key), path);
  } else if (kind === 'list') {
    const list = atom.list!;
    if (list.atomic || !Array.isArray(value) || value.length === 0) return;
    if (value.length === 1) {
      // Nothing to group, so no key to serialise (most lists hold one item).
      const element = elementOf(list, value[0]!, 0, path);
      addSubtree(value[0], list.element, pe === undefined ? parent : parent.descend(pe), element, path);
      return;
    }
    const groups = groupAddedListItems(list, value, path);
    const set = pe === undefined ? parent : parent.descend(pe);
    for (const { element, item, count } of groups) {
      if (count === 1) addSubtree(item, list.element, set, element, path);
      else set.insertMember(element);
    }
  }
}

/** Items of an added granular list that share one path element. */
export interface AddedListItems {
  readonly element: PathElement;
  /** The element's FieldsV1 key (serializePathElement): items are grouped by it. */
  readonly key: string;
  /** The first item with this element: the only one looked into, and only when `count` is 1. */
  readonly item: JsonValue;
  count: number;
}

/**
 * The items of an added granular list grouped by element in first-seen order, as compareListItems
 * groups them; an element two or more items share is added as a whole (one leaf). Every item's
 * element comes first: an invalid item fails the list before anything below it is read.
 */
export function groupAddedListItems(list: ListAtom, items: readonly JsonValue[], path: readonly PathElement[]): AddedListItems[] {
  const elements = items.map((item, i) => elementOf(list, item, i, path));
  if (items.length === 1) return [{ element: elements[0]!, key: serializePathElement(elements[0]!), item: items[0]!, count: 1 }];
  const groups = new Map<string, AddedListItems>();
  items.forEach((item, i) => {
    const element = elements[i]!;
    const key = serializePathElement(element);
    const group = groups.get(key);
    if (group) group.count++;
    else groups.set(key, { element, key, item, count: 1 });
  });
  return [...groups.values()];
}
