/**
 * Records upstream-golden.json: pseudo-random patch cases (our own inputs) with the answers the
 * upstream Go code gives for them, via ./oracle. Cases whose upstream answer depends on Go's random
 * map iteration order, or that crash upstream, are left out. Strategic merge originals carry no
 * empty lists, as upstream's typed objects (omitempty) do not; we treat an empty live list as
 * absent, which the hand-written cases cover.
 *
 *   cd test/registry/patch/golden/oracle && GOFLAGS=-mod=mod go build -o /tmp/patch-oracle .
 *   cd /work/main && npx tsx test/registry/patch/golden/generate.ts /tmp/patch-oracle
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { GOLDEN_SCHEMAS, type GoldenCase } from './golden-case.js';

let seed = 20261122;
const random = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)] as T;
const chance = (p: number): boolean => random() < p;
const shuffledSubset = <T>(items: T[], p: number): T[] =>
  items.filter(() => chance(p)).map((item) => [random(), item] as const).sort((x, y) => x[0] - y[0]).map(([, item]) => item);

const names = ['a', 'b', 'c', 'd', 'e', 'f'];
const envNames = ['X', 'Y', 'Z', 'W'];

/** Pods whose containers and finalizers get kubectl-style directives in random combinations. */
function podListCase(): GoldenCase {
  const original = {
    metadata: chance(0.85) ? { finalizers: shuffledSubset(names, 0.5) } : {},
    spec: chance(0.85)
      ? {
          containers: shuffledSubset(names, 0.5).map((name) => ({
            name,
            image: `${name}:1`,
            ...(chance(0.3) ? { env: shuffledSubset(envNames.slice(0, 3), 0.5).map((env) => ({ name: env, value: '1' })) } : {}),
          })),
        }
      : {},
  };
  const spec: Record<string, unknown> = {};
  const metadata: Record<string, unknown> = {};
  if (chance(0.7)) {
    spec.containers = shuffledSubset(names, 0.4).map((name) => {
      if (chance(0.2)) return { name, $patch: 'delete' };
      if (chance(0.05)) return { $patch: pick(['replace', 'delete', 'merge']), ...(chance(0.5) ? { name } : {}) };
      return {
        name,
        image: `${name}:2`,
        ...(chance(0.2) ? { env: shuffledSubset(envNames, 0.5).map((env) => ({ name: env, value: '2' })) } : {}),
        ...(chance(0.1) ? { '$setElementOrder/env': shuffledSubset(envNames, 0.7).map((env) => ({ name: env })) } : {}),
      };
    });
  }
  if (chance(0.5)) spec['$setElementOrder/containers'] = shuffledSubset(names, 0.6).map((name) => ({ name }));
  if (chance(0.5)) metadata.finalizers = shuffledSubset(names, 0.3);
  if (chance(0.4)) metadata['$setElementOrder/finalizers'] = shuffledSubset(names, 0.6);
  if (chance(0.3)) metadata['$deleteFromPrimitiveList/finalizers'] = shuffledSubset(names, 0.3);
  return { kind: 'smp', schema: 'pod', original, patch: { metadata, spec } };
}

const keys = ['a', 'b', 'c', 'spec', 'strategy', 'type', 'rollingUpdate'];
function randomValue(depth: number): unknown {
  const roll = random();
  if (depth <= 0 || roll < 0.3) return pick([1, 2, 'x', 'y', true, null, 1.5]);
  if (roll < 0.65) return Object.fromEntries(keys.filter(() => chance(0.3)).map((key) => [key, randomValue(depth - 1)]));
  return Array.from({ length: Math.floor(random() * 4) }, () => randomValue(depth - 1));
}
function randomObject(depth: number): Record<string, unknown> {
  const value = randomValue(depth);
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : { a: value };
}

/** Free-form documents: map directives, nulls and `$retainKeys`, with and without a schema. */
function genericStrategicCase(): GoldenCase {
  const patch = randomObject(4);
  if (chance(0.2)) patch.$retainKeys = keys.filter(() => chance(0.6));
  if (chance(0.1)) patch.$patch = pick(['replace', 'delete', 'merge']);
  for (const key of keys) if (chance(0.1)) patch[key] = null;
  if (chance(0.3)) patch.spec = { strategy: { $retainKeys: ['type'], type: 'Recreate', rollingUpdate: chance(0.5) ? null : { a: 1 } } };
  const schema = pick([undefined, 'deployment', 'pod'] as const);
  return { kind: 'smp', ...(schema ? { schema } : {}), original: randomObject(4), patch };
}

function randomPath(doc: unknown): string {
  const tokens: string[] = [];
  let current = doc;
  while (current !== null && typeof current === 'object' && chance(0.7)) {
    const candidates = Array.isArray(current)
      ? [...current.keys()].map(String).concat(['-', '-1', '9'])
      : Object.keys(current).concat(['zz']);
    const token = pick(candidates);
    tokens.push(token);
    current = (current as Record<string, unknown>)[token];
  }
  return `/${(tokens.length ? tokens : [pick(keys)]).join('/')}`;
}

function jsonPatchCase(): GoldenCase {
  const original = randomObject(4);
  const operations = Array.from({ length: 1 + Math.floor(random() * 3) }, () => {
    const op = pick(['add', 'remove', 'replace', 'move', 'copy', 'test', 'test']);
    const operation: Record<string, unknown> = { op, path: randomPath(original) };
    if (op === 'move' || op === 'copy') operation.from = randomPath(original);
    if (op === 'add' || op === 'replace' || op === 'test') operation.value = randomValue(2);
    if (op === 'test' && chance(0.5)) operation.value = valueAt(original, String(operation.path)) ?? null;
    return operation;
  });
  return { kind: 'json', original, patch: operations };
}

function valueAt(doc: unknown, path: string): unknown {
  let current = doc;
  for (const token of path.split('/').slice(1)) {
    if (Array.isArray(current)) current = current[Number(token) < 0 ? current.length + Number(token) : Number(token)];
    else if (current !== null && typeof current === 'object') current = (current as Record<string, unknown>)[token];
    else return undefined;
  }
  return current;
}

function mergePatchCase(): GoldenCase {
  return { kind: 'merge', original: randomObject(4), patch: chance(0.05) ? randomValue(2) : randomObject(4) };
}

function withoutEmptyLists(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutEmptyLists);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, member]) => !(Array.isArray(member) && member.length === 0))
      .map(([key, member]) => [key, withoutEmptyLists(member)]),
  );
}

function runOracle(oracle: string, cases: GoldenCase[]): { result?: unknown; code?: number; error?: string }[] {
  const input = cases
    .map((c) => JSON.stringify({ kind: c.kind, schema: c.schema ? GOLDEN_SCHEMAS[c.schema] : null, original: c.original, patch: c.patch }))
    .join('\n');
  return execFileSync(oracle, { input: `${input}\n`, maxBuffer: 1 << 28 })
    .toString()
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
}

function main(oracle: string): void {
  const cases = [
    ...Array.from({ length: 500 }, podListCase),
    ...Array.from({ length: 250 }, genericStrategicCase),
  ].map((testCase) => ({ ...testCase, original: withoutEmptyLists(testCase.original) }));
  cases.push(
    ...Array.from({ length: 300 }, jsonPatchCase),
    ...Array.from({ length: 150 }, mergePatchCase),
  );
  const runs = Array.from({ length: 8 }, () => runOracle(oracle, cases));
  const golden = cases.flatMap((testCase, i): GoldenCase[] => {
    const answer = runs[0]![i]!;
    if (!runs.every((run) => isDeepStrictEqual(run[i], answer))) return [];
    if (answer.error?.startsWith('panic')) return [];
    return [answer.code ? { ...testCase, error: { code: answer.code, message: answer.error ?? '' } } : { ...testCase, expected: answer.result }];
  });
  writeFileSync(new URL('./upstream-golden.json', import.meta.url), `${JSON.stringify(golden)}\n`);
  console.log(`recorded ${golden.length} of ${cases.length} cases`);
}

if (process.argv[2]) main(process.argv[2]);
