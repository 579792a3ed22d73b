/** Runs a table of PatchCases against one engine and checks nothing it was given was mutated. */
import { expect, it } from 'vitest';
import { PatchError } from '../../../src/registry/patch/index.js';
import type { PatchCase } from './cases/types.js';

export function itAppliesCases(cases: PatchCase[], apply: (testCase: PatchCase) => unknown): void {
  it.each(cases.map((testCase) => [testCase.name, testCase] as const))('%s', (_name, testCase) => {
    const originalBefore = structuredClone(testCase.original);
    const patchBefore = structuredClone(testCase.patch);
    if (testCase.error) {
      const error = catchError(() => apply(testCase));
      expect(error).toBeInstanceOf(PatchError);
      const patchError = error as PatchError;
      expect({ reason: patchError.reason, code: patchError.code }).toEqual({
        reason: testCase.error.reason,
        code: testCase.error.code,
      });
      if (testCase.error.message !== undefined) expect(patchError.message).toBe(testCase.error.message);
    } else {
      expect(apply(testCase)).toEqual(testCase.expected);
    }
    expect(testCase.original).toEqual(originalBefore);
    expect(testCase.patch).toEqual(patchBefore);
  });
}

export function catchError(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the action to throw');
}
