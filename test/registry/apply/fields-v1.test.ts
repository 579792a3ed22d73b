/**
 * FieldsV1 encoding and field-set algebra: element syntax, upstream's sort order, "." for a path
 * that is both a member and a parent, round trips, and the set operations the updater uses.
 */
import { describe, expect, it } from 'vitest';
import { FieldSet } from '../../../src/registry/apply/field-set.js';
import { fieldsV1ToPaths, fieldsV1ToSet, pathsToFieldsV1, setToFieldsV1 } from '../../../src/registry/apply/fields-v1.js';
import {
  keyElement,
  makePath,
  parsePathElement,
  pathToString,
  serializePathElement,
  valueElement,
  type PathElement,
} from '../../../src/registry/apply/path-element.js';

const key = (fields: Record<string, string | number | boolean>): PathElement =>
  keyElement(Object.entries(fields).map(([name, value]) => ({ name, value })));

describe('path element syntax', () => {
  it.each([
    [makePath('spec')[0]!, 'f:spec'],
    [key({ name: 'nginx' }), 'k:{"name":"nginx"}'],
    // Key fields are sorted by name whatever order they were given in.
    [key({ protocol: 'TCP', containerPort: 80 }), 'k:{"containerPort":80,"protocol":"TCP"}'],
    [valueElement('a.example/x'), 'v:"a.example/x"'],
    [valueElement(3), 'v:3'],
    [valueElement(true), 'v:true'],
    // Go's JSON encoder escapes <, > and & in strings.
    [valueElement('<a&b>'), 'v:"\\u003ca\\u0026b\\u003e"'],
    [makePath(2)[0]!, 'i:2'],
  ])('%j serialises as %s', (pe, text) => {
    expect(serializePathElement(pe)).toBe(text);
    expect(parsePathElement(text)).toEqual(pe);
  });

  it('skips unknown element types and rejects malformed known ones', () => {
    expect(parsePathElement('z:whatever')).toBeUndefined();
    expect(() => parsePathElement('k:{not json')).toThrow(/invalid JSON/);
    expect(() => parsePathElement('f')).toThrow(/2 characters/);
    expect(() => parsePathElement('fx')).toThrow(/missing colon/);
  });

  it('renders paths as conflict messages do', () => {
    const path = [...makePath('spec', 'template', 'spec', 'containers'), key({ name: 'nginx' }), ...makePath('image')];
    expect(pathToString(path)).toBe('.spec.template.spec.containers[name="nginx"].image');
    expect(pathToString([...makePath('ports'), key({ containerPort: 80, protocol: 'TCP' })])).toBe(
      '.ports[containerPort=80,protocol="TCP"]',
    );
    expect(pathToString([...makePath('metadata', 'finalizers'), valueElement('x')])).toBe('.metadata.finalizers[="x"]');
  });
});

describe('FieldsV1', () => {
  const containers = makePath('spec', 'containers');
  const nginx = [...containers, key({ name: 'nginx' })];
  const paths = [
    makePath('spec', 'replicas'),
    nginx,
    [...nginx, ...makePath('image')],
    [...nginx, ...makePath('name')],
    [...containers, key({ name: 'a-sidecar' })],
    makePath('metadata', 'labels', 'app'),
    [...makePath('metadata', 'finalizers'), valueElement('b')],
    [...makePath('metadata', 'finalizers'), valueElement('a')],
  ];

  it('sorts elements as upstream (fields, then keys, then values) and marks parents that are members with "."', () => {
    const fields = pathsToFieldsV1(paths);
    expect(JSON.stringify(fields)).toBe(
      JSON.stringify({
        'f:metadata': { 'f:finalizers': { 'v:"a"': {}, 'v:"b"': {} }, 'f:labels': { 'f:app': {} } },
        'f:spec': {
          'f:containers': {
            'k:{"name":"a-sidecar"}': {},
            'k:{"name":"nginx"}': { '.': {}, 'f:image': {}, 'f:name': {} },
          },
          'f:replicas': {},
        },
      }),
    );
  });

  it('round-trips through paths', () => {
    const fields = pathsToFieldsV1(paths);
    const back = fieldsV1ToPaths(fields);
    expect(FieldSet.fromPaths(back).equals(FieldSet.fromPaths(paths))).toBe(true);
    expect(pathsToFieldsV1(back)).toEqual(fields);
  });

  it('reads an object without "." as a parent only, and an empty object as a leaf', () => {
    const set = fieldsV1ToSet({ 'f:spec': { 'f:replicas': {} }, 'f:data': {} });
    expect(set.has(makePath('spec'))).toBe(false);
    expect(set.has(makePath('spec', 'replicas'))).toBe(true);
    expect(set.has(makePath('data'))).toBe(true);
  });

  it('ignores keys of unknown element types but keeps the rest', () => {
    const set = fieldsV1ToSet({ 'f:spec': { 'x:future': {}, 'f:a': {} } });
    expect(set.paths().map(pathToString)).toEqual(['.spec.a']);
  });

  it('rejects non-object input', () => {
    expect(() => fieldsV1ToSet([])).toThrow();
    expect(() => fieldsV1ToSet({ 'f:a': 1 })).toThrow();
  });
});

describe('field set algebra', () => {
  const set = (...paths: (string | number)[][]): FieldSet => FieldSet.fromPaths(paths.map((p) => makePath(...p)));
  const text = (s: FieldSet): string[] => s.paths().map(pathToString);

  it('union, intersection and difference work on members and children', () => {
    const a = set(['a'], ['b', 'x'], ['b', 'y']);
    const b = set(['b', 'y'], ['c']);
    expect(text(a.union(b))).toEqual(['.a', '.c', '.b.x', '.b.y']);
    expect(text(a.intersection(b))).toEqual(['.b.y']);
    expect(text(a.difference(b))).toEqual(['.a', '.b.x']);
  });

  it('difference keeps children under a removed member; recursive difference drops them', () => {
    const a = set(['spec'], ['spec', 'replicas']);
    const b = set(['spec']);
    expect(text(a.difference(b))).toEqual(['.spec.replicas']);
    expect(text(a.recursiveDifference(b))).toEqual([]);
  });

  it('lists members before children at each level (conflict order)', () => {
    expect(text(set(['spec', 'x', 'y'], ['spec', 'a'], ['kind']))).toEqual(['.kind', '.spec.a', '.spec.x.y']);
  });

  it('an emptied child leaves the set empty', () => {
    expect(set(['a', 'b']).difference(set(['a', 'b'])).isEmpty()).toBe(true);
    expect(setToFieldsV1(set(['a', 'b']).difference(set(['a', 'b'])))).toEqual({});
  });
});
