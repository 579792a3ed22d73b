/**
 * Records upstream-golden.json: the answers apiextensions-apiserver v0.33.13 itself gives for the
 * cases in cases.ts (pruned + defaulted object and validation errors; CRD validation errors).
 *
 *   cd test/registry/crd/golden/oracle && GOFLAGS=-mod=mod go build -o /tmp/crd-oracle .
 *   cd /work/main && npx tsx test/registry/crd/golden/generate.ts /tmp/crd-oracle
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { GOLDEN_CASES } from './cases.js';

const oracle = process.argv[2] ?? '/tmp/crd-oracle';
const input = GOLDEN_CASES.map((c) => JSON.stringify(c)).join('\n') + '\n';
const lines = execFileSync(oracle, { input, maxBuffer: 1 << 26 }).toString('utf8').trim().split('\n');
const answers = Object.fromEntries(GOLDEN_CASES.map((c, i) => [c.name, JSON.parse(lines[i]!) as unknown]));
writeFileSync(new URL('./upstream-golden.json', import.meta.url), JSON.stringify(answers, null, 1) + '\n');
console.log(`${lines.length} answers recorded`);
