/**
 * Merges an apply configuration into the live object (typed.TypedValue.Merge with "keep RHS"):
 * leaves and atomic values take the configuration's value, granular maps merge key by key, and
 * associative lists merge item by item, keeping live-only items and following the configuration's
 * order for shared items (the interleaving walk of merge.go's visitListItems).
 */
import { fieldElement, pathElementToString, serializePathElement, type PathElement } from './path-element.js';
import { pathText, TypedValueError } from './to-field-set.js';
import { listItemElement, mapChildType, nodeKind, resolveAtom, type ListAtom, type MapAtom, type TypeRef } from './type-ref.js';
import { isJsonObject, type JsonObject, type JsonValue } from './values.js';

/** `lhs` is the live value (duplicate list items tolerated), `rhs` the configuration. */
export function mergeTyped(lhs: JsonValue | undefined, rhs: JsonValue | undefined, ref: TypeRef): JsonValue | undefined {
  if (lhs === undefined && rhs === undefined) return undefined;
  return mergeNode(lhs, rhs, ref, []);
}

function mergeNode(
  lhs: JsonValue | undefined,
  rhs: JsonValue | undefined,
  ref: TypeRef,
  path: PathElement[],
): JsonValue | undefined {
  const atom = resolveAtom(ref);
  const lhsKind = lhs === undefined ? undefined : nodeKind(atom, lhs);
  const rhsKind = rhs === undefined ? undefined : nodeKind(atom, rhs);
  const leaf = rhs !== undefined ? rhs : lhs;
  const kind = rhs === undefined ? lhsKind : lhs === undefined || lhsKind === rhsKind ? rhsKind : 'leaf';
  if (kind === 'list') {
    const list = atom.list!;
    const left = Array.isArray(lhs) ? lhs : undefined;
    const right = Array.isArray(rhs) ? rhs : undefined;
    if (list.atomic || ((!left || left.length === 0) && (!right || right.length === 0))) return leaf;
    const merged = mergeListItems(list, left ?? [], right ?? [], path);
    return merged.length > 0 ? merged : undefined;
  }
  if (kind === 'map') {
    const map = atom.map!;
    const left = isJsonObject(lhs) ? lhs : undefined;
    const right = isJsonObject(rhs) ? rhs : undefined;
    const leftEmpty = !left || Object.keys(left).length === 0;
    const rightEmpty = !right || Object.keys(right).length === 0;
    if (map.atomic || (leftEmpty && rightEmpty)) return leaf;
    const merged = mergeMapItems(map, left ?? {}, right ?? {}, path);
    return Object.keys(merged).length > 0 ? merged : undefined;
  }
  return leaf;
}

function mergeMapItems(map: MapAtom, lhs: JsonObject, rhs: JsonObject, path: PathElement[]): JsonObject {
  const out: JsonObject = {};
  for (const key of new Set([...Object.keys(lhs), ...Object.keys(rhs)])) {
    const left = Object.hasOwn(lhs, key) ? lhs[key] : undefined;
    const right = Object.hasOwn(rhs, key) ? rhs[key] : undefined;
    const merged = mergeNode(left, right, mapChildType(map, key), [...path, fieldElement(key)]);
    if (merged !== undefined) out[key] = merged;
  }
  return out;
}

interface Indexed {
  elements: PathElement[];
  ids: string[];
  /** id → item; a duplicated live item maps to null (upstream merges it as an explicit null). */
  observed: Map<string, JsonValue>;
}

function index(list: ListAtom, items: JsonValue[], path: PathElement[], allowDuplicates: boolean): Indexed {
  const indexed: Indexed = { elements: [], ids: [], observed: new Map() };
  items.forEach((item, i) => {
    let pe: PathElement;
    try {
      pe = listItemElement(list, item);
    } catch (error) {
      throw new TypedValueError(`${pathText(path)}: element ${i}: ${(error as Error).message}`, { cause: error });
    }
    const id = serializePathElement(pe);
    if (indexed.observed.has(id)) {
      if (!allowDuplicates) {
        throw new TypedValueError(`${pathText(path)}: duplicate entries for key ${pathElementToString(pe)}`);
      }
      indexed.observed.set(id, null);
    } else {
      indexed.observed.set(id, item);
    }
    indexed.elements.push(pe);
    indexed.ids.push(id);
  });
  return indexed;
}

function mergeListItems(list: ListAtom, lhs: JsonValue[], rhs: JsonValue[], path: PathElement[]): JsonValue[] {
  const right = index(list, rhs, path, false);
  const left = index(list, lhs, path, true);
  const out: JsonValue[] = [];
  const mergeItem = (pe: PathElement, l: JsonValue | undefined, r: JsonValue | undefined): void => {
    const merged = mergeNode(l, r, list.element, [...path, pe]);
    if (merged !== undefined) out.push(merged);
  };

  // Shared items (in both lists) appear in the configuration's order; live-only items stay near
  // the live neighbours they had.
  const sharedOrder = right.ids.filter((id) => left.observed.has(id));
  let nextShared = sharedOrder.shift();
  const mergedRight = new Set<string>();
  let li = 0;
  let ri = 0;
  while (li < left.ids.length || ri < right.ids.length) {
    if (li < left.ids.length && ri < right.ids.length) {
      const id = left.ids[li]!;
      if (id === right.ids[ri]) {
        mergedRight.add(id);
        mergeItem(left.elements[li]!, left.observed.get(id), right.observed.get(id));
        li++;
        ri++;
        nextShared = sharedOrder.shift();
        continue;
      }
      if (right.observed.has(id) && nextShared !== undefined && nextShared !== id) {
        li++;
        continue;
      }
    }
    if (li < left.ids.length) {
      const id = left.ids[li]!;
      if (!right.observed.has(id)) {
        mergeItem(left.elements[li]!, lhs[li], undefined);
        li++;
        continue;
      } else if (mergedRight.has(id)) {
        li++;
      }
    }
    if (ri < right.ids.length) {
      const id = right.ids[ri]!;
      mergedRight.add(id);
      mergeItem(right.elements[ri]!, left.observed.get(id), right.observed.get(id));
      ri++;
      if (nextShared !== undefined && nextShared === id) nextShared = sharedOrder.shift();
    }
  }
  return out;
}
