/**
 * POST .../serviceaccounts/<name>/token (authentication.k8s.io/v1 TokenRequest): issues a signed,
 * audience-bound, expiring token for the ServiceAccount, optionally bound to a Pod or Secret of the
 * same namespace (pkg/registry/core/serviceaccount/storage/token.go).
 */
import type { FastifyReply } from 'fastify';
import { ApiError, apiErrors } from '../../registry/errors.js';
import { formatTime, isPlainObject, type KubeObject } from '../../registry/object.js';
import { SERVICE_ACCOUNT_ISSUER, type KubernetesClaim, type ServiceAccountKeys } from '../../pki/service-account-keys.js';
import { decodeObjectBody, requireObject } from '../body.js';
import { sendJson, type ApiContext, type HandlerRequest } from './context.js';
import type { VirtualHandler } from './router.js';

const MIN_EXPIRATION_SECONDS = 600;
const MAX_EXPIRATION_SECONDS = 2 ** 32;
const DEFAULT_EXPIRATION_SECONDS = 3600;

function invalid(name: string, field: string, value: unknown, detail: string): ApiError {
  const msg = `${field}: Invalid value: ${JSON.stringify(value)}: ${detail}`;
  return new ApiError(422, 'Invalid', `TokenRequest.authentication.k8s.io ${JSON.stringify(name)} is invalid: ${msg}`, {
    name,
    group: 'authentication.k8s.io',
    kind: 'TokenRequest',
    causes: [{ reason: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(value)}: ${detail}`, field }],
  });
}

async function boundObject(ctx: ApiContext, namespace: string, saName: string, ref: Record<string, unknown>): Promise<Pick<KubernetesClaim, 'pod' | 'secret'>> {
  const kind = String(ref.kind ?? '');
  const name = String(ref.name ?? '');
  const resource = kind === 'Pod' ? 'pods' : kind === 'Secret' ? 'secrets' : undefined;
  if (!resource) throw invalid(saName, 'spec.boundObjectRef.kind', kind, 'supported values: "Pod", "Secret"');
  const info = ctx.catalog.get('', 'v1', resource)!;
  const target = (await ctx.registry.get(info, namespace, name)).view;
  const uid = target.metadata.uid!;
  if (ref.uid && ref.uid !== uid) {
    throw apiErrors.conflict({ group: '', resource }, name, `the UID in the bound object reference (${String(ref.uid)}) does not match the UID in record. The object might have been deleted and then recreated`);
  }
  if (kind === 'Pod') {
    const spec = isPlainObject(target.spec) ? target.spec : {};
    if ((spec.serviceAccountName ?? 'default') !== saName) {
      throw apiErrors.badRequest(`cannot bind token for serviceaccount ${JSON.stringify(saName)} to pod running with different serviceaccount name.`);
    }
    return { pod: { name, uid } };
  }
  return { secret: { name, uid } };
}

export function tokenRequestHandler(keys: ServiceAccountKeys): VirtualHandler {
  return async (ctx: ApiContext, req: HandlerRequest, _user, reply: FastifyReply) => {
    const namespace = req.ri.namespace!;
    const name = req.ri.name!;
    const ct = req.headers['content-type'];
    const decoded = decodeObjectBody(Array.isArray(ct) ? ct[0] : ct, req.body);
    const body = requireObject(decoded?.value ?? {}, { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest' });
    const spec = isPlainObject(body.spec) ? body.spec : {};
    const sa = (await ctx.registry.get(req.info, namespace, name)).view;
    const expirationSeconds = typeof spec.expirationSeconds === 'number' ? spec.expirationSeconds : DEFAULT_EXPIRATION_SECONDS;
    if (expirationSeconds < MIN_EXPIRATION_SECONDS) throw invalid(name, 'spec.expirationSeconds', expirationSeconds, 'may not specify a duration less than 10 minutes');
    if (expirationSeconds > MAX_EXPIRATION_SECONDS) throw invalid(name, 'spec.expirationSeconds', expirationSeconds, 'may not specify a duration larger than 2^32 seconds');
    const audiences = Array.isArray(spec.audiences) && spec.audiences.length ? spec.audiences.map(String) : [SERVICE_ACCOUNT_ISSUER];
    const ref = isPlainObject(spec.boundObjectRef) ? spec.boundObjectRef : undefined;
    const claim: KubernetesClaim = { namespace, serviceaccount: { name, uid: sa.metadata.uid! }, ...(ref ? await boundObject(ctx, namespace, name, ref) : {}) };
    const now = ctx.clock.now();
    const { token, expiresAt } = await keys.issue({ audiences, expirationSeconds, now, claim });
    const response: KubeObject = {
      kind: 'TokenRequest',
      apiVersion: 'authentication.k8s.io/v1',
      metadata: { name, namespace, creationTimestamp: formatTime(now) as unknown as Date },
      spec: { audiences, expirationSeconds, boundObjectRef: ref ?? null },
      status: { token, expirationTimestamp: formatTime(expiresAt) },
    };
    sendJson(reply, 201, response);
  };
}
