/**
 * Parity with apiextensions-apiserver v0.33.13 on recorded cases (golden/cases.ts, answers from
 * golden/oracle via golden/generate.ts): pruning + defaulting + validation of custom resources, and
 * CRD validation. Error lists are compared in order-insensitive form: upstream's schema validator
 * walks Go maps, whose order is random.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateCrd } from '../../../src/registry/crd/crd-validation.js';
import { defaultCrdSpec } from '../../../src/registry/crd/crd-strategy.js';
import { applySchemaDefaults, pruneObject, validateValue } from '../../../src/registry/crd/schema.js';
import type { CustomResourceDefinition } from '../../../src/registry/crd/types.js';
import { formatFieldError } from '../../../src/registry/validation/index.js';
import { CRD_CASES, CUSTOM_RESOURCE_CASES } from './golden/cases.js';

interface Answer {
  object?: Record<string, unknown>;
  errors: string[];
  fail?: string;
}

const golden = JSON.parse(readFileSync(new URL('./golden/upstream-golden.json', import.meta.url), 'utf8')) as Record<string, Answer>;

describe('custom resources match upstream', () => {
  it.each(CUSTOM_RESOURCE_CASES.map((c) => [c.name, c] as const))('%s', (name, c) => {
    const answer = golden[name]!;
    expect(answer.fail).toBeUndefined();
    const object = structuredClone(c.object);
    pruneObject(object, c.schema);
    applySchemaDefaults(object, c.schema);
    expect(object).toEqual(answer.object);
    expect(validateValue(object, c.schema).map(formatFieldError).sort()).toEqual([...answer.errors].sort());
  });
});

describe('CRD validation matches upstream', () => {
  it.each(CRD_CASES.map((c) => [c.name, c] as const))('%s', (name, c) => {
    const answer = golden[name]!;
    expect(answer.fail).toBeUndefined();
    const crd = structuredClone(c.crd) as unknown as CustomResourceDefinition;
    defaultCrdSpec(crd);
    // Go prints pointers as addresses; both sides get the same placeholder.
    const addresses = (m: string): string => m.replace(/0xc[0-9a-f]+/g, '0xc000000000');
    expect(validateCrd(crd).map(formatFieldError).map(addresses).sort()).toEqual(answer.errors.map(addresses).sort());
  });
});
