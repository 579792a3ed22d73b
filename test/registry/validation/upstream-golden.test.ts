/**
 * Replays cases whose expected messages were produced by kube-apiserver v1.33.13's own validation
 * (see upstream/generate.ts), plus the apps/v1 strategies' selector immutability. Go-only renderings
 * we cannot reproduce from JSON are normalised: pointer addresses inside %#v structs, and the
 * go-cmp diff appended to the pod and PVC update messages.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatFieldError, validateObject } from '../../../src/registry/validation/index.js';

interface GoldenCase {
  group: string;
  kind: string;
  object: Record<string, unknown>;
  old?: Record<string, unknown>;
  upstream: string[];
}

const cases = JSON.parse(readFileSync(new URL('./upstream/validation-golden.json', import.meta.url), 'utf8')) as GoldenCase[];

function normalise(message: string): string {
  const withoutPointers = message.replace(/\(\*bool\)\((?:0x[0-9a-f]+|true|false)\)/g, '(*bool)(set)');
  // Pod and PVC update messages end with a go-cmp diff of internal structs; keep the first line.
  return withoutPointers.split('\n')[0] ?? '';
}

describe('validation matches kube-apiserver v1.33.13', () => {
  it('has cases', () => {
    expect(cases.length).toBeGreaterThan(50);
  });

  it.each(cases.map((c, i) => [`${i} ${c.kind}${c.old ? ' update' : ''}`, c] as const))('%s', (_name, c) => {
    const ours = validateObject(c.group, c.kind, c.object, c.old).map(formatFieldError).map(normalise).sort();
    expect(ours).toEqual(c.upstream.map(normalise).sort());
  });
});
