/**
 * The create fast path (trackCreate, create-fields.ts) against the general path it replaces
 * (trackUpdateGeneral): the same returned object — managedFields entries, key order inside
 * fieldsV1, time — and the same onError reports, on every fixture object the tests have and on
 * random objects over built-in and custom resource schemas, under several managers, reset fields
 * and request managedFields. Where the fast path refuses a case, trackUpdate must still equal the
 * general path, and the refusal must be one the fast path is meant to make.
 */
import { describe, expect, it } from 'vitest';
import { EqualElementsError } from '../../../src/registry/apply/create-fields.js';
import { trackCreate, trackUpdate, trackUpdateGeneral, type TrackUpdateArgs } from '../../../src/registry/apply/field-manager.js';
import { TypedValueError } from '../../../src/registry/apply/to-field-set.js';
import type { FieldSchema } from '../../../src/registry/schema/types.js';
import { builtinSchema, fixtureCases, fixtureWidgetSchema, oddCases, type CreateCase } from './create-fields-corpus.js';
import { ObjectGenerator, Random } from './random-objects.js';
import { configMapSchema, deploymentSchema, widgetSchema } from './schemas.js';

const NOW = new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 678));

const RESETS: (string[][] | undefined)[] = [[['status']], undefined, [['spec'], ['metadata', 'labels']], [['metadata']], [[]], [['status'], ['spec', 'template', 'spec']]];
const MANAGERS = ['kubectl-create', '', 'a<b>&"\u2028', '\ud800x'];
const VALID_ENTRY = { manager: 'other', operation: 'Update', apiVersion: 'v1', time: '2026-01-01T00:00:00Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': {} } };
/** A request's own managedFields: absent, a reset, undecodable (all fast), and one manager (general). */
const REQUESTED: unknown[] = [undefined, [], [{}], 'garbage', [{ manager: 'x', operation: 'Bad', apiVersion: 'v1', fieldsType: 'FieldsV1' }], [VALID_ENTRY]];

type Obj = Record<string, unknown>;

function withRequested(object: Obj, requested: unknown): Obj {
  if (requested === undefined) return object;
  const metadata = typeof object.metadata === 'object' && object.metadata !== null && !Array.isArray(object.metadata) ? object.metadata : {};
  return { ...object, metadata: { ...metadata, managedFields: requested } };
}

/** The baseline variant (the registry's create of a kind with status) and two more, rotating. */
function variants(c: CreateCase, index: number): TrackUpdateArgs[] {
  const make = (i: number): TrackUpdateArgs => {
    const resetFields = RESETS[i % RESETS.length];
    return {
      live: undefined,
      updated: withRequested(c.object, REQUESTED[Math.floor(i / 2) % REQUESTED.length]),
      manager: MANAGERS[Math.floor(i / 3) % MANAGERS.length]!,
      apiVersion: i % 7 === 6 ? '' : c.apiVersion,
      schema: c.schema,
      now: NOW,
      ...(resetFields ? { resetFields } : {}),
    };
  };
  return [make(0), make(index + 1), make(index * 7 + 3)];
}

interface Tally {
  fast: number;
  refused: number;
  general: number;
}

type Outcome = { value: unknown; errors: string[] };

function run(track: (args: TrackUpdateArgs) => unknown, args: TrackUpdateArgs): Outcome {
  const errors: string[] = [];
  const value = track({ ...args, onError: (error) => errors.push(String(error)) });
  return { value, errors };
}

function expectSameOutcome(name: string, got: Outcome, want: Outcome): void {
  expect(got.value, name).toStrictEqual(want.value);
  expect(JSON.stringify(got.value), name).toBe(JSON.stringify(want.value));
  expect(got.errors, name).toEqual(want.errors);
}

function check(c: CreateCase, args: TrackUpdateArgs, tally: Tally): void {
  const before = JSON.stringify(args.updated);
  const general = run(trackUpdateGeneral, args);
  expectSameOutcome(c.name, run(trackUpdate, args), general);
  let fast: unknown;
  try {
    fast = trackCreate(args);
  } catch (error) {
    // Refused: an invalid list item (the general path reports it) or elements a FieldSet merges.
    // (Its message names no place: the general path's does.)
    if (error instanceof TypedValueError) expect(general.errors, c.name).toEqual([expect.stringMatching(/^TypedValueError: /)]);
    else expect(error, c.name).toBeInstanceOf(EqualElementsError);
    tally.refused++;
    return;
  }
  if (fast === undefined) tally.general++;
  else {
    tally.fast++;
    expectSameOutcome(c.name, { value: fast, errors: [] }, general);
  }
  expect(JSON.stringify(args.updated), `${c.name}: the input is left alone`).toBe(before);
}

function checkAll(cases: CreateCase[]): Tally {
  const tally: Tally = { fast: 0, refused: 0, general: 0 };
  cases.forEach((c, i) => {
    for (const args of variants(c, i)) check(c, args, tally);
  });
  return tally;
}

/** Name, schema, apiVersion, kind and seed of each family of random objects. */
const generatedKinds: [string, () => FieldSchema | undefined, string, string, number][] = [
  ['Pod', () => builtinSchema('v1', 'Pod'), 'v1', 'Pod', 1000],
  ['Deployment', () => builtinSchema('apps/v1', 'Deployment'), 'apps/v1', 'Deployment', 1001],
  ['Service', () => builtinSchema('v1', 'Service'), 'v1', 'Service', 1002],
  ['ConfigMap', () => builtinSchema('v1', 'ConfigMap'), 'v1', 'ConfigMap', 1003],
  ['CRD Widget (crd.json)', fixtureWidgetSchema, 'example.com/v1', 'Widget', 1004],
  ['hand-built Deployment', () => deploymentSchema, 'apps/v1', 'Deployment', 1005],
  ['hand-built ConfigMap', () => configMapSchema, 'v1', 'ConfigMap', 1006],
  ['hand-built Widget', () => widgetSchema, 'example.com/v1', 'Widget', 1007],
];

const PER_KIND = 500;

function generated(kind: string, schema: FieldSchema, apiVersion: string, seed: number): CreateCase[] {
  const generator = new ObjectGenerator(new Random(seed));
  return Array.from({ length: PER_KIND }, (_, i) => {
    const object = generator.resource(schema, apiVersion, kind);
    // Every fifth one also without a schema (all deduced).
    return { name: `${kind} #${i} (seed ${seed})`, object, schema: i % 5 === 4 ? undefined : schema, apiVersion };
  });
}

describe('the create fast path gives what the general path gives', () => {
  it('on every fixture object (protobuf fixtures and fuzz corpus, validation and CRD goldens, scenarios, e2e and bench manifests)', () => {
    const cases = fixtureCases();
    expect(cases.length).toBeGreaterThan(500);
    const tally = checkAll(cases);
    // Most cases go the fast way; the refusals are the invalid list items of the fuzz corpus and goldens.
    expect(tally.fast).toBeGreaterThan(tally.refused * 5);
    expect(tally.general).toBeGreaterThan(0);
  });

  it('on odd roots and metadata (not granular maps, not maps at all, undefined values)', () => {
    const tally = checkAll(oddCases());
    expect(tally.fast).toBeGreaterThan(tally.refused);
  });

  it.each(generatedKinds)('on random %s objects', (name, schema, apiVersion, kind, seed) => {
    const tally = checkAll(generated(kind, schema()!, apiVersion, seed));
    expect(tally.fast, name).toBeGreaterThan(PER_KIND);
    expect(tally.refused, `${name}: some invalid items and equal keys`).toBeGreaterThan(0);
  });

  it('keeps f:metadata without its "." when only stripped fields sit beside its children', () => {
    const object = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', labels: { a: 'b' } }, data: { x: 'y' } };
    const args: TrackUpdateArgs = { live: undefined, updated: object, manager: 'm', apiVersion: 'v1', schema: configMapSchema, now: NOW };
    const created = trackCreate(args) as { metadata: { managedFields: { fieldsV1: unknown }[] } };
    expect(JSON.stringify(created.metadata.managedFields[0]!.fieldsV1)).toBe(
      '{"f:data":{".":{},"f:x":{}},"f:metadata":{"f:labels":{".":{},"f:a":{}}}}',
    );
    expect(created).toStrictEqual(trackUpdateGeneral(args));
  });

  it('gives no managedFields when everything set is stripped or reset', () => {
    const object = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', managedFields: [] }, status: { a: 1 } };
    const args: TrackUpdateArgs = { live: undefined, updated: object, manager: 'm', apiVersion: 'v1', schema: undefined, now: NOW, resetFields: [['status']] };
    expect(trackCreate(args)).toStrictEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, status: { a: 1 } });
    expect(trackCreate(args)).toStrictEqual(trackUpdateGeneral(args));
  });

  it('leaves updates, subresource writes and requests that name managers to the general path', () => {
    const object = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { x: 'y' } };
    const common = { manager: 'm', apiVersion: 'v1', schema: configMapSchema, now: NOW };
    expect(trackCreate({ ...common, live: object, updated: object })).toBeUndefined();
    expect(trackCreate({ ...common, live: undefined, updated: object, subresource: 'status' })).toBeUndefined();
    expect(trackCreate({ ...common, live: undefined, updated: withRequested(object, [VALID_ENTRY]) })).toBeUndefined();
  });

  it('owns an element two list items share as one leaf, and sorts keys as upstream does', () => {
    const container = (name: string, image: string) => ({ name, image });
    const object = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd', labels: { b: '1', a: '2', '😀': '3', '\ue000': '4' } },
      spec: { template: { spec: { containers: [container('b', 'x'), container('a', 'x'), container('b', 'y')] } } },
    };
    const args: TrackUpdateArgs = { live: undefined, updated: object, manager: 'm', apiVersion: 'apps/v1', schema: deploymentSchema, now: NOW };
    const created = trackCreate(args) as { metadata: { managedFields: { fieldsV1: unknown }[] } };
    expect(JSON.stringify(created.metadata.managedFields[0]!.fieldsV1)).toBe(
      JSON.stringify({
        // U+E000 is one UTF-16 unit but three UTF-8 bytes below the four of U+1F600.
        'f:metadata': { 'f:labels': { '.': {}, 'f:a': {}, 'f:b': {}, 'f:\ue000': {}, 'f:😀': {} } },
        'f:spec': {
          '.': {},
          'f:template': {
            '.': {},
            'f:spec': {
              '.': {},
              'f:containers': { '.': {}, 'k:{"name":"a"}': { '.': {}, 'f:image': {}, 'f:name': {} }, 'k:{"name":"b"}': {} },
            },
          },
        },
      }),
    );
    expect(created).toStrictEqual(trackUpdateGeneral(args));
  });

  it('refuses map keys a FieldSet holds as one (lone surrogates are the same UTF-8)', () => {
    const many = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${i}`, 'v']));
    for (const data of [{ '\ud800': 'a', '\udbff': 'b' }, { ...many, '\ud800': 'a', '\udbff': 'b' }]) {
      const object = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data };
      const args: TrackUpdateArgs = { live: undefined, updated: object, manager: 'm', apiVersion: 'v1', schema: configMapSchema, now: NOW };
      expect(() => trackCreate(args)).toThrow(EqualElementsError);
      expect(trackUpdate(args)).toStrictEqual(trackUpdateGeneral(args));
    }
  });
});
