// Which printer each resource gets, the default convertor, and custom-resource columns.
import { describe, expect, it } from 'vitest';
import { crdPrinter, defaultPrinter, printerFor, printerOrDefault } from '../../../src/registry/printers/index.js';
import { goFormatFloat } from '../../../src/registry/printers/crd.js';

const now = new Date('2024-05-01T12:00:00Z');

describe('printerFor', () => {
  it.each([
    ['', 'pods'], ['', 'podtemplates'], ['', 'replicationcontrollers'], ['', 'services'], ['', 'endpoints'],
    ['', 'namespaces'], ['', 'nodes'], ['', 'events'], ['', 'secrets'], ['', 'configmaps'], ['', 'serviceaccounts'],
    ['', 'persistentvolumes'], ['', 'persistentvolumeclaims'], ['', 'resourcequotas'],
    ['apps', 'replicasets'], ['apps', 'deployments'], ['apps', 'statefulsets'], ['apps', 'daemonsets'],
    ['batch', 'jobs'], ['batch', 'cronjobs'], ['discovery.k8s.io', 'endpointslices'], ['events.k8s.io', 'events'],
    ['networking.k8s.io', 'ingresses'], ['networking.k8s.io', 'ingressclasses'], ['networking.k8s.io', 'networkpolicies'],
    ['policy', 'poddisruptionbudgets'], ['coordination.k8s.io', 'leases'], ['scheduling.k8s.io', 'priorityclasses'],
    ['storage.k8s.io', 'storageclasses'], ['storage.k8s.io', 'csidrivers'], ['storage.k8s.io', 'csinodes'],
    ['storage.k8s.io', 'volumeattachments'], ['autoscaling', 'horizontalpodautoscalers'],
    ['rbac.authorization.k8s.io', 'rolebindings'], ['rbac.authorization.k8s.io', 'clusterrolebindings'],
    ['admissionregistration.k8s.io', 'mutatingwebhookconfigurations'],
    ['admissionregistration.k8s.io', 'validatingwebhookconfigurations'],
    ['certificates.k8s.io', 'certificatesigningrequests'],
  ])('has an upstream printer for %s/%s', (group, resource) => {
    const printer = printerFor(group, resource);
    expect(printer).toBeDefined();
    expect(printer!.columns[0]!.name).not.toBe('');
  });

  it.each([
    ['', 'limitranges'],
    ['rbac.authorization.k8s.io', 'roles'],
    ['rbac.authorization.k8s.io', 'clusterroles'],
    ['storage.k8s.io', 'csistoragecapacities'],
    ['apiextensions.k8s.io', 'customresourcedefinitions'],
  ])('leaves %s/%s to the default convertor, as kube-apiserver does', (group, resource) => {
    expect(printerFor(group, resource)).toBeUndefined();
    expect(printerOrDefault(group, resource)).toBe(defaultPrinter());
  });

  it('distinguishes the group: core events and events.k8s.io events read different fields', () => {
    const coreShape = { metadata: { name: 'e' }, involvedObject: { kind: 'Pod', name: 'p' }, message: 'hi', count: 2 };
    const v1Shape = { metadata: { name: 'e' }, regarding: { kind: 'Pod', name: 'p' }, note: 'hi', deprecatedCount: 2 };
    const core = printerFor('', 'events')!.cells(coreShape, now);
    expect(printerFor('events.k8s.io', 'events')!.cells(v1Shape, now)).toEqual(core);
    expect(core[3]).toBe('pod/p');
    // The events.k8s.io printer also takes the stored core shape.
    expect(printerFor('events.k8s.io', 'events')!.cells({ apiVersion: 'v1', ...coreShape }, now)).toEqual(core);
  });
});

describe('defaultPrinter', () => {
  it('prints Name and Created At as an RFC3339 UTC timestamp', () => {
    const printer = defaultPrinter();
    expect(printer.columns.map((c) => [c.name, c.type, c.format, c.priority])).toEqual([
      ['Name', 'string', 'name', 0],
      ['Created At', 'date', '', 0],
    ]);
    const role = { metadata: { name: 'reader', namespace: 'default', creationTimestamp: '2024-05-01T13:30:00+02:00' } };
    expect(printer.cells(role, now)).toEqual(['reader', '2024-05-01T11:30:00Z']);
  });

  it('prints the Go zero time when the timestamp is missing', () => {
    expect(defaultPrinter().cells({ metadata: { name: 'x' } }, now)).toEqual(['x', '0001-01-01T00:00:00Z']);
  });
});

describe('crdPrinter', () => {
  it('defaults to Name and Age (type date) when there are no additional columns', () => {
    const printer = crdPrinter(undefined);
    expect(printer.columns.map((c) => [c.name, c.type])).toEqual([
      ['Name', 'string'],
      ['Age', 'date'],
    ]);
    expect(printer.cells({ metadata: { name: 'a', creationTimestamp: '2024-05-01T11:57:00Z' } }, now)).toEqual(['a', '3m']);
  });

  it('keeps column metadata and the default description', () => {
    const printer = crdPrinter([{ name: 'Phase', type: 'string', jsonPath: '.status.phase', priority: 1, format: 'x' }]);
    expect(printer.columns[1]).toEqual({
      name: 'Phase',
      type: 'string',
      format: 'x',
      priority: 1,
      description: 'Custom resource definition column (in JSONPath format): .status.phase',
    });
  });

  it('stops the column list at a path it cannot parse', () => {
    const printer = crdPrinter([
      { name: 'A', type: 'string', jsonPath: '.spec.a' },
      { name: 'Union', type: 'string', jsonPath: '.spec[a,b]' },
      { name: 'C', type: 'string', jsonPath: '.spec.c' },
    ]);
    expect(printer.columns.map((c) => c.name)).toEqual(['Name', 'A']);
  });

  it('evaluates filters, slices and negative indexes, taking the first match', () => {
    const printer = crdPrinter([
      { name: 'NotReady', type: 'string', jsonPath: '.status.conditions[?(@.status!="True")].type' },
      { name: 'Slice', type: 'string', jsonPath: '.spec.items[1:3]' },
      { name: 'Last', type: 'integer', jsonPath: '.spec.items[-1]' },
      { name: 'Gt', type: 'string', jsonPath: '.spec.weights[?(@.w > 5)].n' },
      { name: 'Has', type: 'string', jsonPath: '.spec.weights[?(@.tag)].n' },
    ]);
    const object = {
      metadata: { name: 'x' },
      spec: { items: [1, 2, 3, 4], weights: [{ n: 'a', w: 1 }, { n: 'b', w: 9, tag: 't' }] },
      status: { conditions: [{ type: 'A', status: 'True' }, { type: 'B', status: 'False' }, { type: 'C', status: 'Unknown' }] },
    };
    expect(printer.cells(object, now)).toEqual(['x', 'B', '2', 4, 'b', 'b']);
  });

  it('formats floats in string columns the way Go prints them', () => {
    expect(goFormatFloat(0.75)).toBe('0.75');
    expect(goFormatFloat(1234567.5)).toBe('1.2345675e+06');
    expect(goFormatFloat(0.00001)).toBe('1e-05');
    expect(goFormatFloat(123456.5)).toBe('123456.5');
  });
});
