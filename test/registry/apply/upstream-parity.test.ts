/**
 * Parity with upstream: every scenario in upstream-scenarios.ts runs through Kubernetes' own field
 * manager (gocheck/, built from k8s.io/apimachinery v0.33 and structured-merge-diff v4 with the real
 * apps/v1 and core/v1 OpenAPI) and through serverSideApply/trackUpdate; after each step the live
 * object (managedFields included) or the error must be the same.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/registry/errors.js';
import { serverSideApply, trackUpdate } from '../../../src/registry/apply/index.js';
import { OpenApiV3SchemaResolver } from '../../../src/registry/schema/index.js';
import type { FieldSchema } from '../../../src/registry/schema/types.js';
import { loadComponents, modelClosure, toFieldSchema, type Components } from './openapi-schema.js';
import { scenarios, type Scenario } from './upstream-scenarios.js';

const goCheckDir = join(dirname(fileURLToPath(import.meta.url)), 'gocheck');
const NOW = new Date('2026-01-02T03:04:05Z');

interface KindInfo {
  group: string;
  version: string;
  model: string;
  components: Components;
}

interface StepResult {
  object?: Record<string, unknown>;
  error?: { message: string; code?: number; reason?: string; causes?: unknown[] };
}

const widgetModel = 'com.example.v1.Widget';

function kinds(): Record<Scenario['kind'], KindInfo> {
  const apps = loadComponents('apis__apps__v1');
  const core = loadComponents('api__v1');
  const widgetComponents: Components = {
    ...modelClosure(apps, 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'),
    [widgetModel]: {
      type: 'object',
      'x-kubernetes-group-version-kind': [{ group: 'example.com', version: 'v1', kind: 'Widget' }],
      properties: {
        apiVersion: { type: 'string' },
        kind: { type: 'string' },
        metadata: { $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' },
        spec: {
          type: 'object',
          properties: {
            size: { type: 'integer' },
            tags: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' },
            items: { type: 'array', items: { type: 'object', properties: { a: { type: 'string' } } } },
            config: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
          },
        },
      },
    },
  };
  return {
    Deployment: { group: 'apps', version: 'v1', model: 'io.k8s.api.apps.v1.Deployment', components: apps },
    ConfigMap: { group: '', version: 'v1', model: 'io.k8s.api.core.v1.ConfigMap', components: core },
    Widget: { group: 'example.com', version: 'v1', model: widgetModel, components: widgetComponents },
  };
}

let workDir: string;
let upstream: Record<string, StepResult[]>;
let kindInfo: Record<Scenario['kind'], KindInfo>;

beforeAll(() => {
  kindInfo = kinds();
  workDir = mkdtempSync(join(tmpdir(), 'vkube-apply-gocheck-'));
  const binary = join(workDir, 'gocheck');
  const env = { ...process.env, GOFLAGS: '-mod=mod', GOWORK: 'off' };
  execFileSync('go', ['build', '-o', binary, '.'], { cwd: goCheckDir, env, stdio: 'inherit' });
  const input = {
    scenarios: scenarios.map((s) => {
      const info = kindInfo[s.kind];
      return {
        name: s.name,
        gvk: { group: info.group, version: info.version, kind: s.kind },
        schemas: modelClosure(info.components, info.model),
        steps: s.steps,
      };
    }),
  };
  upstream = JSON.parse(execFileSync(binary, [], { input: JSON.stringify(input), encoding: 'utf8', maxBuffer: 64 << 20 })) as Record<
    string,
    StepResult[]
  >;
}, 300_000);
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

function runOurs(scenario: Scenario, schema: FieldSchema): StepResult[] {
  const info = kindInfo[scenario.kind];
  const apiVersion = info.group ? `${info.group}/${info.version}` : info.version;
  let live: Record<string, unknown> | undefined;
  return scenario.steps.map((step) => {
    let next: Record<string, unknown>;
    try {
      const common = { manager: step.manager, apiVersion, schema, now: NOW, ...(step.subresource ? { subresource: step.subresource } : {}) };
      next =
        step.op === 'apply'
          ? (serverSideApply({ ...common, live, applied: step.object, force: step.force ?? false, kind: scenario.kind }).object as Record<string, unknown>)
          : (trackUpdate({ ...common, live, updated: step.object }) as Record<string, unknown>);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      const causes = error.details?.causes;
      return { error: { message: error.message, code: error.code, reason: error.reason, ...(causes ? { causes } : {}) } };
    }
    if (!live) (next.metadata as Record<string, unknown>).uid = 'uid-1';
    live = next;
    return { object: JSON.parse(JSON.stringify(next)) as Record<string, unknown> };
  });
}

/**
 * The one deliberate difference: where removing every entry of a granular map or list leaves an
 * explicit null in upstream's unstructured result (a typed decode later turns it into "absent"),
 * we drop the key. So a null upstream has where we have no key at all is not a difference.
 */
function dropNullsWeOmit(theirs: unknown, ours: unknown): void {
  if (typeof theirs !== 'object' || theirs === null || Array.isArray(theirs)) return;
  if (typeof ours !== 'object' || ours === null || Array.isArray(ours)) return;
  const their = theirs as Record<string, unknown>;
  const our = ours as Record<string, unknown>;
  for (const key of Object.keys(their)) {
    if (their[key] === null && !Object.hasOwn(our, key)) delete their[key];
    else dropNullsWeOmit(their[key], our[key]);
  }
}

/**
 * Upstream answers a plain Go error for internal failures (rendered as a 500 whose reason is empty);
 * ours is a 500 InternalError ApiError. Only the message is compared for those.
 */
function comparable(result: StepResult): StepResult {
  if (result.error && (!result.error.code || result.error.code === 500)) return { error: { message: result.error.message } };
  // Upstream lists conflict causes in Go map order (random across managers, sorted within one);
  // ours go by manager. Compare them grouped by manager.
  const causes = result.error?.causes as { message: string }[] | undefined;
  if (causes) causes.sort((a, b) => (a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
  return result;
}

/** Both the test's own resolver and the registry's (src/registry/schema) must give upstream's answers. */
const resolvers: [string, (components: Components, model: string) => FieldSchema][] = [
  ['test resolver', toFieldSchema],
  ['registry resolver', (components, model) => new OpenApiV3SchemaResolver(components).component(model)!],
];

describe.each(resolvers)('server-side apply matches upstream step by step (%s)', (_resolver, resolve) => {
  it.each(scenarios.map((s) => [s.name, s] as const))('%s', (_name, scenario) => {
    const schema = resolve(kindInfo[scenario.kind].components, kindInfo[scenario.kind].model);
    const ours = runOurs(scenario, schema).map(comparable);
    const theirs = upstream[scenario.name]!.map(comparable);
    theirs.forEach((result, i) => dropNullsWeOmit(result.object, ours[i]?.object));
    expect(ours).toHaveLength(scenario.steps.length);
    ours.forEach((result, i) => {
      expect({ step: i, ...result }).toEqual({ step: i, ...theirs[i] });
    });
  });
});
