import { describe, expect, it } from 'vitest';
import {
  applyJsonPatch,
  MAX_JSON_PATCH_OPERATIONS,
  PatchError,
  patchErrorDetail,
  UNPROCESSABLE_PATCH_MESSAGE,
} from '../../../src/registry/patch/index.js';
import { jsonPatchCases } from './cases/json-patch-cases.js';
import { catchError, itAppliesCases } from './table.js';

describe('applyJsonPatch', () => {
  itAppliesCases(jsonPatchCases, (testCase) => applyJsonPatch(testCase.original, testCase.patch));

  it('keeps the failed test detail in the cause while the message is upstream’s fixed sentence', () => {
    const error = catchError(() => applyJsonPatch({ a: 1 }, [{ op: 'test', path: '/a', value: 2 }]));
    expect(error).toBeInstanceOf(PatchError);
    const patchError = error as PatchError;
    expect(patchError.message).toBe(UNPROCESSABLE_PATCH_MESSAGE);
    expect(patchErrorDetail(patchError)).toBe('testing value /a failed: test failed');
  });

  it('rejects more operations than upstream allows with 413', () => {
    const operations = Array.from({ length: MAX_JSON_PATCH_OPERATIONS + 1 }, () => ({ op: 'test', path: '/a', value: 1 }));
    expect(catchError(() => applyJsonPatch({ a: 1 }, operations))).toMatchObject({
      reason: 'RequestEntityTooLarge',
      code: 413,
      message: `The allowed maximum operations in a JSON patch is ${MAX_JSON_PATCH_OPERATIONS}, got ${MAX_JSON_PATCH_OPERATIONS + 1}`,
    });
    expect(applyJsonPatch({ a: 1 }, operations.slice(1))).toEqual({ a: 1 });
  });

  it('copies values instead of aliasing them', () => {
    const result = applyJsonPatch({ a: { b: 1 } }, [{ op: 'copy', from: '/a', path: '/c' }]) as Record<string, { b: number }>;
    result.c!.b = 2;
    expect(result.a).toEqual({ b: 1 });
  });
});
