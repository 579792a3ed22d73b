/**
 * Replays golden/upstream-golden.json: our own pseudo-random inputs with the answers upstream's Go
 * code gave (see golden/generate.ts). It pins the subtle parts — element order after
 * `$setElementOrder`, deletions and appends, error texts — to kube-apiserver's behaviour.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  applyJsonPatch,
  applyMergePatch,
  applyStrategicMergePatch,
  PatchError,
  patchErrorDetail,
} from '../../../src/registry/patch/index.js';
import { GOLDEN_SCHEMAS, type GoldenCase } from './golden/golden-case.js';

const golden = JSON.parse(readFileSync(new URL('./golden/upstream-golden.json', import.meta.url), 'utf8')) as GoldenCase[];

function apply(testCase: GoldenCase): unknown {
  switch (testCase.kind) {
    case 'smp':
      return applyStrategicMergePatch(testCase.original, testCase.patch, testCase.schema ? GOLDEN_SCHEMAS[testCase.schema] : undefined);
    case 'json':
      return applyJsonPatch(testCase.original, testCase.patch);
    case 'merge':
      return applyMergePatch(testCase.original, testCase.patch);
  }
}

/** What we answer, in the oracle's shape: 422 details live in the cause, like upstream's log line. */
function answer(testCase: GoldenCase): Pick<GoldenCase, 'expected' | 'error'> {
  try {
    return { expected: apply(testCase) };
  } catch (error) {
    if (!(error instanceof PatchError)) throw error;
    return { error: { code: error.code, message: error.code === 422 ? patchErrorDetail(error) : error.message } };
  }
}

describe('patch engines agree with upstream on recorded cases', () => {
  it('has a meaningful number of cases of every kind', () => {
    const counts = { smp: 0, json: 0, merge: 0, errors: 0 };
    for (const testCase of golden) {
      counts[testCase.kind]++;
      if (testCase.error) counts.errors++;
    }
    expect(counts.smp).toBeGreaterThan(500);
    expect(counts.json).toBeGreaterThan(200);
    expect(counts.merge).toBeGreaterThan(100);
    expect(counts.errors).toBeGreaterThan(100);
  });

  it.each(golden.map((testCase, index) => [index, testCase.kind, testCase] as const))('case %i (%s)', (_index, _kind, testCase) => {
    const expected = testCase.error ? { error: testCase.error } : { expected: testCase.expected };
    expect(answer(testCase)).toEqual(expected);
  });
});
