// Prints the figures the protobuf decoder is judged by: schema load time (first protobuf request)
// and steady-state decode throughput for the Deployment fixture.
// Run: npx tsx test/apiserver/protobuf/measure.ts
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const fixture = new Uint8Array(readFileSync(new URL('../../fixtures/protobuf/deployment-replicas-0.pb', import.meta.url)));

const importStart = performance.now();
const { decodeKubernetesProtobuf, preloadKubernetesProtobuf } = await import('../../../src/apiserver/protobuf/decode.js');
const importMs = performance.now() - importStart;

const loadStart = performance.now();
preloadKubernetesProtobuf();
const loadMs = performance.now() - loadStart;

const firstStart = performance.now();
decodeKubernetesProtobuf(fixture);
const firstDecodeMs = performance.now() - firstStart;

for (let i = 0; i < 2_000; i += 1) decodeKubernetesProtobuf(fixture);
// Several rounds, best and median reported: shared CI machines are noisy.
const iterations = 10_000;
const roundMicroseconds: number[] = [];
for (let round = 0; round < 7; round += 1) {
  const start = performance.now();
  for (let i = 0; i < iterations; i += 1) decodeKubernetesProtobuf(fixture);
  roundMicroseconds.push(((performance.now() - start) * 1000) / iterations);
}
roundMicroseconds.sort((a, b) => a - b);
const best = roundMicroseconds[0] ?? Number.NaN;
const median = roundMicroseconds[Math.floor(roundMicroseconds.length / 2)] ?? Number.NaN;

console.log(JSON.stringify({
  fixtureBytes: fixture.length,
  moduleImportMs: Math.round(importMs),
  schemaLoadMs: Math.round(loadMs),
  firstDecodeMs: Math.round(firstDecodeMs * 10) / 10,
  decodeMicrosecondsPerOp: { best: Math.round(best * 10) / 10, median: Math.round(median * 10) / 10 },
  decodeOpsPerSecond: { best: Math.round(1e6 / best), median: Math.round(1e6 / median) },
}));
