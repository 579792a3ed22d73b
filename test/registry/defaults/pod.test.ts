import { describe, expect, it } from 'vitest';
import { applyDefaults, imageTag } from '../../../src/registry/defaults/index.js';

type Json = Record<string, unknown>;

const defaultedContainer = (name: string, image: string, pullPolicy: string): Json => ({
  name,
  image,
  imagePullPolicy: pullPolicy,
  terminationMessagePath: '/dev/termination-log',
  terminationMessagePolicy: 'File',
});

describe('Pod defaults', () => {
  it('fills the pod spec like kube-apiserver', () => {
    const pod: Json = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'a', image: 'nginx' }] } };
    applyDefaults('', 'Pod', pod);
    expect(pod['spec']).toEqual({
      containers: [defaultedContainer('a', 'nginx', 'Always')],
      enableServiceLinks: true,
      dnsPolicy: 'ClusterFirst',
      restartPolicy: 'Always',
      securityContext: {},
      terminationGracePeriodSeconds: 30,
      schedulerName: 'default-scheduler',
    });
  });

  it('keeps values the user set', () => {
    const spec: Json = {
      containers: [{ name: 'a', image: 'nginx', imagePullPolicy: 'Never', terminationMessagePolicy: 'FallbackToLogsOnError' }],
      restartPolicy: 'OnFailure',
      terminationGracePeriodSeconds: 0,
      enableServiceLinks: false,
      dnsPolicy: 'None',
    };
    const pod: Json = { spec };
    applyDefaults('', 'Pod', pod);
    expect(spec).toMatchObject({ restartPolicy: 'OnFailure', terminationGracePeriodSeconds: 0, enableServiceLinks: false, dnsPolicy: 'None' });
    expect((spec['containers'] as Json[])[0]).toMatchObject({ imagePullPolicy: 'Never', terminationMessagePolicy: 'FallbackToLogsOnError' });
  });

  it('defaults ports, env fieldRefs, probes and lifecycle hooks', () => {
    const container: Json = {
      name: 'a',
      image: 'nginx:1.25',
      ports: [{ containerPort: 80 }],
      env: [{ name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
      livenessProbe: { httpGet: { port: 80 } },
      readinessProbe: { grpc: { port: 9000 }, periodSeconds: 5 },
      lifecycle: { preStop: { httpGet: { port: 80, path: '/stop' } } },
    };
    applyDefaults('', 'Pod', { spec: { containers: [container] } });
    expect(container).toEqual({
      ...defaultedContainer('a', 'nginx:1.25', 'IfNotPresent'),
      ports: [{ containerPort: 80, protocol: 'TCP' }],
      env: [{ name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName', apiVersion: 'v1' } } }],
      livenessProbe: { httpGet: { port: 80, path: '/', scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 },
      readinessProbe: { grpc: { port: 9000, service: '' }, timeoutSeconds: 1, periodSeconds: 5, successThreshold: 1, failureThreshold: 3 },
      lifecycle: { preStop: { httpGet: { port: 80, path: '/stop', scheme: 'HTTP' } } },
    });
  });

  it('defaults volume sources', () => {
    const volumes: Json[] = [
      { name: 'scratch' },
      { name: 'cfg', configMap: { name: 'c' } },
      { name: 'sec', secret: { secretName: 's', defaultMode: 256 } },
      { name: 'host', hostPath: { path: '/var' } },
      { name: 'proj', projected: { sources: [{ serviceAccountToken: { path: 'token' } }, { downwardAPI: { items: [{ path: 'n', fieldRef: { fieldPath: 'metadata.name' } }] } }] } },
      { name: 'eph', ephemeral: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'] } } } },
    ];
    applyDefaults('', 'Pod', { spec: { containers: [], volumes } });
    expect(volumes).toEqual([
      { name: 'scratch', emptyDir: {} },
      { name: 'cfg', configMap: { name: 'c', defaultMode: 420 } },
      { name: 'sec', secret: { secretName: 's', defaultMode: 256 } },
      { name: 'host', hostPath: { path: '/var', type: '' } },
      {
        name: 'proj',
        projected: {
          defaultMode: 420,
          sources: [
            { serviceAccountToken: { path: 'token', expirationSeconds: 3600 } },
            { downwardAPI: { items: [{ path: 'n', fieldRef: { fieldPath: 'metadata.name', apiVersion: 'v1' } }] } },
          ],
        },
      },
      { name: 'eph', ephemeral: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'], volumeMode: 'Filesystem' } } } },
    ]);
  });

  it('copies limits into missing requests (pods only)', () => {
    const container: Json = { name: 'a', image: 'x', resources: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '500m' } } };
    applyDefaults('', 'Pod', { spec: { containers: [container] } });
    expect(container['resources']).toEqual({ limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '500m', memory: '1Gi' } });

    const templated: Json = { name: 'a', image: 'x', resources: { limits: { cpu: '1' } } };
    applyDefaults('apps', 'Deployment', { spec: { template: { spec: { containers: [templated] } } } });
    expect(templated['resources']).toEqual({ limits: { cpu: '1' } });
  });

  it('sets hostPort from containerPort on the host network', () => {
    const container: Json = { name: 'a', image: 'x', ports: [{ containerPort: 8080 }] };
    applyDefaults('', 'Pod', { spec: { hostNetwork: true, containers: [container] } });
    expect(container['ports']).toEqual([{ containerPort: 8080, hostPort: 8080, protocol: 'TCP' }]);
  });

  it('is idempotent', () => {
    const pod: Json = { spec: { containers: [{ name: 'a', image: 'nginx', ports: [{ containerPort: 80 }] }], volumes: [{ name: 'v' }] } };
    applyDefaults('', 'Pod', pod);
    const once = structuredClone(pod);
    applyDefaults('', 'Pod', pod);
    expect(pod).toEqual(once);
  });
});

describe('imageTag (parsers.ParseImageName)', () => {
  it.each<[string, string]>([
    ['nginx', 'latest'],
    ['nginx:latest', 'latest'],
    ['nginx:1.25', '1.25'],
    ['registry.example.com:5000/team/app', 'latest'],
    ['registry.example.com:5000/team/app:v2', 'v2'],
    ['nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', ''],
    ['nginx:1.25@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', '1.25'],
    ['NGINX', ''],
    ['', ''],
  ])('%j -> %j', (image, tag) => {
    expect(imageTag(image)).toBe(tag);
  });

  it.each<[string, string]>([
    ['nginx', 'Always'],
    ['nginx:latest', 'Always'],
    ['nginx:1.25', 'IfNotPresent'],
    ['nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', 'IfNotPresent'],
  ])('imagePullPolicy for %j is %s', (image, policy) => {
    const container: Json = { name: 'a', image };
    applyDefaults('', 'Pod', { spec: { containers: [container] } });
    expect(container['imagePullPolicy']).toBe(policy);
  });
});

describe('Pod v1 round-trip normalisation', () => {
  it('keeps serviceAccount and serviceAccountName equal, clamps a negative grace period and syncs pod IPs', () => {
    const pod: Json = { spec: { serviceAccount: 'builder', terminationGracePeriodSeconds: -1, containers: [] }, status: { podIP: '10.0.0.5' } };
    applyDefaults('', 'Pod', pod);
    expect(pod['spec']).toMatchObject({ serviceAccountName: 'builder', serviceAccount: 'builder', terminationGracePeriodSeconds: 1 });
    expect(pod['status']).toEqual({ podIP: '10.0.0.5', podIPs: [{ ip: '10.0.0.5' }] });
  });
});
