/** The `scale` subresource: an autoscaling/v1 Scale view of spec.replicas (kubectl scale, HPAs). */
import type { FastifyReply } from 'fastify';
import type { ResourceInfo } from '../../registry/catalog.js';
import { apiErrors } from '../../registry/errors.js';
import { qualifiedResource } from '../../registry/generic/registry.js';
import { isPlainObject, type KubeObject } from '../../registry/object.js';
import { customResourceScale, withCustomResourceReplicas } from '../../registry/crd/scale.js';
import { decodePatchBody } from '../body.js';
import { dryRunOf, sendJson, type ApiContext, type HandlerRequest } from './context.js';

function selectorString(selector: unknown): string {
  if (!isPlainObject(selector)) return '';
  // ReplicationControllers use a plain map; the apps kinds a LabelSelector.
  if (!('matchLabels' in selector) && !('matchExpressions' in selector)) {
    return Object.entries(selector).map(([k, v]) => `${k}=${String(v)}`).sort().join(',');
  }
  const parts = Object.entries(isPlainObject(selector.matchLabels) ? selector.matchLabels : {}).map(([k, v]) => `${k}=${String(v)}`);
  for (const e of Array.isArray(selector.matchExpressions) ? selector.matchExpressions : []) {
    if (!isPlainObject(e)) continue;
    const values = Array.isArray(e.values) ? [...e.values].map(String).sort().join(',') : '';
    if (e.operator === 'In') parts.push(`${String(e.key)} in (${values})`);
    else if (e.operator === 'NotIn') parts.push(`${String(e.key)} notin (${values})`);
    else if (e.operator === 'Exists') parts.push(String(e.key));
    else if (e.operator === 'DoesNotExist') parts.push(`!${String(e.key)}`);
  }
  return parts.sort().join(',');
}

export function toScale(o: KubeObject): KubeObject {
  const spec = isPlainObject(o.spec) ? o.spec : {};
  const status = isPlainObject(o.status) ? o.status : {};
  const m = o.metadata;
  const metadata: KubeObject['metadata'] = { name: m.name, uid: m.uid, resourceVersion: m.resourceVersion, creationTimestamp: m.creationTimestamp };
  if (m.namespace) metadata.namespace = m.namespace;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata,
    spec: { replicas: typeof spec.replicas === 'number' ? spec.replicas : 0 },
    status: { replicas: typeof status.replicas === 'number' ? status.replicas : 0, selector: selectorString(spec.selector) },
  };
}

function replicasOf(scale: KubeObject, info: ResourceInfo, name: string): number {
  const replicas = isPlainObject(scale.spec) ? scale.spec.replicas : undefined;
  if (replicas === undefined) return 0;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
    throw apiErrors.invalid('Scale', 'autoscaling', name, [{ type: 'FieldValueInvalid', field: 'spec.replicas', badValue: replicas, detail: 'must be greater than or equal to 0' }], (e) => `${e.field}: Invalid value: ${String(e.badValue)}: ${e.detail}`);
  }
  void info;
  return replicas;
}

export async function handleScale(ctx: ApiContext, req: HandlerRequest, reply: FastifyReply): Promise<void> {
  const { info, ri } = req;
  const name = ri.name!;
  if (ri.verb === 'get') {
    const entry = await ctx.registry.get(info, ri.namespace, name);
    sendJson(reply, 200, scaleOf(info, entry.view));
    return;
  }
  let desired: (current: KubeObject) => KubeObject;
  const contentType = req.headers['content-type'] as string | undefined;
  if (ri.verb === 'update') {
    const { object } = ctx.decoder.decode(info, contentType, req.body, 'Ignore', 'Scale', 'autoscaling/v1');
    desired = (current) => {
      const pinned = object.metadata?.resourceVersion;
      if (pinned && pinned !== current.metadata.resourceVersion) {
        throw apiErrors.conflict(qualifiedResource(info), name, 'the object has been modified; please apply your changes to the latest version and try again');
      }
      return object;
    };
  } else if (ri.verb === 'patch') {
    const { type, patch } = decodePatchBody(contentType, req.body, ['json', 'merge', 'strategic']);
    desired = (current) => ctx.patches.applyPatch(type as 'json' | 'merge' | 'strategic', scaleOf(info, current), patch, undefined);
  } else {
    throw apiErrors.methodNotSupported(qualifiedResource(info), ri.verb);
  }
  const { entry } = await ctx.registry.guaranteedUpdate(
    info,
    ri.namespace,
    name,
    (current) => {
      if (!current) throw apiErrors.notFound(qualifiedResource(info), name);
      const replicas = replicasOf(desired(current), info, name);
      if (info.custom?.scale) return withCustomResourceReplicas(current, info.custom.scale, replicas);
      return { ...current, spec: { ...(isPlainObject(current.spec) ? current.spec : {}), replicas } };
    },
    { dryRun: dryRunOf(req.query), fieldManager: req.query.get('fieldManager') ?? 'unknown', retryOnConflict: true },
  );
  sendJson(reply, 200, scaleOf(info, entry.view));
}

/** Custom resources keep their replicas at the paths their CRD declares. */
function scaleOf(info: ResourceInfo, o: KubeObject): KubeObject {
  return info.custom?.scale ? customResourceScale(o, info.custom.scale) : toScale(o);
}
