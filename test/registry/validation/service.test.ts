import { describe, expect, it } from 'vitest';
import { applyDefaults, prepareServiceForCreate, prepareServiceForUpdate } from '../../../src/registry/defaults/index.js';
import { formatFieldError, validateObject } from '../../../src/registry/validation/index.js';

type Json = Record<string, unknown>;

function service(spec: Json, name = 'web'): Json {
  const object: Json = { metadata: { name, namespace: 'default', uid: 'u', resourceVersion: '1' }, spec: { selector: { app: 'web' }, ...spec } };
  applyDefaults('', 'Service', object);
  prepareServiceForCreate(object);
  return object;
}

const messages = (object: Json, old?: Json): string[] => validateObject('', 'Service', object, old).map(formatFieldError);

describe('Service create', () => {
  it.each<[string, Json, string[]]>([
    ['valid', { ports: [{ port: 80 }] }, []],
    ['headless without ports', { clusterIP: 'None' }, []],
    ['ports required', {}, ['spec.ports: Required value']],
    [
      'port range (targetPort defaults to the same bad value)',
      { ports: [{ port: 0 }] },
      ['spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive', 'spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive'],
    ],
    ['names required with several ports', { ports: [{ port: 80 }, { port: 81, name: 'b' }] }, ['spec.ports[0].name: Required value']],
    [
      'duplicate port names',
      { ports: [{ port: 80, name: 'a' }, { port: 81, name: 'a' }] },
      ['spec.ports[1].name: Duplicate value: "a"'],
    ],
    [
      'duplicate port and protocol',
      { ports: [{ port: 80, name: 'a' }, { port: 80, name: 'b' }] },
      [
        'spec.ports[1]: Duplicate value: core.ServicePort{Name:"", Protocol:"TCP", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}',
      ],
    ],
    ['type values', { type: 'Internal', ports: [{ port: 80 }] }, ['spec.type: Unsupported value: "Internal": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"']],
    ['nodePort with ClusterIP', { ports: [{ port: 80, nodePort: 30000 }] }, ["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"]],
    ['externalName required', { type: 'ExternalName' }, ['spec.externalName: Required value']],
    ['bad cluster IP', { clusterIP: '10.0.0.300', ports: [{ port: 80 }] }, ['spec.clusterIPs[0]: Invalid value: "10.0.0.300": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)']],
    [
      'headless LoadBalancer',
      { type: 'LoadBalancer', clusterIP: 'None', ports: [{ port: 80 }] },
      ["spec.clusterIPs[0]: Invalid value: \"None\": may not be set to 'None' for LoadBalancer services"],
    ],
  ])('%s', (_name, spec, expected) => {
    expect(messages(service(spec))).toEqual(expected);
  });

  it('requires a DNS-1035 name', () => {
    expect(messages(service({ ports: [{ port: 80 }] }, '1web'))[0]).toMatch(/^metadata\.name: Invalid value: "1web": a DNS-1035 label must consist of/);
  });
});

describe('Service update', () => {
  const stored = (): Json => {
    const s = service({ ports: [{ port: 80 }], clusterIP: '10.96.0.10' });
    return s;
  };

  it('keeps the allocated cluster IP when the client omits it', () => {
    const next = service({ ports: [{ port: 8080 }] });
    prepareServiceForUpdate(next, stored());
    expect(messages(next, stored())).toEqual([]);
    expect((next['spec'] as Json)['clusterIPs']).toEqual(['10.96.0.10']);
  });

  it('refuses to change the cluster IP', () => {
    const next = service({ ports: [{ port: 80 }], clusterIP: '10.96.0.11' });
    prepareServiceForUpdate(next, stored());
    expect(messages(next, stored())).toEqual(['spec.clusterIPs[0]: Invalid value: []string{"10.96.0.11"}: may not change once set']);
  });
});
