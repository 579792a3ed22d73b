/**
 * Records kube-apiserver v1.33.13's own answers for the cases in cases.ts:
 *   npx tsx test/registry/validation/upstream/generate.ts
 * Builds golden.go (fetching k8s.io/kubernetes and its staging modules through the Go module
 * proxy), runs every case through it and writes validation-golden.json / defaults-golden.json,
 * which the upstream-golden tests replay against our implementation. Needs Go >= 1.24.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyDefaults, generateJobSelector, prepareServiceForCreate } from '../../../../src/registry/defaults/index.js';
import { defaultCases, validationCases } from './cases.js';

type Json = Record<string, unknown>;
const here = dirname(fileURLToPath(import.meta.url));
const binary = join(tmpdir(), `vkube-upstream-golden-${process.pid}`);

execFileSync('go', ['build', '-o', binary, '.'], { cwd: here, stdio: 'inherit', env: { ...process.env, GOFLAGS: '-mod=mod' } });

function runGolden(lines: { object: Json; old?: Json }[]): { errors: string[]; defaulted: Json }[] {
  const input = lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
  const output = execFileSync(binary, { input, maxBuffer: 256 << 20 }).toString().trim().split('\n');
  return output.map((l) => JSON.parse(l) as { errors: string[]; defaulted: Json });
}

function prepare(group: string, kind: string, object: Json, isCreate: boolean): Json {
  const copy = structuredClone(object);
  applyDefaults(group, kind, copy);
  if (kind === 'Job' && isCreate) generateJobSelector(copy);
  if (kind === 'Service') prepareServiceForCreate(copy);
  return copy;
}

const prepared = validationCases.map((k) => ({
  group: k.group,
  kind: k.kind,
  object: prepare(k.group, k.kind, k.object, !k.old),
  ...(k.old ? { old: prepare(k.group, k.kind, k.old, false) } : {}),
}));
const validationAnswers = runGolden(prepared);
writeFileSync(
  join(here, 'validation-golden.json'),
  JSON.stringify(prepared.map((k, i) => ({ ...k, upstream: validationAnswers[i]?.errors ?? [] })), null, 1) + '\n',
);

const defaultAnswers = runGolden(defaultCases.map(([, , object]) => ({ object })));
writeFileSync(
  join(here, 'defaults-golden.json'),
  JSON.stringify(defaultCases.map(([group, kind, object], i) => ({ group, kind, object, upstream: defaultAnswers[i]?.defaulted })), null, 1) + '\n',
);
execFileSync('rm', ['-f', binary]);
console.log(`wrote ${prepared.length} validation and ${defaultCases.length} defaulting cases`);
