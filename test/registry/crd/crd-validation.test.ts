/** CustomResourceDefinition validation with upstream paths and messages (src/registry/crd/crd-validation.ts). */
import { describe, expect, it } from 'vitest';
import { validateCrd, validateCrdUpdate } from '../../../src/registry/crd/crd-validation.js';
import { defaultCrdSpec } from '../../../src/registry/crd/crd-strategy.js';
import type { CustomResourceDefinition, CrdVersion } from '../../../src/registry/crd/types.js';
import { formatFieldError } from '../../../src/registry/validation/index.js';

function crd(overrides: Partial<CustomResourceDefinition['spec']> = {}, name = 'widgets.example.com'): CustomResourceDefinition {
  const object = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name },
    spec: {
      group: 'example.com',
      scope: 'Namespaced',
      names: { plural: 'widgets', kind: 'Widget' },
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object' } } } } }] as CrdVersion[],
      ...overrides,
    },
    status: { storedVersions: ['v1'] },
  } as CustomResourceDefinition;
  defaultCrdSpec(object);
  return object;
}

const DNS1035 =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

const errorsOf = (o: CustomResourceDefinition): string[] => validateCrd(o).map(formatFieldError);

describe('validateCrd', () => {
  it('accepts a minimal v1 CRD and defaults its names and conversion', () => {
    const o = crd();
    expect(errorsOf(o)).toEqual([]);
    expect(o.spec.names).toEqual({ plural: 'widgets', kind: 'Widget', singular: 'widget', listKind: 'WidgetList' });
    expect(o.spec.conversion).toEqual({ strategy: 'None' });
  });

  it('checks the name, group, scope, versions and names', () => {
    const o = crd({ group: 'example', scope: 'Global', names: { plural: 'Widgets', kind: 'Widget', listKind: 'Widget', shortNames: ['w_g'] } }, 'widgets.example');
    o.spec.versions = [
      { name: 'v1', served: true, storage: false, schema: { openAPIV3Schema: { type: 'object' } } },
      { name: 'V2', served: true, storage: false },
    ];
    expect(errorsOf(o)).toEqual([
      'metadata.name: Invalid value: "widgets.example": must be spec.names.plural+"."+spec.group',
      'spec.group: Invalid value: "example": should be a domain with at least one dot',
      'spec.scope: Unsupported value: "Global": supported values: "Cluster", "Namespaced"',
      'spec.versions[1].schema.openAPIV3Schema: Required value: schemas are required',
      `spec.versions[1].name: Invalid value: "V2": ${DNS1035}`,
      expect.stringMatching(/^spec\.versions: Invalid value: .*: must have exactly one version marked as storage version$/),
      `spec.names.plural: Invalid value: "Widgets": ${DNS1035}`,
      `spec.names.shortNames[0]: Invalid value: "w_g": ${DNS1035}`,
      'spec.names.listKind: Invalid value: "Widget": kind and listKind may not be the same',
    ]);
  });

  it('reports structural schema problems under spec.validation when all versions share the schema', () => {
    const o = crd();
    o.spec.versions[0]!.schema = {
      openAPIV3Schema: {
        type: 'object',
        properties: {
          spec: { properties: { count: { type: 'int' }, list: { type: 'array' }, ports: { type: 'array', 'x-kubernetes-list-type': 'map', items: { type: 'object', properties: { name: { type: 'string' } } } } } },
          metadata: { type: 'object', properties: { labels: { type: 'object' } } },
        },
      },
    };
    expect(errorsOf(o)).toEqual([
      'spec.validation.openAPIV3Schema.properties[spec].properties[count].type: Unsupported value: "int": supported values: "array", "boolean", "integer", "number", "object", "string"',
      'spec.validation.openAPIV3Schema.properties[spec].properties[list].items: Required value: must be specified',
      'spec.validation.openAPIV3Schema.properties[spec].properties[ports].x-kubernetes-list-map-keys: Required value: must not be empty if x-kubernetes-list-type is map',
      'spec.validation.openAPIV3Schema.properties[spec].type: Required value: must not be empty for specified object fields',
      'spec.validation.openAPIV3Schema.properties[metadata]: Forbidden: must not specify anything other than name and generateName, but metadata is implicitly specified',
    ]);
  });

  it('checks subresources, printer columns and selectable fields', () => {
    const o = crd();
    const v = o.spec.versions[0]!;
    v.schema = { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { color: { type: 'string' }, list: { type: 'array', items: { type: 'string' } } } } } } };
    v.subresources = { scale: { specReplicasPath: '.status.replicas', statusReplicasPath: 'status.replicas' } };
    v.additionalPrinterColumns = [{ name: 'X', type: 'text', jsonPath: '' }];
    v.selectableFields = [{ jsonPath: '.spec.color' }, { jsonPath: '.spec.list' }, { jsonPath: '.spec.color' }];
    expect(errorsOf(o)).toEqual([
      'spec.subresources.scale.specReplicasPath: Invalid value: ".status.replicas": should be a json path under .spec',
      'spec.subresources.scale.statusReplicasPath: Invalid value: "status.replicas": must be a simple json path starting with .',
      'spec.additionalPrinterColumns[0].type: Invalid value: "text": must be one of boolean,date,integer,number,string',
      'spec.additionalPrinterColumns[0].JSONPath: Required value',
      // Identical in every version, so validated at spec level as upstream's internal version has them.
      'spec.selectableFields[1].jsonPath: Invalid value: ".spec.list": must point to a field of type string, boolean or integer. Enum string fields and strings with formats are allowed.',
      'spec.selectableFields[2].jsonPath: Duplicate value: ".spec.color"',
    ]);
  });

  it('needs api approval for k8s.io groups', () => {
    const o = crd({ group: 'widgets.k8s.io' }, 'widgets.widgets.k8s.io');
    expect(errorsOf(o)).toEqual([
      'metadata.annotations[api-approved.kubernetes.io]: Required value: protected groups must have approval annotation "api-approved.kubernetes.io", see https://github.com/kubernetes/enhancements/pull/1111',
    ]);
    o.metadata.annotations = { 'api-approved.kubernetes.io': 'unapproved, testing' };
    expect(errorsOf(o)).toEqual([]);
  });

  it('keeps group and plural, and once established scope and kind', () => {
    const old = crd();
    old.metadata.resourceVersion = '5';
    old.status = { storedVersions: ['v1'], conditions: [{ type: 'Established', status: 'True' }] };
    const next = structuredClone(old);
    next.spec.scope = 'Cluster';
    next.spec.names.kind = 'Gadget';
    next.spec.names.listKind = 'GadgetList';
    expect(validateCrdUpdate(next, old).map(formatFieldError)).toEqual([
      'spec.scope: Invalid value: "Cluster": field is immutable',
      'spec.names.kind: Invalid value: "Gadget": field is immutable',
    ]);
    old.status.conditions = [];
    expect(validateCrdUpdate(next, old)).toEqual([]);
    next.spec.group = 'other.com';
    expect(validateCrdUpdate(next, old).map(formatFieldError)).toContain('spec.group: Invalid value: "other.com": field is immutable');
  });
});
