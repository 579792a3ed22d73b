/**
 * Host pods get their ServiceAccount token from the virtual cluster's own TokenRequest API (never
 * a host token), asked over HTTPS like vcluster's syncer does: POST serviceaccounts/<sa>/token,
 * bound to the pod. Until that subresource is served (404), pods get no token (undefined).
 */
import { Agent, request } from 'node:https';
import type { VirtualTokenMinter } from '../reconcilers/context.js';

export interface TokenRequestTarget {
  host: string;
  port: number;
  caPem: string;
  /** Credentials allowed to create serviceaccounts/token in every namespace. */
  bearerToken: string;
}

/** Long-lived, as the host pod keeps it for its whole life (vcluster asks for ten years too). */
const TOKEN_SECONDS = 10 * 365 * 24 * 3600;

export function virtualTokenRequestMinter(target: TokenRequestTarget): VirtualTokenMinter {
  // One TLS handshake, not one per pod.
  const agent = new Agent({ keepAlive: true, maxSockets: 16, ca: target.caPem });
  return (req) =>
    new Promise((resolve, reject) => {
      const body = JSON.stringify({
        apiVersion: 'authentication.k8s.io/v1',
        kind: 'TokenRequest',
        spec: {
          audiences: req.audience ? [req.audience] : null,
          expirationSeconds: req.expirationSeconds ?? TOKEN_SECONDS,
          boundObjectRef: { apiVersion: 'v1', kind: 'Pod', name: req.pod.name, uid: req.pod.uid },
        },
      });
      const path = `/api/v1/namespaces/${encodeURIComponent(req.namespace)}/serviceaccounts/${encodeURIComponent(req.serviceAccountName)}/token`;
      const call = request(
        { host: target.host, port: target.port, path, method: 'POST', agent, headers: { authorization: `Bearer ${target.bearerToken}`, 'content-type': 'application/json', accept: 'application/json' } },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => {
            if (res.statusCode === 201 || res.statusCode === 200) {
              const parsed = JSON.parse(text) as { status?: { token?: string } };
              resolve(parsed.status?.token);
            } else if (res.statusCode === 404 && !text.includes('serviceaccounts')) {
              resolve(undefined); // the subresource is not served yet
            } else {
              reject(new Error(`virtual TokenRequest ${req.namespace}/${req.serviceAccountName}: HTTP ${res.statusCode}: ${text.slice(0, 300)}`));
            }
          });
        },
      );
      call.on('error', reject);
      call.end(body);
    });
}
