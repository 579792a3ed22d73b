import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openLevelStore } from '../../src/store/level-store.js';
import { shareManagedFields } from '../../src/store/shared-fields.js';
import type { StoredObject } from '../../src/store/types.js';

function pod(name: string, statusFields: Record<string, unknown>): StoredObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      managedFields: [
        { manager: 'kubectl', operation: 'Update', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } }, 'f:spec': { 'f:containers': { 'k:{"name":"c"}': { '.': {}, 'f:image': {} } } } } },
        { manager: 'vkube-syncer', operation: 'Update', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: statusFields, subresource: 'status' },
      ],
    },
  };
}

type Entry = { fieldsV1: unknown };
const entriesOf = (o: StoredObject): Entry[] => o.metadata!.managedFields as Entry[];

describe('shareManagedFields', () => {
  it('gives equal trees of different objects one instance and keeps the JSON text', () => {
    const a = pod('a', { 'f:status': { 'f:podIP': {} } });
    const b = pod('b', { 'f:status': { 'f:podIP': {} } });
    const textA = JSON.stringify(a);
    const textB = JSON.stringify(b);
    shareManagedFields(a);
    shareManagedFields(b);
    expect(JSON.stringify(a)).toBe(textA);
    expect(JSON.stringify(b)).toBe(textB);
    expect(entriesOf(b)[0]!.fieldsV1).toBe(entriesOf(a)[0]!.fieldsV1);
    expect(entriesOf(b)[1]!.fieldsV1).toBe(entriesOf(a)[1]!.fieldsV1);
  });

  it('never shares trees whose keys differ, in name, nesting or order', () => {
    const base = pod('base', { 'f:status': { 'f:podIP': {}, 'f:phase': {} } });
    shareManagedFields(base);
    for (const other of [
      { 'f:status': { 'f:phase': {}, 'f:podIP': {} } }, // order
      { 'f:status': { 'f:podIP': {} } }, // fewer
      { 'f:status': { 'f:podIP': { '.': {} }, 'f:phase': {} } }, // nesting
      { 'f:status': { 'f:podIPs': {}, 'f:phase': {} } }, // name
      { 'f:status': {}, 'f:podIP': {}, 'f:phase': {} }, // same keys, other levels
    ]) {
      const candidate = pod('x', other);
      const text = JSON.stringify(candidate);
      shareManagedFields(candidate);
      expect(entriesOf(candidate)[1]!.fieldsV1).not.toBe(entriesOf(base)[1]!.fieldsV1);
      expect(JSON.stringify(candidate)).toBe(text);
    }
  });

  it('changes neither the managedFields array nor its entries it was given (they may be shared)', () => {
    const first = pod('first', { 'f:status': {} });
    shareManagedFields(first);
    const second = pod('second', { 'f:status': {} });
    const entries = entriesOf(second);
    const frozen = Object.freeze(entries.map((entry) => Object.freeze(entry)));
    second.metadata!.managedFields = frozen;
    shareManagedFields(second);
    expect(second.metadata!.managedFields).not.toBe(frozen);
    expect(entriesOf(second)[0]!.fieldsV1).toBe(entriesOf(first)[0]!.fieldsV1);
    expect(frozen[0]!.fieldsV1).not.toBe(entriesOf(first)[0]!.fieldsV1);
  });

  it('leaves objects without managedFields, and trees holding anything but objects, alone', () => {
    const plain: StoredObject = { metadata: { name: 'n' } };
    shareManagedFields(plain);
    expect(plain).toEqual({ metadata: { name: 'n' } });
    const odd = pod('odd', { 'f:status': { 'f:x': 1 } } as Record<string, unknown>);
    const same = pod('same', { 'f:status': { 'f:x': 1 } } as Record<string, unknown>);
    shareManagedFields(odd);
    shareManagedFields(same);
    expect(entriesOf(same)[1]!.fieldsV1).not.toBe(entriesOf(odd)[1]!.fieldsV1);
    expect(entriesOf(same)[1]!.fieldsV1).toEqual({ 'f:status': { 'f:x': 1 } });
    const notArray: StoredObject = { metadata: { managedFields: 'x' } };
    shareManagedFields(notArray);
    expect(notArray.metadata!.managedFields).toBe('x');
  });
});

describe('the LevelDB store shares managedFields trees', () => {
  it('between objects it was lent or handed, and again after reopening', async () => {
    const path = await mkdtemp(join(tmpdir(), 'vkube-shared-fields-'));
    try {
      const store = await openLevelStore({ path, compactIntervalMs: 0 });
      const lent = await store.create('/registry/core/pods/ns/a', pod('a', { 'f:status': { 'f:phase': {} } }));
      const handed = await store.create('/registry/core/pods/ns/b', pod('b', { 'f:status': { 'f:phase': {} } }), { adopt: true });
      expect(entriesOf(handed.object)[0]!.fieldsV1).toBe(entriesOf(lent.object)[0]!.fieldsV1);
      expect(JSON.parse(handed.raw)).toEqual(handed.object);
      const updated = await store.update('/registry/core/pods/ns/a', { ...pod('a', { 'f:status': { 'f:phase': {}, 'f:podIP': {} } }), spec: {} }, lent.revision);
      expect(entriesOf(updated.object)[0]!.fieldsV1).toBe(entriesOf(handed.object)[0]!.fieldsV1);
      expect(entriesOf(updated.object)[1]!.fieldsV1).not.toBe(entriesOf(handed.object)[1]!.fieldsV1);
      await store.close();
      const reopened = await openLevelStore({ path, compactIntervalMs: 0 });
      const a = await reopened.get('/registry/core/pods/ns/a');
      const b = await reopened.get('/registry/core/pods/ns/b');
      expect(entriesOf(a!.object)[0]!.fieldsV1).toBe(entriesOf(b!.object)[0]!.fieldsV1);
      expect(JSON.parse(a!.raw)).toEqual(a!.object);
      await reopened.close();
    } finally {
      await rm(path, { recursive: true, force: true });
    }
  });
});
