import { describe, expect, it } from 'vitest';
import { applyDefaults } from '../../../src/registry/defaults/index.js';
import { formatFieldError, validateObject } from '../../../src/registry/validation/index.js';

type Json = Record<string, unknown>;

function pod(spec: Json = {}, meta: Json = {}): Json {
  const object: Json = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'default', ...meta },
    spec: { containers: [{ name: 'app', image: 'nginx:1.25' }], ...spec },
  };
  applyDefaults('', 'Pod', object);
  return object;
}

const messages = (object: Json, old?: Json): string[] => validateObject('', 'Pod', object, old).map(formatFieldError);

describe('Pod create validation', () => {
  it('accepts a defaulted pod', () => {
    expect(messages(pod())).toEqual([]);
  });

  it.each<[string, Json, string[]]>([
    ['containers required', { containers: [] }, ['spec.containers: Required value']],
    [
      'container name must be a DNS label',
      { containers: [{ name: 'App', image: 'x' }] },
      [
        `spec.containers[0].name: Invalid value: "App": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
      ],
    ],
    ['image required', { containers: [{ name: 'a' }] }, ['spec.containers[0].image: Required value']],
    [
      'duplicate container names',
      { containers: [{ name: 'a', image: 'x' }, { name: 'a', image: 'y' }] },
      ['spec.containers[1].name: Duplicate value: "a"'],
    ],
    [
      'init container name clashes with a container',
      { initContainers: [{ name: 'app', image: 'x' }] },
      ['spec.initContainers[0].name: Duplicate value: "app"'],
    ],
    [
      'container port out of range',
      { containers: [{ name: 'a', image: 'x', ports: [{ containerPort: 70000 }] }] },
      ['spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive'],
    ],
    [
      'container port protocol',
      { containers: [{ name: 'a', image: 'x', ports: [{ containerPort: 80, protocol: 'HTTP' }] }] },
      ['spec.containers[0].ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"'],
    ],
    [
      'duplicate port names',
      { containers: [{ name: 'a', image: 'x', ports: [{ containerPort: 80, name: 'http' }, { containerPort: 81, name: 'http' }] }] },
      ['spec.containers[0].ports[1].name: Duplicate value: "http"'],
    ],
    [
      'restartPolicy value',
      { restartPolicy: 'Sometimes' },
      ['spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"'],
    ],
    [
      'dnsPolicy value',
      { dnsPolicy: 'Cluster' },
      ['spec.dnsPolicy: Unsupported value: "Cluster": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"'],
    ],
    [
      'imagePullPolicy value',
      { containers: [{ name: 'a', image: 'x', imagePullPolicy: 'Sometimes' }] },
      ['spec.containers[0].imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"'],
    ],
    [
      'volume mount must name a volume',
      { containers: [{ name: 'a', image: 'x', volumeMounts: [{ name: 'data', mountPath: '/data' }] }] },
      ['spec.containers[0].volumeMounts[0].name: Not found: "data"'],
    ],
    [
      'one volume source only',
      { volumes: [{ name: 'v', emptyDir: {}, configMap: { name: 'c' } }] },
      ['spec.volumes[0].configMap: Forbidden: may not specify more than 1 volume type'],
    ],
    [
      'image with whitespace (pods only)',
      { containers: [{ name: 'a', image: ' nginx' }] },
      ['spec.containers[0].image: Invalid value: " nginx": must not have leading or trailing whitespace'],
    ],
    [
      'activeDeadlineSeconds range',
      { activeDeadlineSeconds: 0 },
      ['spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive'],
    ],
    [
      'restartPolicy on a regular container',
      { containers: [{ name: 'a', image: 'x', restartPolicy: 'Always' }] },
      ['spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers'],
    ],
  ])('%s', (_name, spec, expected) => {
    expect(messages(pod(spec))).toEqual(expected);
  });
});

describe('Pod update validation', () => {
  const stored = (): Json => pod({}, { uid: 'u1', resourceVersion: '3' });

  it('allows changing a container image', () => {
    const next = stored();
    ((next['spec'] as Json)['containers'] as Json[])[0]!['image'] = 'nginx:1.26';
    expect(messages(next, stored())).toEqual([]);
  });

  it('forbids other spec changes with upstream message', () => {
    const next = stored();
    (next['spec'] as Json)['restartPolicy'] = 'Never';
    const errs = messages(next, stored());
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatch(
      /^spec: Forbidden: pod updates may not change fields other than `spec\.containers\[\*\]\.image`,`spec\.initContainers\[\*\]\.image`,`spec\.activeDeadlineSeconds`,`spec\.tolerations` \(only additions to existing tolerations\),`spec\.terminationGracePeriodSeconds` \(allow it to be set to 1 if it was previously negative\)\n/,
    );
    expect(errs[0]).toContain('restartPolicy');
  });

  it('forbids adding containers', () => {
    const next = stored();
    (next['spec'] as Json)['containers'] = [
      { name: 'app', image: 'nginx', imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' },
      { name: 'b', image: 'nginx', imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' },
    ];
    expect(messages(next, stored())).toEqual(['spec.containers: Forbidden: pod updates may not add or remove containers']);
  });

  it('allows adding tolerations but not changing existing ones', () => {
    const base = pod({ tolerations: [{ key: 'k', operator: 'Exists' }] }, { uid: 'u1', resourceVersion: '3' });
    const added = structuredClone(base);
    (added['spec'] as Json)['tolerations'] = [{ key: 'k', operator: 'Exists' }, { key: 'j', operator: 'Exists' }];
    expect(messages(added, base)).toEqual([]);
    const changed = structuredClone(base);
    (changed['spec'] as Json)['tolerations'] = [{ key: 'other', operator: 'Exists' }];
    expect(messages(changed, base)).toEqual(['spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds']);
  });

  it('lets activeDeadlineSeconds only decrease', () => {
    const base = pod({ activeDeadlineSeconds: 30 }, { uid: 'u1', resourceVersion: '3' });
    const next = structuredClone(base);
    (next['spec'] as Json)['activeDeadlineSeconds'] = 60;
    expect(messages(next, base)).toEqual(['spec.activeDeadlineSeconds: Invalid value: 60: must be less than or equal to previous value']);
  });
});

describe('PodTemplate', () => {
  it('validates the template under template.spec', () => {
    const object: Json = { metadata: { name: 't', namespace: 'd' }, template: { spec: { containers: [] } } };
    applyDefaults('', 'PodTemplate', object);
    expect(validateObject('', 'PodTemplate', object).map(formatFieldError)).toEqual(['template.spec.containers: Required value']);
  });
});
