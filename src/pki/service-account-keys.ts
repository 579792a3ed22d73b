/**
 * Service-account tokens: an ES256 signing key kept in the PKI directory (`sa.key`, PKCS#8) and the
 * JWTs TokenRequest issues, with upstream's claims (pkg/serviceaccount/claims.go): iss, sub, aud,
 * exp/iat/nbf, jti and the private `kubernetes.io` claim naming the namespace, the ServiceAccount
 * and the object the token is bound to.
 */
import { createHash, createPrivateKey, createPublicKey, randomUUID, type KeyObject } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { exportPKCS8, generateKeyPair, jwtVerify, SignJWT } from 'jose';

export const SERVICE_ACCOUNT_ISSUER = 'https://kubernetes.default.svc.cluster.local';
const ALG = 'ES256';
const KEY_FILE = 'sa.key';

export interface ObjectRef {
  name: string;
  uid: string;
}

/** The `kubernetes.io` private claim. */
export interface KubernetesClaim {
  namespace: string;
  serviceaccount: ObjectRef;
  pod?: ObjectRef;
  secret?: ObjectRef;
  node?: ObjectRef;
}

export interface IssueRequest {
  audiences: string[];
  expirationSeconds: number;
  now: Date;
  claim: KubernetesClaim;
}

export interface VerifiedToken {
  subject: string;
  audiences: string[];
  jti: string | undefined;
  claim: KubernetesClaim;
  expiresAt: Date;
}

export class ServiceAccountKeys {
  private constructor(
    private readonly privateKey: KeyObject,
    private readonly publicKey: KeyObject,
    /** Upstream's key id: base64url(SHA-256(DER public key)). */
    readonly keyId: string,
  ) {}

  /** Loads `<dir>/sa.key`, creating it on first start. */
  static async load(dir: string): Promise<ServiceAccountKeys> {
    const path = join(dir, KEY_FILE);
    let pem: string;
    try {
      pem = await readFile(path, 'utf8');
    } catch {
      const pair = await generateKeyPair(ALG, { extractable: true });
      pem = await exportPKCS8(pair.privateKey);
      await writeFile(path, pem, { mode: 0o600 });
    }
    const privateKey = createPrivateKey(pem);
    const publicKey = createPublicKey(privateKey);
    const keyId = createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('base64url');
    return new ServiceAccountKeys(privateKey, publicKey, keyId);
  }

  async issue(request: IssueRequest): Promise<{ token: string; expiresAt: Date }> {
    const iat = Math.floor(request.now.getTime() / 1000);
    const exp = iat + request.expirationSeconds;
    const token = await new SignJWT({ 'kubernetes.io': request.claim })
      .setProtectedHeader({ alg: ALG, kid: this.keyId })
      .setIssuer(SERVICE_ACCOUNT_ISSUER)
      .setSubject(`system:serviceaccount:${request.claim.namespace}:${request.claim.serviceaccount.name}`)
      .setAudience(request.audiences)
      .setIssuedAt(iat)
      .setNotBefore(iat)
      .setExpirationTime(exp)
      .setJti(randomUUID())
      .sign(this.privateKey);
    return { token, expiresAt: new Date(exp * 1000) };
  }

  /** Checks signature, issuer, expiry and that the token names one of `audiences`; undefined if not ours or invalid. */
  async verify(token: string, audiences: string[], now: Date): Promise<VerifiedToken | undefined> {
    try {
      const { payload } = await jwtVerify(token, this.publicKey, { issuer: SERVICE_ACCOUNT_ISSUER, audience: audiences, algorithms: [ALG], currentDate: now });
      const claim = payload['kubernetes.io'] as KubernetesClaim | undefined;
      if (!claim?.namespace || !claim.serviceaccount?.name || !payload.sub) return undefined;
      const aud = payload.aud === undefined ? [] : Array.isArray(payload.aud) ? payload.aud : [payload.aud];
      return { subject: payload.sub, audiences: aud, jti: payload.jti, claim, expiresAt: new Date((payload.exp ?? 0) * 1000) };
    } catch {
      return undefined;
    }
  }
}
