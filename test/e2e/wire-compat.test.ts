/**
 * Wire compatibility with Go clients (issue 9), end to end against a real `vkube serve`:
 * protobuf request bodies from kubectl 1.32/1.33 give the same objects as JSON from kubectl 1.27,
 * kubectl 1.27/1.28 validate `kind: List` through the protobuf OpenAPI v2, a client-go informer
 * program with watch-list on passes, and the raw HTTP details Go clients rely on hold.
 */
import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kubectl } from '../helpers/kubectl.js';
import { startVkube, waitFor, type VkubeProcess } from '../helpers/vkube-process.js';
import { kubeRequest, openWatch, readCredentials, startRecordingProxy, type KubeCredentials } from './fixtures/wire/kube-http.js';

const REPO = resolve(import.meta.dirname, '../..');
const FIXTURES = join(import.meta.dirname, 'fixtures/wire');
const MiB = 1024 * 1024;

let vkube: VkubeProcess;
let creds: KubeCredentials;
beforeAll(async () => {
  vkube = await startVkube({ name: 'wire' });
  creds = await readCredentials(vkube.kubeconfig);
});
afterAll(async () => {
  await vkube?.stop();
});

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
/** Kinds whose status (and status-derived metadata) a controller writes asynchronously. */
const CONTROLLED_KINDS = new Set(['Deployment', 'Job']);

/**
 * Removes what the server owns and may differ between two creations of the same object: uid (also
 * where Job copies it into labels), resourceVersion, timestamps, the namespace it was created in,
 * controller-written status and the managedFields entries of managers other than the client.
 */
function normalise(object: JsonObject, namespace: string): Json {
  const metadata = object['metadata'] as JsonObject;
  const uid = metadata['uid'] as string;
  let text = JSON.stringify(object).split(uid).join('<uid>');
  if (namespace) text = text.split(namespace).join('<namespace>');
  const copy = JSON.parse(text, (_key, value: Json) => (typeof value === 'string' && RFC3339.test(value) ? '<time>' : value)) as JsonObject;
  const meta = copy['metadata'] as JsonObject;
  delete meta['uid'];
  delete meta['resourceVersion'];
  delete meta['creationTimestamp'];
  const managedFields = (meta['managedFields'] as JsonObject[] | undefined) ?? [];
  meta['managedFields'] = managedFields.filter((entry) => String(entry['manager']).startsWith('kubectl'));
  if (CONTROLLED_KINDS.has(String(copy['kind']))) {
    delete copy['status'];
    const annotations = meta['annotations'] as JsonObject | undefined;
    if (annotations) delete annotations['deployment.kubernetes.io/revision'];
    if (annotations && Object.keys(annotations).length === 0) delete meta['annotations'];
  }
  return copy;
}

/** [label, kubectl arguments after `-n <ns>`, API path of the created object within the namespace]. */
const CREATES: [string, string[], string][] = [
  ['configmap', ['create', 'configmap', 'app-config', '--from-literal=mode=prod', '--from-literal=level=3', `--from-file=blob=${join(FIXTURES, 'blob.bin')}`], '/api/v1/namespaces/NS/configmaps/app-config'],
  ['secret generic', ['create', 'secret', 'generic', 'app-secret', '--from-literal=token=s3cr3t', `--from-file=blob=${join(FIXTURES, 'blob.bin')}`], '/api/v1/namespaces/NS/secrets/app-secret'],
  ['deployment', ['create', 'deployment', 'web', '--image=nginx:1.27', '--replicas=2', '--port=80'], '/apis/apps/v1/namespaces/NS/deployments/web'],
  ['serviceaccount', ['create', 'serviceaccount', 'builder'], '/api/v1/namespaces/NS/serviceaccounts/builder'],
  ['job', ['create', 'job', 'once', '--image=busybox:1.36', '--', 'echo', 'hi'], '/apis/batch/v1/namespaces/NS/jobs/once'],
];

async function getJson(path: string): Promise<JsonObject> {
  const res = await kubeRequest(creds, 'GET', path, { headers: { Accept: 'application/json' } });
  expect(res.status, `GET ${path}: ${res.body.toString()}`).toBe(200);
  return res.json<JsonObject>();
}

describe('kubectl create: protobuf bodies (1.32, 1.33) give the objects JSON bodies (1.27) give', () => {
  const namespaceOf = (version: string): string => `wire-create-${version.replace('.', '-')}`;
  const objects = new Map<string, Json>();

  for (const version of ['1.27', '1.32', '1.33']) {
    it(`kubectl ${version} creates a namespace and everyday objects`, async () => {
      const k = new Kubectl(version, vkube.kubeconfig);
      const ns = namespaceOf(version);
      const sendsProtobuf = version !== '1.27';
      const commands: [string, string[], string][] = [['namespace', ['create', 'namespace', ns], `/api/v1/namespaces/${ns}`], ...CREATES.map(([label, args, path]): [string, string[], string] => [label, ['-n', ns, ...args], path.replace('NS', ns)])];
      for (const [label, args, path] of commands) {
        // -v=8 logs request headers: proof of which body encoding this kubectl really sent.
        const r = await k.run(['-v=8', ...args]);
        expect(r.code, `kubectl ${version} ${args.join(' ')}\n${r.stderr.slice(-3000)}`).toBe(0);
        expect(r.stdout).toMatch(/ created\n$/);
        expect(r.stderr.includes('Content-Type: application/vnd.kubernetes.protobuf'), `${label}: protobuf body`).toBe(sendsProtobuf);
        objects.set(`${version} ${label}`, normalise(await getJson(path), label === 'namespace' ? '' : ns));
      }
    }, 120_000);
  }

  for (const version of ['1.32', '1.33']) {
    it.each(['namespace', ...CREATES.map(([label]) => label)])(`kubectl ${version} create %s stores what kubectl 1.27 stores`, (label) => {
      const fromJson = objects.get(`1.27 ${label}`);
      const fromProtobuf = objects.get(`${version} ${label}`);
      expect(fromJson).toBeDefined();
      if (label === 'namespace') {
        // The namespace's own name differs by version; compare with it replaced.
        const rename = (o: Json | undefined, v: string): Json => JSON.parse(JSON.stringify(o).split(namespaceOf(v)).join('<namespace>')) as Json;
        expect(rename(fromProtobuf, version)).toEqual(rename(fromJson, '1.27'));
      } else {
        expect(fromProtobuf).toEqual(fromJson);
      }
    });
  }

  it('kept bytes, maps and IntOrString values intact through the protobuf path', () => {
    const cm = objects.get('1.33 configmap') as JsonObject;
    expect((cm['binaryData'] as JsonObject)['blob']).toBe(Buffer.from(Array.from({ length: 256 }, (_, i) => i)).toString('base64'));
    expect(cm['data']).toEqual({ level: '3', mode: 'prod' });
    const secret = objects.get('1.33 secret generic') as JsonObject;
    expect((secret['data'] as JsonObject)['token']).toBe(Buffer.from('s3cr3t').toString('base64'));
    const deploy = objects.get('1.33 deployment') as JsonObject;
    const strategy = (deploy['spec'] as JsonObject)['strategy'] as JsonObject;
    expect(strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } });
  });
});

describe.each(['1.27', '1.28'])('kubectl %s apply -f of a kind: List (client-side OpenAPI v2 validation)', (version) => {
  const ns = `wire-list-${version.replace('.', '-')}`;
  let k: Kubectl;
  beforeAll(async () => {
    k = new Kubectl(version, vkube.kubeconfig);
    await k.ok(['create', 'namespace', ns]);
  });

  it('applies the List with default validation', async () => {
    const out = await k.ok(['-n', ns, 'apply', '-f', join(FIXTURES, 'list.yaml')]);
    expect(out).toContain('configmap/listed-config created');
    expect(out).toContain('deployment.apps/listed-web created');
    expect(await k.ok(['-n', ns, 'get', 'cm', 'listed-config', '-o', 'jsonpath={.data.mode}'])).toBe('prod');
  });

  it('reports the unknown field with --validate=strict and changes nothing', async () => {
    const r = await k.run(['-n', ns, 'apply', '--validate=strict', '-f', join(FIXTURES, 'list-unknown-field.yaml')]);
    expect(r.code).not.toBe(0);
    // This wording comes from kubectl's own validator, which reads the protobuf /openapi/v2.
    expect(r.stderr).toContain('unknown field "bogusField" in io.k8s.api.core.v1.ConfigMap');
    expect(await k.ok(['-n', ns, 'get', 'cm', 'listed-config', '-o', 'jsonpath={.data.mode}'])).toBe('prod');
  });
});

function runProgram(command: string, args: string[], timeoutMs: number): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((res, rej) => {
    const child = spawn(command, args, { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', rej);
    child.on('close', (code) => {
      clearTimeout(timer);
      res({ code: code ?? -1, stdout, stderr });
    });
  });
}

describe('client-go informers with watch-list on (test/clients/go)', () => {
  it('syncs, sees every event, streams its initial lists and sends protobuf bodies', async () => {
    // Builds the program when its sources changed; prints the cached binary's path.
    const build = await runProgram(join(REPO, 'hack/host-cluster.sh'), ['build-clients'], 540_000);
    expect(build.code, build.stderr).toBe(0);
    const binary = build.stdout.trim().split('\n').pop()!;
    const proxy = await startRecordingProxy(creds);
    try {
      const kubeconfig = join(await mkdtemp(join(tmpdir(), 'wire-go-')), 'kubeconfig.yaml');
      await proxy.writeKubeconfig(kubeconfig);
      const run = await runProgram(binary, ['--kubeconfig', kubeconfig, '--namespace', 'wire-go', '--timeout', '90s'], 120_000);
      expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
      expect(run.stdout).toContain('WatchListClient enabled: true');
      expect(run.stdout).toContain('client-go-check: PASS');
      for (const collection of ['/api/v1/namespaces/wire-go/configmaps', '/api/v1/namespaces/wire-go/secrets', '/apis/apps/v1/namespaces/wire-go/deployments']) {
        const gets = proxy.requests.filter((r) => r.method === 'GET' && r.url.split('?')[0] === collection);
        const params = gets.map((r) => new URL(r.url, 'https://x').searchParams);
        expect(params.some((p) => p.get('watch') === 'true' && p.get('sendInitialEvents') === 'true' && p.get('resourceVersionMatch') === 'NotOlderThan' && p.get('allowWatchBookmarks') === 'true'), collection).toBe(true);
        // Streamed, not listed: no plain LIST fell back.
        expect(params.filter((p) => p.get('watch') !== 'true'), collection).toEqual([]);
        const create = proxy.requests.find((r) => r.method === 'POST' && r.url.split('?')[0] === collection);
        expect(create?.contentType, collection).toBe('application/vnd.kubernetes.protobuf');
      }
    } finally {
      await proxy.close();
    }
  }, 720_000);
});

describe('HTTP details Go clients rely on', () => {
  const ns = 'wire-http';
  const configMap = (name: string, data: Record<string, string>): string => JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data });
  const post = (path: string, body: string) => kubeRequest(creds, 'POST', path, { body, headers: { 'Content-Type': 'application/json' } });
  beforeAll(async () => {
    expect((await post('/api/v1/namespaces', JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } }))).status).toBe(201);
  });

  it('watch-list: ADDED for every object, one initial-events-end BOOKMARK, then the live stream', async () => {
    for (const name of ['w-a', 'w-b', 'w-c']) expect((await post(`/api/v1/namespaces/${ns}/configmaps`, configMap(name, { n: name }))).status).toBe(201);
    const list = await getJson(`/api/v1/namespaces/${ns}/configmaps`);
    const listed = (list['items'] as JsonObject[]).map((i) => (i['metadata'] as JsonObject)['name']).sort();
    expect(listed).toEqual(expect.arrayContaining(['w-a', 'w-b', 'w-c']));
    const watch = await openWatch(creds, `/api/v1/namespaces/${ns}/configmaps?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true`);
    try {
      expect(watch.status).toBe(200);
      expect(watch.headers['content-type']).toBe('application/json');
      const bookmarkAt = await waitFor('initial-events-end bookmark', async () => {
        const i = watch.events.findIndex((e) => e.type === 'BOOKMARK');
        return i >= 0 ? i : undefined;
      });
      const initial = watch.events.slice(0, bookmarkAt);
      expect(initial.every((e) => e.type === 'ADDED')).toBe(true);
      expect(initial.map((e) => e.object.metadata.name).sort()).toEqual(listed);
      const bookmark = watch.events[bookmarkAt]!;
      expect(bookmark.object.kind).toBe('ConfigMap');
      expect(bookmark.object.metadata.annotations).toEqual({ 'k8s.io/initial-events-end': 'true' });
      expect(Number(bookmark.object.metadata.resourceVersion)).toBeGreaterThanOrEqual(Number((list['metadata'] as JsonObject)['resourceVersion']));
      expect((await post(`/api/v1/namespaces/${ns}/configmaps`, configMap('w-live', { n: 'live' }))).status).toBe(201);
      await waitFor('live ADDED after the bookmark', async () => watch.events.slice(bookmarkAt + 1).some((e) => e.type === 'ADDED' && e.object.metadata.name === 'w-live'));
      expect(watch.events.filter((e) => e.object.metadata.annotations?.['k8s.io/initial-events-end'] === 'true')).toHaveLength(1);
    } finally {
      watch.close();
    }
  });

  it('answers discovery, objects and errors with exactly Content-Type: application/json', async () => {
    for (const path of ['/api', '/apis', '/api/v1', '/apis/apps/v1', '/apis/apps', '/version', `/api/v1/namespaces/${ns}/configmaps`, `/api/v1/namespaces/${ns}/configmaps/w-a`, `/api/v1/namespaces/${ns}/configmaps/missing`]) {
      const res = await kubeRequest(creds, 'GET', path, { headers: { Accept: 'application/json, */*' } });
      expect(res.headers['content-type'], path).toBe('application/json');
    }
    const table = await kubeRequest(creds, 'GET', `/api/v1/namespaces/${ns}/configmaps`, { headers: { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' } });
    // Upstream writes the serializer's media type, without the negotiated as/g/v parameters.
    expect(table.json()).toMatchObject({ kind: 'Table' });
    expect(table.headers['content-type']).toBe('application/json');
    for (const version of ['v2', 'v2beta1']) {
      for (const path of ['/api', '/apis']) {
        const res = await kubeRequest(creds, 'GET', path, { headers: { Accept: `application/json;g=apidiscovery.k8s.io;v=${version};as=APIGroupDiscoveryList,application/json` } });
        expect(res.headers['content-type'], `${path} ${version}`).toBe(`application/json;g=apidiscovery.k8s.io;v=${version};as=APIGroupDiscoveryList`);
      }
    }
  });

  it('accepts a DELETE with a JSON content type and an empty body', async () => {
    expect((await post(`/api/v1/namespaces/${ns}/configmaps`, configMap('to-delete', { a: 'b' }))).status).toBe(201);
    const res = await kubeRequest(creds, 'DELETE', `/api/v1/namespaces/${ns}/configmaps/to-delete`, { headers: { 'Content-Type': 'application/json' } });
    expect(res.status, res.body.toString()).toBe(200);
    expect((await kubeRequest(creds, 'GET', `/api/v1/namespaces/${ns}/configmaps/to-delete`)).status).toBe(404);
  });

  it('takes request bodies up to 3 MiB and answers 413 above', async () => {
    // 450,000 U+0001 characters: 450 kB of data (under ConfigMap's 1 MiB limit), ~2.6 MiB of JSON.
    const escaped = configMap('big-body', { x: '\u0001'.repeat(450_000) });
    expect(escaped.length).toBeGreaterThan(2.5 * MiB);
    const accepted = await post(`/api/v1/namespaces/${ns}/configmaps`, escaped);
    expect(accepted.status, accepted.body.toString().slice(0, 500)).toBe(201);
    const stored = await getJson(`/api/v1/namespaces/${ns}/configmaps/big-body`);
    expect((stored['data'] as JsonObject)['x']).toBe('\u0001'.repeat(450_000));

    const tooLarge = await post(`/api/v1/namespaces/${ns}/configmaps`, configMap('too-large', { x: 'a'.repeat(3 * MiB) }));
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.headers['content-type']).toBe('application/json');
    expect(tooLarge.json()).toMatchObject({ kind: 'Status', reason: 'RequestEntityTooLarge', code: 413 });
  });

  it('rejects ConfigMap data over 1 MiB as upstream does (ValidateConfigMap), not by body size', async () => {
    const res = await post(`/api/v1/namespaces/${ns}/configmaps`, configMap('big-data', { x: 'a'.repeat(2.5 * MiB) }));
    expect(res.status).toBe(422);
    expect(res.json()).toMatchObject({ reason: 'Invalid', details: { causes: [{ reason: 'FieldValueTooLong', field: '[]' }] } });
  });
});
