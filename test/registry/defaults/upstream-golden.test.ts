/**
 * Replays objects defaulted by kube-apiserver v1.33.13 itself (decode + default + encode as v1, see
 * ../validation/upstream/generate.ts). Both sides drop empty values before comparing, because Go
 * always encodes some empty structs and non-omitempty strings.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applyDefaults } from '../../../src/registry/defaults/index.js';

type Json = Record<string, unknown>;
interface GoldenCase {
  group: string;
  kind: string;
  object: Json;
  upstream: Json;
}

const cases = JSON.parse(readFileSync(new URL('../validation/upstream/defaults-golden.json', import.meta.url), 'utf8')) as GoldenCase[];

/** Filled by storage or strategies rather than by defaulting; compared elsewhere. */
const notDefaulting: Record<string, string[]> = {
  Service: ['spec.ipFamilyPolicy', 'spec.ipFamilies'],
  DaemonSet: ['metadata.annotations'],
  Node: ['status.daemonEndpoints'],
};

function prune(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(prune);
  if (value === null || typeof value !== 'object') return value;
  const out: Json = {};
  for (const [k, v] of Object.entries(value as Json)) {
    const p = prune(v);
    if (p === null || p === undefined || p === '') continue;
    if (Array.isArray(p) ? p.length === 0 : typeof p === 'object' && Object.keys(p as Json).length === 0) continue;
    out[k] = p;
  }
  return out;
}

function drop(object: Json, path: string): void {
  const parts = path.split('.');
  let cursor: unknown = object;
  for (const part of parts.slice(0, -1)) cursor = (cursor as Json | undefined)?.[part];
  if (cursor && typeof cursor === 'object') delete (cursor as Json)[parts[parts.length - 1] ?? ''];
}

describe('defaults match kube-apiserver v1.33.13', () => {
  it.each(cases.map((c, i) => [`${i} ${c.group || 'core'}/${c.kind}`, c] as const))('%s', (_name, c) => {
    const ours = structuredClone(c.object);
    applyDefaults(c.group, c.kind, ours);
    const upstream = structuredClone(c.upstream);
    for (const path of notDefaulting[c.kind] ?? []) {
      drop(ours, path);
      drop(upstream, path);
    }
    expect(prune(ours)).toEqual(prune(upstream));
  });
});
