import { describe, expect, it } from 'vitest';
import { applyMergePatch, PatchError } from '../../../src/registry/patch/index.js';
import { mergePatchCases } from './cases/merge-patch-cases.js';
import { itAppliesCases } from './table.js';

describe('applyMergePatch', () => {
  itAppliesCases(mergePatchCases, (testCase) => applyMergePatch(testCase.original, testCase.patch));

  it('builds the 415 answer for patch types a resource does not take', () => {
    const error = PatchError.unsupportedMediaType([
      'application/json-patch+json',
      'application/merge-patch+json',
      'application/apply-patch+yaml',
    ]);
    expect(error).toMatchObject({
      reason: 'UnsupportedMediaType',
      code: 415,
      message:
        'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
    });
  });
});
