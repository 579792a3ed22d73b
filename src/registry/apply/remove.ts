/**
 * Removing a set of fields from a value (typed.TypedValue.RemoveItems), and the schema-aware
 * widening of a set that pruning relies on (Set.EnsureNamedFieldsAreMembers).
 */
import { FieldSet, type FieldSetChild } from './field-set.js';
import { fieldElement, type PathElement } from './path-element.js';
import { listItemElement, mapChildType, nodeKind, resolveAtom, type Atom, type TypeRef } from './type-ref.js';
import { isJsonObject, type JsonObject, type JsonValue } from './values.js';

/**
 * Returns `value` without the paths in `toRemove`. Where upstream would leave an explicit null (a
 * granular map or list whose entries were all removed) the entry is dropped instead; JSON
 * objects have no typed struct to turn that null back into "absent".
 */
export function removeItems(value: JsonValue, toRemove: FieldSet, ref: TypeRef): JsonValue | undefined {
  const atom = resolveAtom(ref);
  const kind = nodeKind(atom, value);
  if (kind === 'list' && Array.isArray(value) && value.length > 0 && !atom.list!.atomic) {
    const list = atom.list!;
    const out: JsonValue[] = [];
    for (const item of value) {
      let pe: PathElement | undefined;
      try {
        pe = listItemElement(list, item);
      } catch {
        // Upstream indexes such an item by an empty element that matches nothing: it stays.
        out.push(item);
        continue;
      }
      if (toRemove.hasMember(pe)) continue;
      const subset = toRemove.withPrefix(pe);
      const kept = subset.isEmpty() ? item : removeItems(item, subset, list.element);
      if (kept !== undefined) out.push(kept);
    }
    return out.length > 0 ? out : undefined;
  }
  if (kind === 'map' && isJsonObject(value) && Object.keys(value).length > 0 && !atom.map!.atomic) {
    const map = atom.map!;
    const out: JsonObject = {};
    for (const [key, child] of Object.entries(value)) {
      const pe = fieldElement(key);
      if (toRemove.hasMember(pe)) continue;
      const subset = toRemove.withPrefix(pe);
      const kept = subset.isEmpty() ? child : removeItems(child, subset, mapChildType(map, key));
      if (kept !== undefined) out[key] = kept;
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }
  return value;
}

/** Removes paths from a whole object; an object stripped of everything becomes `{}`. */
export function removeFromObject(object: JsonObject, toRemove: FieldSet, ref: TypeRef): JsonObject {
  const kept = removeItems(object, toRemove, ref);
  return isJsonObject(kept) ? kept : {};
}

const NO_ATOM: Atom = { scalar: false };

/**
 * Adds, as members, the declared struct fields that only appear as parents of other paths, so that
 * removing the set removes those fields as a whole.
 */
export function ensureNamedFieldsAreMembers(set: FieldSet, ref: TypeRef | undefined): FieldSet {
  const atom = ref ? resolveAtom(ref) : NO_ATOM;
  const promoted = FieldSet.of([...set.members], []);
  const children: FieldSetChild[] = set.children.map((child) => {
    let childRef: TypeRef | undefined;
    if (child.element.kind === 'field' && atom.map) {
      if (atom.map.field(child.element.name)) promoted.insertMember(child.element);
      childRef = mapChildType(atom.map, child.element.name);
    } else if (child.element.kind === 'key' && atom.list) {
      childRef = atom.list.element;
    }
    return { element: child.element, set: ensureNamedFieldsAreMembers(child.set, childRef) };
  });
  return FieldSet.of(promoted.members, children);
}
