/**
 * How a FieldSchema node behaves for merging, as kube-openapi's schemaconv turns OpenAPI into
 * structured-merge-diff types:
 * - objects are granular maps of named fields unless `x-kubernetes-map-type: atomic`; fields not
 *   declared use `additionalProperties`, or the "deduced" type when unknown fields are preserved or
 *   the object declares nothing;
 * - arrays are atomic unless `x-kubernetes-list-type` says set/map, or (for built-ins without a
 *   list type) `x-kubernetes-patch-strategy: merge` makes them a list-map on the patch merge key,
 *   or a set without one;
 * - a node without `type` may be a scalar, list or map (e.g. int-or-string);
 * - "deduced" (no schema): maps granular, lists atomic; "untyped": everything atomic.
 */
import type { FieldSchema } from '../schema/types.js';
import { OBJECT_META_SCHEMA } from './object-meta-schema.js';
import { keyElement, valueElement, type KeyField, type PathElement } from './path-element.js';
import { isJsonObject, isScalar, type JsonValue } from './values.js';

export type TypeRef =
  | { readonly kind: 'schema'; readonly schema: FieldSchema; readonly preserveUnknown: boolean }
  | { readonly kind: 'deduced' }
  | { readonly kind: 'untyped' };

export interface ListAtom {
  readonly atomic: boolean;
  /** Key fields of a list-map; undefined for a set (associative list of scalars). */
  readonly keys: readonly string[] | undefined;
  readonly element: TypeRef;
}

export interface MapAtom {
  readonly atomic: boolean;
  /** The type of a declared (struct) field, or undefined when `name` is not declared. */
  field(name: string): TypeRef | undefined;
  readonly element: TypeRef;
}

export interface Atom {
  readonly scalar: boolean;
  readonly list?: ListAtom;
  readonly map?: MapAtom;
}

export const DEDUCED: TypeRef = { kind: 'deduced' };
export const UNTYPED: TypeRef = { kind: 'untyped' };

const untypedAtom: Atom = {
  scalar: true,
  list: { atomic: true, keys: undefined, element: UNTYPED },
  map: { atomic: true, field: () => undefined, element: UNTYPED },
};

const deducedAtom: Atom = {
  scalar: true,
  list: { atomic: true, keys: undefined, element: UNTYPED },
  map: { atomic: false, field: () => undefined, element: DEDUCED },
};

function schemaRef(schema: FieldSchema, inheritedPreserve: boolean): TypeRef {
  return { kind: 'schema', schema, preserveUnknown: inheritedPreserve || schema.preserveUnknownFields === true };
}

const atomCache = new WeakMap<FieldSchema, Map<boolean, Atom>>();

export function resolveAtom(ref: TypeRef): Atom {
  if (ref.kind === 'deduced') return deducedAtom;
  if (ref.kind === 'untyped') return untypedAtom;
  let byPreserve = atomCache.get(ref.schema);
  if (!byPreserve) atomCache.set(ref.schema, (byPreserve = new Map()));
  let atom = byPreserve.get(ref.preserveUnknown);
  if (!atom) byPreserve.set(ref.preserveUnknown, (atom = schemaAtom(ref.schema, ref.preserveUnknown)));
  return atom;
}

function schemaAtom(schema: FieldSchema, preserveUnknown: boolean): Atom {
  // RawExtension (and FieldsV1): upstream's schemaconv makes RawExtension untyped and atomic.
  if (schema.opaque) return untypedAtom;
  switch (schema.type) {
    case undefined:
      return { scalar: true, list: listAtom(schema, preserveUnknown), map: mapAtom(schema, preserveUnknown) };
    case 'object':
      return { scalar: false, map: mapAtom(schema, preserveUnknown) };
    case 'array':
      return { scalar: false, list: listAtom(schema, preserveUnknown) };
    default:
      return { scalar: true };
  }
}

function mapAtom(schema: FieldSchema, preserveUnknown: boolean): MapAtom {
  const properties = schema.properties ?? {};
  const hasProperties = Object.keys(properties).length > 0;
  const additional = schema.additionalProperties;
  let element: TypeRef;
  if (typeof additional === 'object') element = schemaRef(additional, preserveUnknown);
  else if (additional === true || preserveUnknown || !hasProperties) element = DEDUCED;
  // Upstream leaves undeclared fields untyped here (they fail validation earlier); be lenient.
  else element = DEDUCED;
  // The atom is cached per schema, so each declared field's ref is made once, not per lookup.
  const fields = new Map<string, TypeRef>();
  return {
    atomic: schema.mapType === 'atomic',
    field: (name) => {
      let ref = fields.get(name);
      if (ref === undefined) {
        const property = Object.hasOwn(properties, name) ? properties[name] : undefined;
        if (!property) return undefined;
        fields.set(name, (ref = schemaRef(property, preserveUnknown)));
      }
      return ref;
    },
    element,
  };
}

function listAtom(schema: FieldSchema, preserveUnknown: boolean): ListAtom {
  const element = schema.items ? schemaRef(schema.items, preserveUnknown) : UNTYPED;
  switch (schema.listType) {
    case 'atomic':
      return { atomic: true, keys: undefined, element };
    case 'set':
      return { atomic: false, keys: undefined, element };
    case 'map':
      // Upstream refuses such a schema ("missing map keys"); replacing the list whole is the
      // safe reading of it.
      if (!schema.listMapKeys || schema.listMapKeys.length === 0) return { atomic: true, keys: undefined, element };
      return { atomic: false, keys: schema.listMapKeys, element };
    case undefined:
      break;
  }
  const strategy = schema.patchStrategy;
  if (strategy === 'merge' || strategy === 'merge,retainKeys') {
    return { atomic: false, keys: schema.patchMergeKey ? [schema.patchMergeKey] : undefined, element };
  }
  return { atomic: true, keys: undefined, element };
}

export type NodeKind = 'leaf' | 'list' | 'map';

/**
 * Which handler a value takes (deduceAtom + handleAtom): a value of a kind its type allows takes
 * that kind; null/absent takes the first of map, scalar, list the type allows. A value of a kind its
 * type forbids fails validation upstream; here it is treated as a leaf.
 */
export function nodeKind(atom: Atom, value: JsonValue | undefined): NodeKind {
  if (value === null || value === undefined) return atom.map ? 'map' : atom.scalar || !atom.list ? 'leaf' : 'list';
  if (Array.isArray(value)) return atom.list ? 'list' : 'leaf';
  if (isJsonObject(value)) return atom.map ? 'map' : 'leaf';
  return 'leaf';
}

export class ListItemError extends Error {
  override readonly name = 'ListItemError';
}

/** The path element naming a list item (listItemToPathElement); throws for an invalid item. */
export function listItemElement(list: ListAtom, item: JsonValue): PathElement {
  if (list.atomic) throw new ListItemError('invalid indexing of non-associative list');
  if (list.keys && list.keys.length > 0) {
    if (item === null) throw new ListItemError('associative list with keys may not have a null element');
    if (!isJsonObject(item)) throw new ListItemError('associative list with keys may not have non-map elements');
    const fields: KeyField[] = [];
    for (const name of list.keys) {
      if (Object.hasOwn(item, name)) {
        fields.push({ name, value: item[name]! });
        continue;
      }
      const fallback = keyDefault(list.element, name);
      if (fallback === undefined) {
        throw new ListItemError(
          `associative list with keys has an element that omits key field "${name}" (and doesn't have default value)`,
        );
      }
      fields.push({ name, value: fallback });
    }
    return keyElement(fields);
  }
  if (isJsonObject(item)) throw new ListItemError("associative list without keys has an element that's a map type");
  if (Array.isArray(item)) throw new ListItemError('not supported: associative list with lists as elements');
  if (item === null) throw new ListItemError("associative list without keys has an element that's an explicit null");
  if (!isScalar(item)) throw new ListItemError('invalid set element');
  return valueElement(item);
}

/** A list-map key field's schema default (e.g. ports' protocol: TCP) stands in for a missing key. */
function keyDefault(element: TypeRef, name: string): JsonValue | undefined {
  if (element.kind !== 'schema') return undefined;
  const property = element.schema.properties?.[name];
  const value = property?.default;
  return value === undefined || value === null ? undefined : (value as JsonValue);
}

const rootCache = new WeakMap<FieldSchema, FieldSchema>();

/**
 * The type of a whole object. No schema means fully deduced. A schema whose `metadata` declares no
 * properties (typical for CRDs) gets the full ObjectMeta, as upstream's CRD handling does.
 */
export function rootTypeRef(schema: FieldSchema | undefined): TypeRef {
  if (!schema) return DEDUCED;
  const metadata = schema.properties?.metadata;
  if (!schema.properties || (metadata?.properties && Object.keys(metadata.properties).length > 0)) {
    return schemaRef(schema, false);
  }
  let withMeta = rootCache.get(schema);
  if (!withMeta) {
    withMeta = { ...schema, properties: { ...schema.properties, metadata: OBJECT_META_SCHEMA } };
    rootCache.set(schema, withMeta);
  }
  return schemaRef(withMeta, false);
}

/** The type of a named child of a map node (declared field, else the element type). */
export function mapChildType(map: MapAtom, key: string): TypeRef {
  return map.field(key) ?? map.element;
}
