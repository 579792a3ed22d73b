/**
 * The FieldsV1 a create gives its manager, in one walk over the new object. The general chain
 * (field-manager.ts recordUpdate) builds compareTyped({}, object).added, takes the reset fields
 * away (Set.RecursiveDifference), unions, strips identity and bookkeeping fields (Set.Difference)
 * and encodes the result (setToFieldsV1). Here the same FieldsV1 is written directly: each level's
 * keys are sorted as FieldSet sorts its elements, so the object's key order is the encoder's. Every
 * create takes this path (trackCreate): the managedFields work was about a fifth of a pod create's
 * main-thread time, most of it building, filtering and encoding FieldSets of every added path.
 * test/registry/apply/create-fields.test.ts checks it against the general chain.
 */
import { groupAddedListItems, type AddedListItems } from './compare.js';
import type { FieldSet } from './field-set.js';
import type { FieldsV1 } from './fields-v1.js';
import { comparePathElements, fieldElement, fieldKey, type PathElement } from './path-element.js';
import { mapChildType, nodeKind, resolveAtom, type ListAtom, type MapAtom, type TypeRef } from './type-ref.js';
import { compareStrings, isJsonObject, type JsonObject, type JsonValue } from './values.js';

/** What the filters still take away below some element; undefined where neither reaches. */
interface Filters {
  /** Removes its members with everything below them (Set.RecursiveDifference). */
  readonly ignored: FieldSet | undefined;
  /** Removes its members only: what was added below a member stays (Set.Difference). */
  readonly stripped: FieldSet | undefined;
}

/** How the filters treat one element: keep it as a member or not, and what they take below it. */
interface Step {
  readonly member: boolean;
  readonly below: Filters | undefined;
}

const UNFILTERED: Step = { member: true, below: undefined };

/**
 * Thrown where two distinct elements of one level compare equal (strings with different lone
 * surrogates are the same UTF-8): a FieldSet would merge them, which this walk does not mimic.
 */
export class EqualElementsError extends Error {
  override readonly name = 'EqualElementsError';
}

/**
 * Errors only send the create down the general path, which names the place itself: no path is
 * kept for list-item errors here.
 */
const NO_PATH: readonly PathElement[] = [];

/**
 * The FieldsV1 of `object` added whole (compareTyped({}, object) for a map root), without
 * `ignored` (recursively) and `stripped` (member by member); undefined when nothing is left.
 * Throws TypedValueError for an invalid list item, as compareTyped does, and EqualElementsError.
 */
export function createdFieldsV1(object: JsonObject, ref: TypeRef, ignored: FieldSet | undefined, stripped: FieldSet | undefined): FieldsV1 | undefined {
  return childFields(object, ref, ignored || stripped ? { ignored, stripped } : undefined, false);
}

/**
 * The keys for what is added below a value (compare.ts addChildren): the entries of a granular map
 * or list that is not empty; nothing for anything else. `self`: the value is itself a member, so
 * its object starts with ".". Undefined when no key is left.
 */
function childFields(value: JsonValue, ref: TypeRef, filters: Filters | undefined, self: boolean): FieldsV1 | undefined {
  const atom = resolveAtom(ref);
  const kind = nodeKind(atom, value);
  if (kind === 'map') {
    const map = atom.map!;
    return map.atomic || !isJsonObject(value) ? undefined : mapFields(value, map, filters, self);
  }
  if (kind === 'list') {
    const list = atom.list!;
    return list.atomic || !Array.isArray(value) || value.length === 0 ? undefined : listFields(value, list, filters, self);
  }
  return undefined;
}

function mapFields(value: JsonObject, map: MapAtom, filters: Filters | undefined, self: boolean): FieldsV1 | undefined {
  const names = Object.keys(value);
  sortStrictly(names, compareStrings);
  let out: FieldsV1 | undefined;
  for (const name of names) {
    const child = value[name];
    const step = filters ? filterStep(filters, fieldElement(name)) : UNFILTERED;
    if (step === undefined) {
      if (isContainer(child)) checkListItems(child, mapChildType(map, name));
      continue;
    }
    const below = isContainer(child) ? childFields(child, mapChildType(map, name), step.below, step.member) : undefined;
    const fields = memberFields(below, step);
    if (fields !== undefined) (out ??= start(self))[fieldKey(name)] = fields;
  }
  return out;
}

function listFields(items: JsonValue[], list: ListAtom, filters: Filters | undefined, self: boolean): FieldsV1 | undefined {
  const groups = groupAddedListItems(list, items, NO_PATH);
  sortStrictly(groups, byElement);
  let out: FieldsV1 | undefined;
  for (const group of groups) {
    const step = filters ? filterStep(filters, group.element) : UNFILTERED;
    // An element two items share is one leaf: nothing below it is looked at or owned.
    const item = group.count === 1 && isContainer(group.item) ? group.item : undefined;
    if (step === undefined) {
      if (item !== undefined) checkListItems(item, list.element);
      continue;
    }
    const below = item !== undefined ? childFields(item, list.element, step.below, step.member) : undefined;
    const fields = memberFields(below, step);
    if (fields !== undefined) (out ??= start(self))[group.key] = fields;
  }
  return out;
}

/**
 * Only a map or a list can have anything added below it, whatever its type says (see nodeKind):
 * scalars, null and undefined (an own key set to undefined, never in parsed JSON) are leaves, and
 * their type is never looked up.
 */
function isContainer(value: JsonValue | undefined): value is JsonObject | JsonValue[] {
  return typeof value === 'object' && value !== null;
}

/** What one added member leaves: its children (after "." when it is kept), else `{}` for a kept leaf. */
function memberFields(below: FieldsV1 | undefined, step: Step): FieldsV1 | undefined {
  return below ?? (step.member ? {} : undefined);
}

/**
 * The general path compares a subtree before it takes the ignored fields away, so an invalid list
 * item below an ignored field fails it too: look at every list it would group, emit nothing.
 */
function checkListItems(value: JsonValue | undefined, ref: TypeRef): void {
  if (!isContainer(value)) return;
  const atom = resolveAtom(ref);
  const kind = nodeKind(atom, value);
  if (kind === 'map') {
    const map = atom.map!;
    if (map.atomic || !isJsonObject(value)) return;
    for (const name of Object.keys(value)) checkListItems(value[name], mapChildType(map, name));
  } else if (kind === 'list') {
    const list = atom.list!;
    if (list.atomic || !Array.isArray(value) || value.length === 0) return;
    for (const group of groupAddedListItems(list, value, NO_PATH)) if (group.count === 1) checkListItems(group.item, list.element);
  }
}

/** Undefined when `ignored` takes the element and all below it. */
function filterStep(filters: Filters, element: PathElement): Step | undefined {
  if (filters.ignored?.hasMember(element)) return undefined;
  const ignored = filters.ignored?.child(element);
  const stripped = filters.stripped?.child(element);
  return {
    member: !(filters.stripped?.hasMember(element) ?? false),
    below: ignored || stripped ? { ignored, stripped } : undefined,
  };
}

function start(self: boolean): FieldsV1 {
  return self ? { '.': {} } : {};
}

function byElement(left: AddedListItems, right: AddedListItems): number {
  return comparePathElements(left.element, right.element);
}

/**
 * Sorts in place, refusing distinct entries that compare equal (see EqualElementsError). Most
 * levels hold a handful of entries: an insertion sort, which compares every pair that ends up
 * adjacent, is several times faster there than Array.prototype.sort with a comparator.
 */
function sortStrictly<T>(items: T[], compare: (left: T, right: T) => number): void {
  if (items.length > INSERTION_SORT_MAX) {
    items.sort(compare);
    for (let i = 1; i < items.length; i++) if (compare(items[i - 1]!, items[i]!) === 0) throw equalElements();
    return;
  }
  for (let i = 1; i < items.length; i++) {
    const item = items[i]!;
    let j = i;
    for (; j > 0; j--) {
      const c = compare(items[j - 1]!, item);
      if (c === 0) throw equalElements();
      if (c < 0) break;
      items[j] = items[j - 1]!;
    }
    items[j] = item;
  }
}

const INSERTION_SORT_MAX = 16;

function equalElements(): EqualElementsError {
  return new EqualElementsError('two elements of one level compare equal');
}
