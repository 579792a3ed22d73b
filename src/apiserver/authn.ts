/**
 * Authentication: TLS client certificates signed by vkube's CA (user = CN, groups = O), or a bearer
 * token (the admin token; service-account tokens plug in through `TokenAuthenticator`).
 */
import { timingSafeEqual } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import { ADMIN_GROUPS, ADMIN_USER } from '../pki/certificates.js';

export interface UserInfo {
  name: string;
  groups: string[];
  uid?: string;
  extra?: Record<string, string[]>;
}

export interface TokenAuthenticator {
  authenticate(token: string): Promise<UserInfo | undefined>;
}

export class StaticTokenAuthenticator implements TokenAuthenticator {
  private readonly expected: Buffer;
  constructor(token: string) {
    this.expected = Buffer.from(token);
  }
  async authenticate(token: string): Promise<UserInfo | undefined> {
    const given = Buffer.from(token);
    if (given.length !== this.expected.length || !timingSafeEqual(given, this.expected)) return undefined;
    return { name: ADMIN_USER, groups: ADMIN_GROUPS };
  }
}

function asArray(v: string | string[] | undefined): string[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

export async function authenticate(socket: TLSSocket, authorization: string | undefined, tokens: TokenAuthenticator[]): Promise<UserInfo | undefined> {
  if (authorization?.startsWith('Bearer ')) {
    const token = authorization.slice('Bearer '.length).trim();
    for (const t of tokens) {
      const user = await t.authenticate(token);
      if (user) return user;
    }
    return undefined;
  }
  return certificateUser(socket);
}

/** A TLS connection's client certificate never changes: read it once per socket (keep-alive clients). */
const certificateUsers = new WeakMap<TLSSocket, UserInfo | null>();

function certificateUser(socket: TLSSocket): UserInfo | undefined {
  let user = certificateUsers.get(socket);
  if (user === undefined) {
    user = null;
    if (socket.authorized) {
      const cert = socket.getPeerCertificate();
      const name = asArray(cert.subject?.CN)[0];
      if (name) user = { name, groups: [...asArray(cert.subject?.O), 'system:authenticated'] };
    }
    certificateUsers.set(socket, user);
  }
  return user ?? undefined;
}
