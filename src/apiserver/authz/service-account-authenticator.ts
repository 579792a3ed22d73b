/**
 * Authenticates service-account JWTs issued by TokenRequest (pkg/serviceaccount/jwt.go +
 * legacy/bound validators): a valid signature and audience are not enough; the ServiceAccount, and
 * the pod or secret the token is bound to, must still exist with the uid the token names.
 */
import type { Clock } from '../../registry/clock.js';
import type { KubeObject } from '../../registry/object.js';
import type { ObjectRef, ServiceAccountKeys, VerifiedToken } from '../../pki/service-account-keys.js';
import type { Store } from '../../store/types.js';
import type { TokenAuthenticator, UserInfo } from '../authn.js';

export interface ServiceAccountAuthenticatorDeps {
  keys: ServiceAccountKeys;
  store: Store;
  clock: Clock;
  /** Audiences vkube accepts (its issuer URL). */
  audiences: string[];
}

export function serviceAccountGroups(namespace: string): string[] {
  return ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, 'system:authenticated'];
}

/** Signature checks cost ~0.25 ms; a client sends the same token on every request. */
const VERIFIED_CACHE_SIZE = 4096;

export class ServiceAccountTokenAuthenticator implements TokenAuthenticator {
  /** Tokens whose signature, issuer and audience were verified, until they expire (insertion order = age). */
  private readonly verified = new Map<string, VerifiedToken>();

  constructor(private readonly deps: ServiceAccountAuthenticatorDeps) {}

  private async verify(token: string, now: Date): Promise<VerifiedToken | undefined> {
    const cached = this.verified.get(token);
    if (cached && cached.expiresAt.getTime() > now.getTime()) return cached;
    if (cached) this.verified.delete(token);
    const verified = await this.deps.keys.verify(token, this.deps.audiences, now);
    if (!verified) return undefined;
    if (this.verified.size >= VERIFIED_CACHE_SIZE) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, verified);
    return verified;
  }

  async authenticate(token: string): Promise<UserInfo | undefined> {
    if (token.split('.').length !== 3) return undefined;
    const now = this.deps.clock.now();
    // Only the signature check is cached: the ServiceAccount and bound objects are looked up every
    // time, so a token stops working as soon as they are gone.
    const verified = await this.verify(token, now);
    if (!verified) return undefined;
    const { claim } = verified;
    const ns = claim.namespace;
    const sa = await this.live(`/registry/core/serviceaccounts/${ns}/${claim.serviceaccount.name}`, claim.serviceaccount, now);
    if (!sa) return undefined;
    const extra: Record<string, string[]> = {};
    if (verified.jti) extra['authentication.kubernetes.io/credential-id'] = [`JTI=${verified.jti}`];
    if (claim.pod) {
      if (!(await this.live(`/registry/core/pods/${ns}/${claim.pod.name}`, claim.pod, now))) return undefined;
      extra['authentication.kubernetes.io/pod-name'] = [claim.pod.name];
      extra['authentication.kubernetes.io/pod-uid'] = [claim.pod.uid];
    }
    if (claim.secret && !(await this.live(`/registry/core/secrets/${ns}/${claim.secret.name}`, claim.secret, now))) return undefined;
    return { name: verified.subject, uid: claim.serviceaccount.uid, groups: serviceAccountGroups(ns), extra };
  }

  /** The object at `key` when it exists, has the token's uid and is not past its deletion. */
  private async live(key: string, ref: ObjectRef, now: Date): Promise<KubeObject | undefined> {
    const entry = await this.deps.store.get<KubeObject>(key);
    if (!entry || entry.view.metadata.uid !== ref.uid) return undefined;
    const deletion = entry.view.metadata.deletionTimestamp;
    if (deletion && new Date(deletion as unknown as string).getTime() <= now.getTime()) return undefined;
    return entry.view;
  }
}
