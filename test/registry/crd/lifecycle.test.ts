/**
 * The CRD lifecycle over a real LevelDB store, with the CRD controller running: acceptance and
 * publication, custom resources through the GenericRegistry (defaults, validation, generation,
 * status), deletion through the cleanup finalizer, restore after a restart; plus the naming rules
 * and version ordering on their own.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acceptNames, CrdController, restoreCustomResources } from '../../../src/controllers/crd.js';
import { builtinPolicies } from '../../../src/registry/builtin/policies.js';
import { ServiceAddressAllocator } from '../../../src/registry/builtin/service-ips.js';
import { BuiltinStrategies } from '../../../src/registry/builtin/strategies.js';
import { ResourceCatalog } from '../../../src/registry/catalog.js';
import { systemClock } from '../../../src/registry/clock.js';
import { CustomResourceStrategies, withCustomResourcePolicies } from '../../../src/registry/crd/cr-strategy.js';
import { compareKubeAwareVersions, CustomResourceTypes, storageVersionHash } from '../../../src/registry/crd/custom-resources.js';
import type { CustomResourceDefinition } from '../../../src/registry/crd/types.js';
import { ApiError } from '../../../src/registry/errors.js';
import { GenericRegistry } from '../../../src/registry/generic/registry.js';
import type { KubeObject } from '../../../src/registry/object.js';
import type { TablePrinter } from '../../../src/registry/printers/index.js';
import { openLevelStore, type LevelStore } from '../../../src/store/level-store.js';
import { waitFor } from '../../helpers/vkube-process.js';

const CRD: CustomResourceDefinition = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.example.com' },
  spec: {
    group: 'example.com',
    scope: 'Namespaced',
    names: { plural: 'widgets', kind: 'Widget', shortNames: ['wg'] },
    versions: [
      { name: 'v1beta1', served: true, storage: false, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { color: { type: 'string' } } } } } } },
      {
        name: 'v1',
        served: true,
        storage: true,
        subresources: { status: {} },
        selectableFields: [{ jsonPath: '.spec.color' }],
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: { type: 'object', required: ['color'], properties: { color: { type: 'string', enum: ['red', 'blue'] }, replicas: { type: 'integer', default: 1 } } },
              status: { type: 'object', properties: { ready: { type: 'boolean' } } },
            },
          },
        },
      },
    ],
  },
};

let dir: string;
let store: LevelStore;
let catalog: ResourceCatalog;
let registry: GenericRegistry;
let types: CustomResourceTypes;
let controller: CrdController;
const printers = new Map<string, TablePrinter | undefined>();
const selectable = new Map<string, string[]>();
const crdInfo = () => catalog.get('apiextensions.k8s.io', 'v1', 'customresourcedefinitions')!;

function build(): void {
  catalog = ResourceCatalog.builtin();
  registry = new GenericRegistry({
    store,
    clock: systemClock,
    policies: withCustomResourcePolicies(builtinPolicies({ forKind: () => undefined }), catalog),
    strategies: new CustomResourceStrategies(new BuiltinStrategies(new ServiceAddressAllocator({ serviceCidr: '10.96.0.0/12', nodePortRange: [30000, 32767] }))),
  });
  types = new CustomResourceTypes({
    catalog,
    printers: { setPrinter: (g, r, p) => void printers.set(`${g}/${r}`, p) },
    fields: { addSelectableFields: (g, r, paths) => void selectable.set(`${g}/${r}`, paths) },
  });
  controller = new CrdController({ registry, catalog, clock: systemClock, logger: pino({ level: 'silent' }), types });
}

async function established(name: string): Promise<CustomResourceDefinition> {
  return waitFor(`${name} Established`, async () => {
    const e = await store.get<CustomResourceDefinition>(`/registry/apiextensions.k8s.io/customresourcedefinitions/${name}`);
    return e?.view.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True') ? e.view : undefined;
  }, 10_000, 10);
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vkube-crd-'));
  store = await openLevelStore({ path: dir, compactIntervalMs: 0 });
  build();
  controller.start();
  await registry.create(catalog.get('', 'v1', 'namespaces')!, undefined, { metadata: { name: 'ns' } });
});
afterEach(async () => {
  await controller.stop();
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('CRD lifecycle', () => {
  it('accepts, publishes and serves custom resources', async () => {
    const created = await registry.create(crdInfo(), undefined, structuredClone(CRD));
    expect(created.view.status).toEqual({ acceptedNames: { plural: '', kind: '' }, storedVersions: ['v1'] });
    const crd = await established('widgets.example.com');
    expect(crd.status!.acceptedNames).toEqual({ plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList', shortNames: ['wg'] });
    const v1 = catalog.get('example.com', 'v1', 'widgets')!;
    expect(v1).toMatchObject({ kind: 'Widget', namespaced: true, storageGroup: 'example.com', storageVersionHash: storageVersionHash('example.com', 'v1', 'Widget') });
    expect([...v1.subresources.keys()]).toEqual(['status']);
    expect(catalog.get('example.com', 'v1beta1', 'widgets')!.subresources.size).toBe(0);
    expect(catalog.group('example.com')!.versions).toEqual(['v1', 'v1beta1']);
    expect(selectable.get('example.com/widgets')).toEqual(['.spec.color']);
    expect(printers.get('example.com/widgets')?.columns.map((c) => c.name)).toEqual(['Name', 'Age']);

    const w = await registry.create(v1, 'ns', { metadata: { name: 'w' }, spec: { color: 'red', junk: 1 }, status: { ready: true } });
    expect(w.view).toMatchObject({ apiVersion: 'example.com/v1', kind: 'Widget', spec: { color: 'red', replicas: 1 }, metadata: { generation: 1 } });
    expect(w.view.spec).toEqual({ color: 'red', replicas: 1 });
    expect(w.view.status).toBeUndefined();
    const invalid = await registry.create(v1, 'ns', { metadata: { name: 'bad' }, spec: { color: 'green' } }).catch((e: unknown) => e);
    expect((invalid as ApiError).message).toBe('Widget.example.com "bad" is invalid: spec.color: Unsupported value: "green": supported values: "red", "blue"');
    // PUT needs a resourceVersion (AllowUnconditionalUpdate is false for custom resources).
    const put = await registry.update(v1, 'ns', 'w', { metadata: { name: 'w' }, spec: { color: 'blue' } }).catch((e: unknown) => e);
    expect((put as ApiError).code).toBe(422);
    const updated = await registry.update(v1, 'ns', 'w', { metadata: { name: 'w', resourceVersion: w.view.metadata.resourceVersion }, spec: { color: 'blue' }, status: { ready: true } });
    expect(updated.entry.view).toMatchObject({ spec: { color: 'blue', replicas: 1 }, metadata: { generation: 2 } });
    expect(updated.entry.view.status).toBeUndefined();
    const status = await registry.update(v1, 'ns', 'w', { ...updated.entry.view, status: { ready: true } } as KubeObject, { subresource: 'status' });
    expect(status.entry.view).toMatchObject({ status: { ready: true }, metadata: { generation: 2 } });
  });

  it('deletes the objects, then the CRD, then the resource', async () => {
    await registry.create(crdInfo(), undefined, structuredClone(CRD));
    await established('widgets.example.com');
    const v1 = catalog.get('example.com', 'v1', 'widgets')!;
    await registry.create(v1, 'ns', { metadata: { name: 'a' }, spec: { color: 'red' } });
    await registry.create(v1, 'ns', { metadata: { name: 'b', finalizers: ['example.com/hold'] }, spec: { color: 'red' } });
    const marked = await registry.delete(crdInfo(), undefined, 'widgets.example.com');
    expect(marked.deleted).toBe(false);
    expect(marked.entry.view.metadata.finalizers).toEqual(['customresourcecleanup.apiextensions.k8s.io']);
    expect((marked.entry.view as CustomResourceDefinition).status!.conditions!.find((c) => c.type === 'Terminating')).toMatchObject({ status: 'True', reason: 'InstanceDeletionPending' });
    await waitFor('a deleted, b terminating', async () => {
      const listed = await store.list<KubeObject>('/registry/example.com/widgets/');
      return listed.items.length === 1 && listed.items[0]!.view.metadata.deletionTimestamp ? true : undefined;
    }, 10_000, 10);
    expect(await store.get('/registry/apiextensions.k8s.io/customresourcedefinitions/widgets.example.com')).toBeDefined();
    const refused = await registry.create(v1, 'ns', { metadata: { name: 'c' }, spec: { color: 'red' } }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 405, reason: 'MethodNotAllowed', message: 'create not allowed while custom resource definition is terminating' });
    await registry.guaranteedUpdate(v1, 'ns', 'b', (o) => ({ ...o!, metadata: { ...o!.metadata, finalizers: [] } }));
    await waitFor('CRD gone', async () => ((await store.get('/registry/apiextensions.k8s.io/customresourcedefinitions/widgets.example.com')) ? undefined : true), 10_000, 10);
    await waitFor('unpublished', async () => (catalog.get('example.com', 'v1', 'widgets') ? undefined : true), 10_000, 10);
    expect(catalog.group('example.com')).toBeUndefined();
    expect(printers.get('example.com/widgets')).toBeUndefined();
  });

  it('restores accepted CRDs from the store', async () => {
    await registry.create(crdInfo(), undefined, structuredClone(CRD));
    await established('widgets.example.com');
    await controller.stop();
    build();
    expect(catalog.get('example.com', 'v1', 'widgets')).toBeUndefined();
    expect(await restoreCustomResources(store, types)).toBe(1);
    expect(catalog.get('example.com', 'v1', 'widgets')?.custom?.crdName).toBe('widgets.example.com');
    controller.start();
  });
});

describe('naming', () => {
  const other = (names: CustomResourceDefinition['spec']['names'], group = 'example.com'): CustomResourceDefinition =>
    ({ ...structuredClone(CRD), metadata: { name: `${names.plural}.${group}` }, spec: { ...structuredClone(CRD.spec), group, names }, status: { acceptedNames: names } }) as CustomResourceDefinition;

  it('accepts names nobody in the group holds', () => {
    const { names, condition } = acceptNames(structuredClone(CRD), [other({ plural: 'widgets', kind: 'Widget' }, 'other.com')], new Set());
    expect(names).toEqual({ plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList', shortNames: ['wg'] });
    expect(condition).toEqual({ type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', message: 'no conflicts found' });
  });

  it('keeps the old accepted name when a requested one is taken', () => {
    const { names, condition } = acceptNames(structuredClone(CRD), [other({ plural: 'gadgets', singular: 'gadget', kind: 'Gadget', listKind: 'GadgetList', shortNames: ['wg'] })], new Set());
    expect(condition).toEqual({ type: 'NamesAccepted', status: 'False', reason: 'ShortNamesConflict', message: '"wg" is already in use' });
    expect(names.shortNames).toBeUndefined();
    expect(names.plural).toBe('widgets');
    expect(acceptNames(structuredClone(CRD), [], new Set(['widgets'])).condition.reason).toBe('PluralConflict');
  });

  it('orders versions as kube-aware priority', () => {
    expect(['v1alpha1', 'v2beta1', 'foo', 'v1', 'v1beta2', 'v2', 'v1beta1', 'bar'].sort(compareKubeAwareVersions)).toEqual(['v2', 'v1', 'v2beta1', 'v1beta2', 'v1beta1', 'v1alpha1', 'bar', 'foo']);
  });
});
