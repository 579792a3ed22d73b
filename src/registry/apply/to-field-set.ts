/**
 * The set of fields a value sets (typed.TypedValue.ToFieldSet): scalars and atomic lists/maps are
 * leaves; list items (by key or value) are members too; granular map entries (not declared struct
 * fields) are members, and so are fields holding null or an empty map.
 */
import { FieldSet } from './field-set.js';
import { fieldElement, pathElementToString, type PathElement } from './path-element.js';
import { listItemElement, mapChildType, nodeKind, resolveAtom, type ListAtom, type TypeRef } from './type-ref.js';
import { isJsonObject, type JsonValue } from './values.js';

export class TypedValueError extends Error {
  override readonly name = 'TypedValueError';
}

export interface ToFieldSetOptions {
  /** Live objects may hold duplicate list items; apply configurations may not (upstream validation). */
  allowDuplicates: boolean;
}

export function toFieldSet(value: JsonValue, ref: TypeRef, options: ToFieldSetOptions): FieldSet {
  const set = FieldSet.empty();
  visit(value, ref, [], set, options);
  return set;
}

function visit(value: JsonValue, ref: TypeRef, path: PathElement[], set: FieldSet, options: ToFieldSetOptions): void {
  const atom = resolveAtom(ref);
  const kind = nodeKind(atom, value);
  if (kind === 'leaf') {
    set.insert(path);
    return;
  }
  if (kind === 'list') {
    const list = atom.list!;
    if (list.atomic) {
      set.insert(path);
      return;
    }
    if (!Array.isArray(value)) return;
    visitListItems(value, list.element, list, path, set, options);
    return;
  }
  const map = atom.map!;
  if (map.atomic) {
    set.insert(path);
    return;
  }
  if (!isJsonObject(value)) return;
  for (const [key, child] of Object.entries(value)) {
    const childPath = [...path, fieldElement(key)];
    visit(child, mapChildType(map, key), childPath, set, options);
    if (child === null || (isJsonObject(child) && Object.keys(child).length === 0) || !map.field(key)) {
      set.insert(childPath);
    }
  }
}

function visitListItems(
  items: JsonValue[],
  element: TypeRef,
  list: ListAtom,
  path: PathElement[],
  set: FieldSet,
  options: ToFieldSetOptions,
): void {
  const elements = items.map((item, i) => itemElement(list, item, i, path));
  const seen = FieldSet.empty();
  const duplicates = FieldSet.empty();
  for (const pe of elements) {
    if (!seen.hasMember(pe)) {
      seen.insertMember(pe);
    } else if (!duplicates.hasMember(pe)) {
      if (!options.allowDuplicates) {
        throw new TypedValueError(`${pathText(path)}: duplicate entries for key ${pathElementToString(pe)}`);
      }
      // A duplicated item is owned as a whole, never field by field.
      set.insert([...path, pe]);
      duplicates.insertMember(pe);
    }
  }
  items.forEach((item, i) => {
    const pe = elements[i]!;
    if (duplicates.hasMember(pe)) return;
    const itemPath = [...path, pe];
    visit(item, element, itemPath, set, options);
    set.insert(itemPath);
  });
}

function itemElement(
  list: ListAtom,
  item: JsonValue,
  index: number,
  path: PathElement[],
): PathElement {
  try {
    return listItemElement(list, item);
  } catch (error) {
    throw new TypedValueError(`${pathText(path)}: element ${index}: ${(error as Error).message}`, { cause: error });
  }
}

export function pathText(path: readonly PathElement[]): string {
  return path.map(pathElementToString).join('');
}
