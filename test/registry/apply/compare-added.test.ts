/**
 * compareTyped for a subtree absent on the left (every create) takes its own walk (addSubtree in
 * compare.ts). Here it is checked against a reference written the way the general walk works
 * (compareNode(undefined, value): a path per node, each inserted from the root) on every object
 * fixture under test/fixtures/protobuf, the fuzz corpus, a CRD schema, and variants with duplicate
 * list items, atomic lists and maps, empty maps and lists, nulls and invalid items.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compareTyped } from '../../../src/registry/apply/compare.js';
import { FieldSet } from '../../../src/registry/apply/field-set.js';
import { setToFieldsV1 } from '../../../src/registry/apply/fields-v1.js';
import { fieldElement, serializePathElement, type PathElement } from '../../../src/registry/apply/path-element.js';
import { pathText, TypedValueError } from '../../../src/registry/apply/to-field-set.js';
import {
  DEDUCED,
  listItemElement,
  mapChildType,
  nodeKind,
  resolveAtom,
  rootTypeRef,
  UNTYPED,
  type TypeRef,
} from '../../../src/registry/apply/type-ref.js';
import { isJsonObject, type JsonObject, type JsonValue } from '../../../src/registry/apply/values.js';
import { fieldSchemaFromOpenApiV3 } from '../../../src/registry/schema/index.js';
import type { FieldSchema } from '../../../src/registry/schema/types.js';
import { loadComponents, toFieldSchema, type Components } from './openapi-schema.js';
import { deploymentSchema } from './schemas.js';
import { protobufFixtureObjects } from '../../fixtures/protobuf/objects.js';

/**
 * The added paths of compareNode(undefined, value) as the general walk finds them: leaves are
 * scalars, null, atomic lists/maps and empty ones; a granular container is a member after its
 * children; list items are grouped by element and a shared element is one added leaf.
 */
function referenceAdded(value: JsonValue | undefined, ref: TypeRef, path: PathElement[], out: PathElement[][]): void {
  const atom = resolveAtom(ref);
  const kind = value === undefined ? 'leaf' : nodeKind(atom, value);
  if (kind === 'map' && !atom.map!.atomic && isJsonObject(value) && Object.keys(value).length > 0) {
    for (const key of Object.keys(value)) referenceAdded(value[key], mapChildType(atom.map!, key), [...path, fieldElement(key)], out);
  } else if (kind === 'list' && !atom.list!.atomic && Array.isArray(value) && value.length > 0) {
    const list = atom.list!;
    const groups = new Map<string, { element: PathElement; items: JsonValue[] }>();
    value.forEach((item, i) => {
      let element: PathElement;
      try {
        element = listItemElement(list, item);
      } catch (error) {
        throw new TypedValueError(`${pathText(path)}: element ${i}: ${(error as Error).message}`);
      }
      const id = serializePathElement(element);
      const group = groups.get(id) ?? { element, items: [] };
      groups.set(id, group);
      group.items.push(item);
    });
    for (const { element, items } of groups.values()) {
      if (items.length === 1) referenceAdded(items[0], list.element, [...path, element], out);
      else out.push([...path, element]);
    }
  }
  if (path.length > 0) out.push(path);
}

function expected(value: JsonValue, ref: TypeRef): FieldSet {
  const paths: PathElement[][] = [];
  referenceAdded(value, ref, [], paths);
  return FieldSet.fromPaths(paths);
}

function expectSameAdded(value: JsonValue, ref: TypeRef): void {
  const want = expected(value, ref);
  for (const lhs of [undefined, {}]) {
    // With lhs {} and nothing on the right both sides are empty maps: nothing changed.
    const wanted = lhs !== undefined && isJsonObject(value) && Object.keys(value).length === 0 ? FieldSet.empty() : want;
    const got = compareTyped(lhs, value, ref);
    expect(setToFieldsV1(got.added)).toEqual(setToFieldsV1(wanted));
    expect(got.added.equals(wanted)).toBe(true);
    expect(got.modified.isEmpty() && got.removed.isEmpty()).toBe(true);
  }
}

/** The reference's error (or none), and compareTyped's, for the same value. */
function errorsOf(value: JsonValue, ref: TypeRef): { want: string | undefined; got: string | undefined } {
  const message = (fn: () => unknown): string | undefined => {
    try {
      fn();
      return undefined;
    } catch (error) {
      expect(error).toBeInstanceOf(TypedValueError);
      return (error as Error).message;
    }
  };
  return { want: message(() => expected(value, ref)), got: message(() => compareTyped(undefined, value, ref)) };
}

const documents = new Map<string, Components>();

/** The upstream schema of a built-in kind, found by its x-kubernetes-group-version-kind. */
function builtinSchema(apiVersion: string, kind: string): FieldSchema | undefined {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const document = group === '' ? `api__${version}` : `apis__${group}__${version}`;
  let components = documents.get(document);
  if (!components) {
    try {
      components = loadComponents(document);
    } catch {
      return undefined;
    }
    documents.set(document, components);
  }
  for (const [model, schema] of Object.entries(components)) {
    const gvks = schema['x-kubernetes-group-version-kind'] as { group: string; version: string; kind: string }[] | undefined;
    if (gvks?.some((g) => g.group === group && g.version === version && g.kind === kind)) return toFieldSchema(components, model);
  }
  return undefined;
}

const fixtureDir = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/protobuf');
const fixtures = (): [string, JsonObject][] => protobufFixtureObjects<JsonObject>();

const podSchema = (): FieldSchema => builtinSchema('v1', 'Pod')!;

function pod(containers: JsonValue[], extraSpec: JsonObject = {}): JsonObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'ns', labels: { a: 'b' } }, spec: { containers, ...extraSpec } };
}

const container = (name: string, extra: JsonObject = {}): JsonObject => ({ name, image: 'busybox', ...extra });

describe('compareTyped on a subtree absent on the left', () => {
  it.each(fixtures())('%s: the same added set as the general walk', (_name, object) => {
    const schema = builtinSchema(String(object.apiVersion), String(object.kind));
    for (const ref of [rootTypeRef(schema), DEDUCED, UNTYPED]) expectSameAdded(object, ref);
  });

  it('a custom resource under its CRD schema (free-form, embedded, list-map with int-or-string items)', () => {
    const crd = JSON.parse(readFileSync(join(fixtureDir, 'crd.json'), 'utf8'));
    const schema = fieldSchemaFromOpenApiV3(crd.spec.versions[0].schema.openAPIV3Schema);
    const widget: JsonObject = {
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w', namespace: 'ns', labels: { x: 'y' }, finalizers: ['a', 'b', 'a'] },
      spec: {
        size: 3,
        closed: {},
        config: { deep: { list: [1, 2, { a: [] }], empty: {} }, nothing: null },
        labels: {},
        ports: [{ port: 80 }, { port: 81, extra: { x: 1 } }, { port: 80, other: true }],
        template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' }, spec: { containers: [] } },
      },
      status: { phase: 'Ready', items: [{ a: 1 }] },
    };
    expectSameAdded(widget, rootTypeRef(schema));
  });

  it.each<[string, JsonObject]>([
    ['duplicate containers (list-map items with the same key)', pod([container('a'), container('b'), container('a', { image: 'x' })])],
    ['a key three times and another twice', pod([container('a'), container('a'), container('b'), container('a'), container('b')])],
    ['duplicate env entries and ports that default their protocol key', pod([container('a', {
      env: [{ name: 'X', value: '1' }, { name: 'X', value: '2' }, { name: 'Y' }],
      ports: [{ containerPort: 80 }, { containerPort: 80, protocol: 'TCP' }, { containerPort: 80, protocol: 'UDP' }],
    })])],
    ['duplicate set items (finalizers)', { ...pod([container('a')]), metadata: { name: 'p', finalizers: ['x', 'y', 'x'] } }],
    ['atomic lists and maps, empty or not', pod([container('a', { args: [], command: ['sh', '-c'] })], {
      nodeSelector: {},
      tolerations: [{ key: 'k', operator: 'Exists' }],
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] } } },
    })],
    ['empty maps and lists, and nulls, as leaves', pod([], {
      securityContext: {},
      volumes: [],
      hostAliases: null,
      dnsConfig: { nameservers: [], options: [{ name: 'ndots', value: null }] },
    })],
    ['undeclared fields (deduced)', pod([container('a', { unknownField: { nested: [1, 2], empty: {} } })], { extra: { a: { b: 1 } } })],
  ])('%s', (_name, object) => {
    expectSameAdded(object, rootTypeRef(podSchema()));
    expectSameAdded(object, DEDUCED);
  });

  // The hand-built Deployment schema: its list-map keys have no defaults, so items may lack them.
  const deployment = (containers: JsonValue[], finalizers: JsonValue[] = []): JsonObject => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'd', finalizers },
    spec: { replicas: 1, template: { metadata: { labels: { a: 'b' } }, spec: { containers } } },
  });

  it.each<[string, JsonObject, string | undefined]>([
    ['a list-map item that is not a map', deployment([container('a'), 'oops']),
      '.spec.template.spec.containers: element 1: associative list with keys may not have non-map elements'],
    ['a list-map item without its key', deployment([container('a'), { image: 'x' }]),
      '.spec.template.spec.containers: element 1: associative list with keys has an element that omits key field "name" (and doesn\'t have default value)'],
    ['a null list-map item', deployment([null]), '.spec.template.spec.containers: element 0: associative list with keys may not have a null element'],
    ['a set item that is a map', deployment([container('a')], ['a', { b: 1 }]),
      ".metadata.finalizers: element 1: associative list without keys has an element that's a map type"],
    // Every item's element is read before anything inside the items.
    ['an invalid sibling of an item with an invalid item inside', deployment([container('a', { env: [{ name: 'X' }, { value: 'no name' }] }), 5]),
      '.spec.template.spec.containers: element 1: associative list with keys may not have non-map elements'],
    ['an invalid item inside a valid one', deployment([container('a', { env: [{ name: 'X' }, { value: 'no name' }] }), container('b', { env: [2] })]),
      '.spec.template.spec.containers[name="a"].env: element 1: associative list with keys has an element that omits key field "name" (and doesn\'t have default value)'],
    ['an invalid item inside a duplicated one (never looked into)', deployment([container('a', { env: [1] }), container('a')]), undefined],
  ])('the same TypedValueError as the general walk: %s', (_name, object, message) => {
    const { want, got } = errorsOf(object, rootTypeRef(deploymentSchema));
    expect(want).toBe(message);
    expect(got).toBe(want);
  });

  it('subtrees added below existing ones (the general walk hands them over) match too', () => {
    const ref = rootTypeRef(podSchema());
    const full = pod([container('a', { env: [{ name: 'X', value: '1' }] }), container('b', { ports: [{ containerPort: 80 }] })], {
      volumes: [{ name: 'v', emptyDir: {} }],
    });
    const before = pod([container('a')]);
    const got = compareTyped(before, full, ref).added;
    // Added: container a's env, all of container b, and the volumes; nothing else.
    const spec = fieldElement('spec');
    const containers = fieldElement('containers');
    const want: PathElement[][] = [];
    const specType = mapChildType(resolveAtom(ref).map!, 'spec');
    const containersType = mapChildType(resolveAtom(specType).map!, 'containers');
    const itemType = resolveAtom(containersType).list!.element;
    const [a, b] = (full.spec as JsonObject).containers as JsonObject[];
    const keyOf = (c: JsonObject): PathElement => listItemElement(resolveAtom(containersType).list!, c);
    referenceAdded(a!.env, mapChildType(resolveAtom(itemType).map!, 'env'), [spec, containers, keyOf(a!), fieldElement('env')], want);
    referenceAdded(b!, itemType, [spec, containers, keyOf(b!)], want);
    referenceAdded((full.spec as JsonObject).volumes, mapChildType(resolveAtom(specType).map!, 'volumes'), [spec, fieldElement('volumes')], want);
    expect(setToFieldsV1(got)).toEqual(setToFieldsV1(FieldSet.fromPaths(want)));
  });
});
