import { describe, expect, it } from 'vitest';
import { applyDefaults } from '../../../src/registry/defaults/index.js';
import { formatFieldError, validateObject } from '../../../src/registry/validation/index.js';

type Json = Record<string, unknown>;

function pvc(spec: Json, status?: Json): Json {
  const object: Json = { metadata: { name: 'data', namespace: 'default', uid: 'u', resourceVersion: '1' }, spec, ...(status ? { status } : {}) };
  applyDefaults('', 'PersistentVolumeClaim', object);
  return object;
}

const messages = (object: Json, old?: Json): string[] => validateObject('', 'PersistentVolumeClaim', object, old).map(formatFieldError);
const valid = { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } };

describe('PersistentVolumeClaim', () => {
  it.each<[string, Json, string[]]>([
    ['valid', valid, []],
    ['access modes required', { resources: { requests: { storage: '1Gi' } } }, ['spec.accessModes: Required value: at least 1 access mode is required']],
    [
      'unknown access mode',
      { ...valid, accessModes: ['ReadWriteSometimes'] },
      ['spec.accessModes: Unsupported value: "ReadWriteSometimes": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"'],
    ],
    ['storage request required', { accessModes: ['ReadWriteOnce'] }, ['spec.resources[storage]: Required value']],
  ])('%s', (_name, spec, expected) => {
    expect(messages(pvc(spec))).toEqual(expected);
  });

  it('allows growing a bound claim but not changing other spec fields', () => {
    const old = pvc({ ...valid, volumeName: 'pv-1' }, { phase: 'Bound' });
    const grown = pvc({ ...valid, volumeName: 'pv-1', resources: { requests: { storage: '2Gi' } } }, { phase: 'Bound' });
    expect(messages(grown, old)).toEqual([]);
    const changed = pvc({ ...valid, volumeName: 'pv-1', storageClassName: 'fast' }, { phase: 'Bound' });
    const errs = messages(changed, old);
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatch(/^spec: Forbidden: spec is immutable after creation except resources\.requests and volumeAttributesClassName for bound claims\n/);
  });

  it('lets the volume name be set once', () => {
    const old = pvc(valid);
    expect(messages(pvc({ ...valid, volumeName: 'pv-1' }), old)).toEqual([]);
  });
});
