import { describe, expect, it } from 'vitest';
import { applyStrategicMergePatch, PatchError } from '../../../src/registry/patch/index.js';
import { strategicListCases } from './cases/strategic-lists.js';
import { strategicMapCases } from './cases/strategic-maps.js';
import { strategicPrimitiveCases } from './cases/strategic-primitives.js';
import { deploymentSchema } from './schemas.js';
import { catchError, itAppliesCases } from './table.js';

const apply = (testCase: { original: unknown; patch: unknown; schema?: Parameters<typeof applyStrategicMergePatch>[2] }) =>
  applyStrategicMergePatch(testCase.original, testCase.patch, testCase.schema);

describe('applyStrategicMergePatch: maps and map directives', () => {
  itAppliesCases(strategicMapCases, apply);
});

describe('applyStrategicMergePatch: lists of maps and list directives', () => {
  itAppliesCases(strategicListCases, apply);
});

describe('applyStrategicMergePatch: primitive lists', () => {
  itAppliesCases(strategicPrimitiveCases, apply);
});

describe('applyStrategicMergePatch: whole objects', () => {
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: { app: 'web' }, finalizers: ['x'] },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            { name: 'app', image: 'app:1', env: [{ name: 'A', value: '1' }], ports: [{ containerPort: 8080 }] },
            { name: 'sidecar', image: 'proxy:1' },
          ],
          volumes: [{ name: 'tmp', emptyDir: {} }],
        },
      },
    },
  };

  it('applies a kubectl apply 3-way patch touching every directive at once', () => {
    const patch = {
      metadata: { '$deleteFromPrimitiveList/finalizers': ['x'], labels: { tier: 'front' } },
      spec: {
        replicas: 3,
        strategy: { $retainKeys: ['type'], type: 'Recreate', rollingUpdate: null },
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'app' }, { name: 'logger' }],
            containers: [
              {
                name: 'app',
                image: 'app:2',
                '$setElementOrder/env': [{ name: 'A' }, { name: 'B' }],
                env: [{ name: 'B', value: '2' }],
              },
              { name: 'logger', image: 'fluent:1' },
              { name: 'sidecar', $patch: 'delete' },
            ],
            '$setElementOrder/volumes': [{ name: 'tmp' }],
            volumes: [{ name: 'tmp', $retainKeys: ['emptyDir', 'name'], emptyDir: { medium: 'Memory' } }],
          },
        },
      },
    };
    expect(applyStrategicMergePatch(deployment, patch, deploymentSchema)).toEqual({
      ...deployment,
      metadata: { name: 'web', labels: { app: 'web', tier: 'front' }, finalizers: [] },
      spec: {
        ...deployment.spec,
        replicas: 3,
        strategy: { type: 'Recreate' },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: {
            containers: [
              {
                name: 'app',
                image: 'app:2',
                env: [
                  { name: 'A', value: '1' },
                  { name: 'B', value: '2' },
                ],
                ports: [{ containerPort: 8080 }],
              },
              { name: 'logger', image: 'fluent:1' },
            ],
            volumes: [{ name: 'tmp', emptyDir: { medium: 'Memory' } }],
          },
        },
      },
    });
  });

  it('does not share structure with its inputs', () => {
    const patch = { spec: { template: { spec: { containers: [{ name: 'new', image: 'n:1' }] } } } };
    const result = applyStrategicMergePatch(deployment, patch, deploymentSchema) as typeof deployment;
    result.spec.template.spec.containers[0]!.image = 'changed';
    result.metadata.labels.app = 'changed';
    expect(patch.spec.template.spec.containers[0]!.image).toBe('n:1');
    expect(deployment.metadata.labels.app).toBe('web');
  });

  it('reports errors upstream turns into a 500 with the Go error text', () => {
    const error = catchError(() =>
      applyStrategicMergePatch(deployment, { spec: { template: { spec: { containers: [{ image: 'x' }] } } } }, deploymentSchema),
    );
    expect(error).toBeInstanceOf(PatchError);
    expect(error).toMatchObject({ reason: 'Unknown', code: 500, message: 'map: map[image:x] does not contain declared merge key: name' });
  });
});
