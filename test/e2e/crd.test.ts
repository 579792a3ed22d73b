/**
 * CRDs inside the virtual cluster, driven by the real kubectl against `vkube serve`: a CRD created
 * with kubectl becomes Established (`kubectl wait`), shows up in api-resources and explain, and its
 * objects go through get (printer columns), describe, apply, patch, scale, status, selectors,
 * validation, pruning, defaulting and delete; deleting the CRD removes its objects and discovery
 * entries; CRDs and their objects survive a restart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kubectl } from '../helpers/kubectl.js';
import { startVkube, waitFor, type VkubeProcess } from '../helpers/vkube-process.js';

const WIDGETS_CRD = `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget, shortNames: [wg], categories: [all]}
  versions:
  - name: v1
    served: true
    storage: true
    subresources:
      status: {}
      scale: {specReplicasPath: .spec.replicas, statusReplicasPath: .status.replicas, labelSelectorPath: .status.selector}
    additionalPrinterColumns:
    - {name: Color, type: string, jsonPath: .spec.color}
    - {name: Replicas, type: integer, jsonPath: .spec.replicas}
    - {name: Age, type: date, jsonPath: .metadata.creationTimestamp}
    selectableFields:
    - jsonPath: .spec.color
    schema:
      openAPIV3Schema:
        type: object
        description: A widget for tests.
        properties:
          spec:
            type: object
            required: [color]
            properties:
              color: {type: string, enum: [red, green, blue], description: The widget's colour.}
              replicas: {type: integer, minimum: 0, default: 1}
              size: {x-kubernetes-int-or-string: true}
              name: {type: string, pattern: '^[a-z]+$', maxLength: 8}
              tags: {type: array, x-kubernetes-list-type: set, items: {type: string}}
              extra: {type: object, x-kubernetes-preserve-unknown-fields: true}
          status:
            type: object
            properties:
              replicas: {type: integer}
              selector: {type: string}
`;

const CLUSTER_CRD = `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: regions.infra.example.com
spec:
  group: infra.example.com
  scope: Cluster
  names: {plural: regions, kind: Region}
  versions:
  - name: v1beta1
    served: true
    storage: false
    schema: {openAPIV3Schema: {type: object, properties: {spec: {type: object, properties: {zone: {type: string}}}}}}
  - name: v1
    served: true
    storage: true
    schema: {openAPIV3Schema: {type: object, properties: {spec: {type: object, properties: {zone: {type: string}}}}}}
`;

let vkube: VkubeProcess;
let k: Kubectl;
const ns = 'crds';

beforeAll(async () => {
  vkube = await startVkube({ name: 'crd' });
  k = new Kubectl('1.33', vkube.kubeconfig);
  await k.ok(['create', 'namespace', ns]);
});
afterAll(async () => {
  await vkube?.stop();
});

describe('a namespaced CRD', () => {
  it('is created with kubectl and becomes Established', async () => {
    expect(await k.ok(['create', '-f', '-'], { stdin: WIDGETS_CRD })).toBe('customresourcedefinition.apiextensions.k8s.io/widgets.example.com created\n');
    expect(await k.ok(['wait', '--for=condition=Established', 'crd/widgets.example.com', '--timeout=30s'])).toContain('condition met');
    const crd = JSON.parse(await k.ok(['get', 'crd', 'widgets.example.com', '-o', 'json']));
    expect(crd.status.acceptedNames).toEqual({ plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList', shortNames: ['wg'], categories: ['all'] });
    expect(crd.status.storedVersions).toEqual(['v1']);
    expect(crd.status.conditions.map((c: { type: string; status: string; reason: string }) => [c.type, c.status, c.reason])).toEqual([
      ['NamesAccepted', 'True', 'NoConflicts'],
      ['Established', 'True', 'InitialNamesAccepted'],
    ]);
    expect(crd.spec.conversion).toEqual({ strategy: 'None' });
  });

  it('appears in api-resources and explain', async () => {
    expect(await k.ok(['api-resources', '--api-group=example.com'])).toMatch(/^widgets\s+wg\s+example\.com\/v1\s+true\s+Widget$/m);
    const explain = await k.ok(['explain', 'widgets.spec.color']);
    expect(explain).toContain('KIND:       Widget');
    expect(explain).toContain("The widget's colour.");
  });

  it('creates objects with pruning and defaulting, and prints the CRD columns', async () => {
    const widget = 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: alpha}\nspec: {color: red, size: 50%, bogus: 1, extra: {kept: true}, tags: [a, b]}\n';
    // kubectl's default --validate=strict refuses the unknown field, as upstream does.
    const strict = await k.run(['-n', ns, 'apply', '-f', '-'], { stdin: widget });
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain('strict decoding error: unknown field "spec.bogus"');
    expect(await k.ok(['-n', ns, 'apply', '--validate=false', '-f', '-'], { stdin: widget })).toBe('widget.example.com/alpha created\n');
    const alpha = JSON.parse(await k.ok(['-n', ns, 'get', 'widget', 'alpha', '-o', 'json']));
    expect(alpha.spec).toEqual({ color: 'red', size: '50%', extra: { kept: true }, tags: ['a', 'b'], replicas: 1 });
    expect(alpha.metadata.generation).toBe(1);
    expect(alpha.status).toBeUndefined();
    await k.ok(['-n', ns, 'apply', '--server-side', '-f', '-'], { stdin: 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: beta, labels: {tier: back}}\nspec: {color: blue, replicas: 3, size: 2}\n' });
    const table = await k.ok(['-n', ns, 'get', 'wg']);
    expect(table).toMatch(/^NAME\s+COLOR\s+REPLICAS\s+AGE\nalpha\s+red\s+1\s+\d+s\nbeta\s+blue\s+3\s+\d+s\n$/);
    const describe = await k.ok(['-n', ns, 'describe', 'widget', 'beta']);
    expect(describe).toMatch(/^Name:\s+beta$/m);
    expect(describe).toMatch(/^Labels:\s+tier=back$/m);
    expect(describe).toMatch(/^\s+Color:\s+blue$/m);
    expect(await k.ok(['-n', ns, 'get', 'all', '-o', 'name'])).toContain('widget.example.com/alpha');
  });

  it('rejects invalid objects with upstream messages', async () => {
    const r = await k.run(['-n', ns, 'create', '-f', '-'], { stdin: 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: bad}\nspec: {color: pink, replicas: -1, name: TooLongName, tags: [x, x]}\n' });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'The Widget "bad" is invalid: \n' +
        '* spec.color: Unsupported value: "pink": supported values: "red", "green", "blue"\n' +
        '* spec.name: Too long: may not be more than 8 bytes\n' +
        '* spec.replicas: Invalid value: -1: spec.replicas in body should be greater than or equal to 0\n' +
        '* spec.tags[1]: Duplicate value: "x"\n',
    );
    const missing = await k.run(['-n', ns, 'create', '-f', '-'], { stdin: 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: bad}\nspec: {replicas: "3"}\n' });
    expect(missing.stderr).toBe('The Widget "bad" is invalid: \n* spec.color: Required value\n* spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"\n');
  });

  it('patches with merge, JSON and apply patches; refuses strategic merge with 415', async () => {
    expect(await k.ok(['-n', ns, 'patch', 'widget', 'alpha', '--type=merge', '-p', '{"spec":{"color":"green"}}'])).toBe('widget.example.com/alpha patched\n');
    await k.ok(['-n', ns, 'patch', 'widget', 'alpha', '--type=json', '-p', '[{"op":"add","path":"/metadata/labels","value":{"tier":"front"}}]']);
    const strategic = await k.run(['-n', ns, 'patch', 'widget', 'alpha', '-p', '{"spec":{"color":"blue"}}']);
    expect(strategic.code).toBe(1);
    expect(strategic.stderr).toContain('the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml');
    const alpha = JSON.parse(await k.ok(['-n', ns, 'get', 'widget', 'alpha', '-o', 'json']));
    expect(alpha.spec.color).toBe('green');
    expect(alpha.metadata.labels).toEqual({ tier: 'front' });
    expect(alpha.metadata.generation).toBe(2);
  });

  it('serves status and scale subresources', async () => {
    await k.ok(['-n', ns, 'patch', 'widget', 'beta', '--subresource=status', '--type=merge', '-p', '{"status":{"replicas":2,"selector":"tier=back"}}']);
    // Status written through the main resource is ignored.
    await k.ok(['-n', ns, 'patch', 'widget', 'beta', '--type=merge', '-p', '{"status":{"replicas":9}}']);
    const scale = JSON.parse(await k.ok(['-n', ns, 'get', 'widget', 'beta', '--subresource=scale', '-o', 'json']));
    expect(scale).toMatchObject({ kind: 'Scale', apiVersion: 'autoscaling/v1', spec: { replicas: 3 }, status: { replicas: 2, selector: 'tier=back' } });
    expect(await k.ok(['-n', ns, 'scale', 'widget', 'beta', '--replicas=5'])).toBe('widget.example.com/beta scaled\n');
    const beta = JSON.parse(await k.ok(['-n', ns, 'get', 'widget', 'beta', '-o', 'json']));
    expect(beta.spec.replicas).toBe(5);
    expect(beta.status).toEqual({ replicas: 2, selector: 'tier=back' });
    expect(beta.metadata.generation).toBe(2);
  });

  it('filters by labels, metadata fields and declared selectable fields', async () => {
    expect(await k.ok(['-n', ns, 'get', 'wg', '-l', 'tier=front', '-o', 'name'])).toBe('widget.example.com/alpha\n');
    expect(await k.ok(['-n', ns, 'get', 'wg', '--field-selector', 'spec.color=blue', '-o', 'name'])).toBe('widget.example.com/beta\n');
    expect(await k.ok(['-n', ns, 'get', 'wg', '--field-selector', 'metadata.name=alpha', '-o', 'name'])).toBe('widget.example.com/alpha\n');
    const unknown = await k.run(['-n', ns, 'get', 'wg', '--field-selector', 'spec.size=2']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('field label not supported: spec.size');
  });

  it('applies a default added later to objects stored before it', async () => {
    await k.ok(['patch', 'crd', 'widgets.example.com', '--type=json', '-p', '[{"op":"add","path":"/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties/label","value":{"type":"string","default":"none"}}]']);
    const label = await waitFor('the new default', async () => (await k.ok(['-n', ns, 'get', 'widget', 'beta', '-o', 'jsonpath={.spec.label}'])) || undefined);
    expect(label).toBe('none');
    const crd = JSON.parse(await k.ok(['get', 'crd', 'widgets.example.com', '-o', 'json']));
    expect(crd.metadata.generation).toBe(2);
  });

  it('deletes objects', async () => {
    expect(await k.ok(['-n', ns, 'delete', 'widget', 'alpha'])).toBe('widget.example.com "alpha" deleted\n');
    expect(await k.ok(['-n', ns, 'get', 'wg', '-o', 'name'])).toBe('widget.example.com/beta\n');
  });
});

describe('CRD validation and names', () => {
  it('refuses an invalid CRD with upstream messages', async () => {
    const bad = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: things.example.com}
spec:
  group: example
  scope: Global
  names: {plural: things, kind: Thing}
  versions:
  - {name: v1, served: true, storage: false, schema: {openAPIV3Schema: {type: object, properties: {spec: {properties: {a: {type: string}}}}}}}
`;
    const r = await k.run(['create', '-f', '-'], { stdin: bad });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('The CustomResourceDefinition "things.example.com" is invalid: ');
    expect(r.stderr).toContain('* metadata.name: Invalid value: "things.example.com": must be spec.names.plural+"."+spec.group');
    expect(r.stderr).toContain('* spec.group: Invalid value: "example": should be a domain with at least one dot');
    expect(r.stderr).toContain('* spec.scope: Unsupported value: "Global": supported values: "Cluster", "Namespaced"');
    expect(r.stderr).toContain('must have exactly one version marked as storage version');
    expect(r.stderr).toContain('* spec.validation.openAPIV3Schema.properties[spec].type: Required value: must not be empty for specified object fields');
  });

  it('reports a name conflict as NamesAccepted=False', async () => {
    await k.ok(['create', '-f', '-'], { stdin: WIDGETS_CRD.replace('name: widgets.example.com', 'name: gadgets.example.com').replace('plural: widgets', 'plural: gadgets').replace('singular: widget', 'singular: gadget').replace('shortNames: [wg]', 'shortNames: [gd]') });
    const conditions = await waitFor('NamesAccepted=False', async () => {
      const crd = JSON.parse(await k.ok(['get', 'crd', 'gadgets.example.com', '-o', 'json']));
      return crd.status?.conditions?.length ? crd.status.conditions : undefined;
    });
    expect(conditions.map((c: { type: string; status: string; reason: string; message: string }) => [c.type, c.status, c.reason, c.message])).toEqual([
      ['NamesAccepted', 'False', 'ListKindConflict', '"WidgetList" is already in use'],
      ['Established', 'False', 'NotAccepted', 'not all names are accepted'],
    ]);
    expect(await k.ok(['api-resources', '--api-group=example.com', '-o', 'name'])).toBe('widgets.example.com\n');
    await k.ok(['delete', 'crd', 'gadgets.example.com']);
  });
});

const SCALERS_CRD = `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: scalers.rules.example.com}
spec:
  group: rules.example.com
  scope: Namespaced
  names: {plural: scalers, kind: Scaler}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            x-kubernetes-validations:
            - {rule: "self.minReplicas <= self.maxReplicas", message: "minReplicas must not exceed maxReplicas"}
            properties:
              minReplicas: {type: integer}
              maxReplicas: {type: integer}
              mode:
                type: string
                x-kubernetes-validations:
                - {rule: "self == oldSelf", message: "mode is immutable"}
`;

describe('validation rules (x-kubernetes-validations, CEL)', () => {
  it('refuses objects that break a rule, and transition rules on updates', async () => {
    await k.ok(['apply', '-f', '-'], { stdin: SCALERS_CRD });
    await k.ok(['wait', '--for=condition=Established', 'crd/scalers.rules.example.com', '--timeout=30s']);
    const bad = await k.run(['-n', ns, 'create', '-f', '-'], { stdin: 'apiVersion: rules.example.com/v1\nkind: Scaler\nmetadata: {name: s1}\nspec: {minReplicas: 5, maxReplicas: 2, mode: fast}\n' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe('The Scaler "s1" is invalid: spec: Invalid value: "object": minReplicas must not exceed maxReplicas\n');
    await k.ok(['-n', ns, 'create', '-f', '-'], { stdin: 'apiVersion: rules.example.com/v1\nkind: Scaler\nmetadata: {name: s1}\nspec: {minReplicas: 1, maxReplicas: 2, mode: fast}\n' });
    const immutable = await k.run(['-n', ns, 'patch', 'scaler', 's1', '--type=merge', '-p', '{"spec":{"mode":"slow"}}']);
    expect(immutable.code).toBe(1);
    expect(immutable.stderr).toBe('The Scaler "s1" is invalid: spec.mode: Invalid value: "string": mode is immutable\n');
    expect(await k.ok(['-n', ns, 'patch', 'scaler', 's1', '--type=merge', '-p', '{"spec":{"maxReplicas":4}}'])).toBe('scaler.rules.example.com/s1 patched\n');
  });

  it('refuses a CRD whose rule does not parse', async () => {
    const r = await k.run(['create', '-f', '-'], { stdin: SCALERS_CRD.replace('name: scalers.rules', 'name: brokens.rules').replace('plural: scalers, kind: Scaler', 'plural: brokens, kind: Broken').replace('"self == oldSelf"', '"self =="') });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('The CustomResourceDefinition "brokens.rules.example.com" is invalid: spec.validation.openAPIV3Schema.properties[spec].properties[mode].x-kubernetes-validations[0].rule: Invalid value: "self ==": compilation failed: ');
  });
});

describe('a cluster-scoped CRD with two versions', () => {
  it('serves both versions, preferring v1', async () => {
    await k.ok(['apply', '-f', '-'], { stdin: CLUSTER_CRD });
    await k.ok(['wait', '--for=condition=Established', 'crd/regions.infra.example.com', '--timeout=30s']);
    const group = JSON.parse(await k.ok(['get', '--raw', '/apis/infra.example.com']));
    expect(group.versions.map((v: { version: string }) => v.version)).toEqual(['v1', 'v1beta1']);
    expect(group.preferredVersion.version).toBe('v1');
    await k.ok(['apply', '-f', '-'], { stdin: 'apiVersion: infra.example.com/v1beta1\nkind: Region\nmetadata: {name: west}\nspec: {zone: w1}\n' });
    expect(await k.ok(['get', 'regions', '-o', 'custom-columns=NAME:.metadata.name,ZONE:.spec.zone', '--no-headers'])).toBe('west   w1\n');
    // Conversion None: the same object, in the version asked for.
    expect(await k.ok(['get', 'regions', 'west', '-o', 'jsonpath={.apiVersion}'])).toBe('infra.example.com/v1');
    expect(await k.ok(['get', 'regions.v1beta1.infra.example.com', 'west', '-o', 'jsonpath={.apiVersion}'])).toBe('infra.example.com/v1beta1');
    const listed = JSON.parse(await k.ok(['get', '--raw', '/apis/infra.example.com/v1/regions']));
    expect(listed.items.map((o: { apiVersion: string }) => o.apiVersion)).toEqual(['infra.example.com/v1']);
    expect(await k.ok(['api-resources', '--api-group=infra.example.com'])).toMatch(/^regions\s+infra\.example\.com\/v1\s+false\s+Region$/m);
  });
});

describe('restart and CRD deletion', () => {
  it('keeps CRDs and their objects across a restart', async () => {
    await vkube.stop();
    await vkube.restart();
    expect(await k.ok(['-n', ns, 'get', 'wg', '-o', 'name'])).toBe('widget.example.com/beta\n');
    expect(await k.ok(['get', 'regions', '-o', 'name'])).toBe('region.infra.example.com/west\n');
  });

  it('deleting a CRD deletes its objects and its discovery entries', async () => {
    expect(await k.ok(['delete', 'crd', 'widgets.example.com'])).toBe('customresourcedefinition.apiextensions.k8s.io "widgets.example.com" deleted\n');
    const gone = await k.run(['get', 'crd', 'widgets.example.com']);
    expect(gone.stderr).toContain('NotFound');
    expect(await k.ok(['api-resources', '--api-group=example.com', '-o', 'name'])).toBe('');
    const list = await k.run(['get', '--raw', `/apis/example.com/v1/namespaces/${ns}/widgets`]);
    expect(list.code).toBe(1);
    // Recreating the CRD finds no leftover objects.
    await k.ok(['create', '-f', '-'], { stdin: WIDGETS_CRD });
    await k.ok(['wait', '--for=condition=Established', 'crd/widgets.example.com', '--timeout=30s']);
    expect(await k.ok(['-n', ns, 'get', 'wg', '-o', 'name'])).toBe('');
  });
});

describe('kubectl 1.27', () => {
  it('waits for Established and prints the CRD columns', async () => {
    const old = new Kubectl('1.27', vkube.kubeconfig);
    await old.ok(['wait', '--for=condition=Established', 'crd/widgets.example.com', '--timeout=30s']);
    await old.ok(['-n', ns, 'apply', '-f', '-'], { stdin: 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: gamma}\nspec: {color: blue}\n' });
    expect(await old.ok(['-n', ns, 'get', 'widgets'])).toMatch(/^NAME\s+COLOR\s+REPLICAS\s+AGE\ngamma\s+blue\s+1\s+\d+s\n$/);
  });
});
