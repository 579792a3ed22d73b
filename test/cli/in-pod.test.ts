// `vkube serve --advertise-service --kubeconfig-secret` (what the StatefulSet runs), here as a local
// process against the host: the Service's DNS names and ClusterIP are in the serving certificate,
// the virtual `kubernetes` endpoints and host pods' env name the Service, and the admin kubeconfig
// naming https://<svc>.<ns>.svc:443 is published in the host Secret that `vkube kubeconfig` reads.
import { randomBytes, X509Certificate } from 'node:crypto';
import { connect } from 'node:tls';
import type { V1Endpoints, V1Secret, V1Service } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { serviceDnsNames } from '../../src/platform/in-pod.js';
import { startVkube, type VkubeProcess } from '../helpers/vkube-process.js';
import { HOST_KUBECONFIG, kubectl, waitFor } from './run.js';

const namespace = `vkube-inpod-${randomBytes(3).toString('hex')}`;
let server: VkubeProcess | undefined;
let serviceIp = '';

function servingCertificate(port: number): Promise<X509Certificate> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => {
      const cert = socket.getPeerX509Certificate();
      socket.end();
      if (cert) resolve(cert);
      else reject(new Error('no peer certificate'));
    });
    socket.on('error', reject);
  });
}

beforeAll(async () => {
  await kubectl(['create', 'namespace', namespace]);
  await kubectl(['-n', namespace, 'create', 'service', 'clusterip', 'tenant', '--tcp=443:6443']);
  serviceIp = (JSON.parse(await kubectl(['-n', namespace, 'get', 'service', 'tenant', '-o', 'json'])) as V1Service).spec!.clusterIP!;
  server = await startVkube({ name: 'tenant', extraArgs: ['--host-kubeconfig', HOST_KUBECONFIG, '--host-namespace', namespace, '--advertise-service', 'tenant', '--kubeconfig-secret', 'tenant-kubeconfig'] });
});

afterAll(async () => {
  await server?.stop();
  await kubectl(['delete', 'namespace', namespace, '--wait=false']).catch(() => undefined);
});

describe('vkube serve in a host pod (advertised Service)', () => {
  it('puts the Service DNS names and ClusterIP into the serving certificate', async () => {
    const cert = await servingCertificate(server!.port);
    const sans = cert.subjectAltName ?? '';
    for (const name of serviceDnsNames('tenant', namespace)) expect(sans).toContain(`DNS:${name}`);
    expect(sans).toContain(`IP Address:${serviceIp}`);
    expect(sans).toContain('IP Address:127.0.0.1');
  });

  it('publishes the admin kubeconfig naming the Service in the host Secret', async () => {
    const secret = JSON.parse(await kubectl(['-n', namespace, 'get', 'secret', 'tenant-kubeconfig', '-o', 'json'])) as V1Secret;
    expect(secret.metadata?.labels?.['vkube.io/managed-by']).toBe('tenant');
    const config = parse(Buffer.from(secret.data!.config!, 'base64').toString('utf8')) as { clusters: { cluster: { server: string } }[]; users: { user: Record<string, string> }[] };
    expect(config.clusters[0]!.cluster.server).toBe(`https://tenant.${namespace}.svc:443`);
    expect(Object.keys(config.users[0]!.user).sort()).toEqual(['client-certificate-data', 'client-key-data']);
  });

  it('advertises the Service address as the virtual kubernetes endpoint', async () => {
    const endpoints = await waitFor('virtual kubernetes endpoints', async () => {
      const e = JSON.parse(await kubectl(['-n', 'default', 'get', 'endpoints', 'kubernetes', '-o', 'json'], server!.kubeconfig)) as V1Endpoints;
      return e.subsets?.[0] ? e : undefined;
    });
    expect(endpoints.subsets![0]!.addresses![0]!.ip).toBe(serviceIp);
    expect(endpoints.subsets![0]!.ports![0]!.port).toBe(443);
  });
});
