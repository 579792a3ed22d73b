/**
 * vkube's own PKI: a CA, a serving certificate and an admin client certificate (ECDSA P-256),
 * generated once and kept under `<dataDir>/pki/`. The serving certificate is reissued when the
 * names it must cover change (e.g. a new bind address or Service IP).
 */
import { webcrypto, randomBytes, X509Certificate } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
// @peculiar/x509 resolves its crypto providers through tsyringe, which needs the Reflect metadata API.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;

const ALG: webcrypto.EcKeyGenParams & webcrypto.EcdsaParams = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
const TEN_YEARS_MS = 10 * 365 * 24 * 3600 * 1000;

export interface Pki {
  caCertPem: string;
  caKeyPem: string;
  servingCertPem: string;
  servingKeyPem: string;
  adminCertPem: string;
  adminKeyPem: string;
  /** A static bearer token for the admin identity (an alternative to the client certificate). */
  adminToken: string;
}

export interface PkiOptions {
  dir: string;
  /** DNS names and IP addresses the serving certificate must cover. */
  dnsNames: string[];
  ipAddresses: string[];
  now?: Date;
}

export const ADMIN_USER = 'vkube-admin';
export const ADMIN_GROUPS = ['system:masters', 'system:authenticated'];

async function generateKeys(): Promise<CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
}

async function keyToPem(key: CryptoKey): Promise<string> {
  const der = await webcrypto.subtle.exportKey('pkcs8', key);
  return x509.PemConverter.encode(der, 'PRIVATE KEY');
}

async function pemToKey(pem: string): Promise<CryptoKey> {
  const der = x509.PemConverter.decodeFirst(pem);
  return await webcrypto.subtle.importKey('pkcs8', der, ALG, true, ['sign']);
}

function serial(): string {
  const bytes = randomBytes(16);
  bytes[0] = bytes[0]! & 0x7f; // positive
  return bytes.toString('hex');
}

async function issue(args: {
  subject: string;
  publicKey: CryptoKey;
  issuer: string;
  signingKey: CryptoKey;
  now: Date;
  extensions: x509.Extension[];
}): Promise<string> {
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: args.subject,
    issuer: args.issuer,
    notBefore: new Date(args.now.getTime() - 3600_000),
    notAfter: new Date(args.now.getTime() + TEN_YEARS_MS),
    signingAlgorithm: ALG,
    publicKey: args.publicKey,
    signingKey: args.signingKey,
    extensions: args.extensions,
  });
  return cert.toString('pem');
}

async function createCa(now: Date): Promise<{ certPem: string; keyPem: string }> {
  const keys = await generateKeys();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: 'CN=vkube-ca',
    notBefore: new Date(now.getTime() - 3600_000),
    notAfter: new Date(now.getTime() + TEN_YEARS_MS),
    signingAlgorithm: ALG,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { certPem: cert.toString('pem'), keyPem: await keyToPem(keys.privateKey) };
}

async function issueLeaf(
  ca: { certPem: string; keyPem: string },
  subject: string,
  usage: 'server' | 'client',
  names: { dnsNames: string[]; ipAddresses: string[] },
  now: Date,
): Promise<{ certPem: string; keyPem: string }> {
  const keys = await generateKeys();
  const caCert = new x509.X509Certificate(ca.certPem);
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
    new x509.ExtendedKeyUsageExtension([usage === 'server' ? x509.ExtendedKeyUsage.serverAuth : x509.ExtendedKeyUsage.clientAuth]),
    await x509.AuthorityKeyIdentifierExtension.create(caCert),
  ];
  if (usage === 'server') {
    extensions.push(
      new x509.SubjectAlternativeNameExtension([
        ...names.dnsNames.map((value) => ({ type: 'dns' as const, value })),
        ...names.ipAddresses.map((value) => ({ type: 'ip' as const, value })),
      ]),
    );
  }
  const certPem = await issue({
    subject,
    publicKey: keys.publicKey,
    issuer: caCert.subject,
    signingKey: await pemToKey(ca.keyPem),
    now,
    extensions,
  });
  return { certPem, keyPem: await keyToPem(keys.privateKey) };
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** True when the certificate's SANs cover every wanted name and it is not about to expire. */
function servingCertCovers(certPem: string, dnsNames: string[], ipAddresses: string[], now: Date): boolean {
  const cert = new X509Certificate(certPem);
  if (new Date(cert.validTo).getTime() < now.getTime() + 30 * 24 * 3600_000) return false;
  const sans = (cert.subjectAltName ?? '').split(', ');
  return dnsNames.every((n) => sans.includes(`DNS:${n}`)) && ipAddresses.every((ip) => sans.includes(`IP Address:${ip}`));
}

/** Loads the PKI from `dir`, creating whatever is missing or stale. */
export async function ensurePki(options: PkiOptions): Promise<Pki> {
  const now = options.now ?? new Date();
  const { dir } = options;
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const file = (name: string): string => join(dir, name);
  const save = (name: string, content: string): Promise<void> => writeFile(file(name), content, { mode: 0o600 });

  let caCertPem = await readIfExists(file('ca.crt'));
  let caKeyPem = await readIfExists(file('ca.key'));
  if (!caCertPem || !caKeyPem) {
    const ca = await createCa(now);
    ({ certPem: caCertPem, keyPem: caKeyPem } = ca);
    await save('ca.key', caKeyPem);
    await save('ca.crt', caCertPem);
  }
  const ca = { certPem: caCertPem, keyPem: caKeyPem };

  let servingCertPem = await readIfExists(file('serving.crt'));
  let servingKeyPem = await readIfExists(file('serving.key'));
  if (!servingCertPem || !servingKeyPem || !servingCertCovers(servingCertPem, options.dnsNames, options.ipAddresses, now)) {
    const leaf = await issueLeaf(ca, 'CN=vkube-apiserver', 'server', options, now);
    ({ certPem: servingCertPem, keyPem: servingKeyPem } = leaf);
    await save('serving.key', servingKeyPem);
    await save('serving.crt', servingCertPem);
  }

  let adminCertPem = await readIfExists(file('admin.crt'));
  let adminKeyPem = await readIfExists(file('admin.key'));
  if (!adminCertPem || !adminKeyPem) {
    const leaf = await issueLeaf(ca, `CN=${ADMIN_USER}, O=system:masters`, 'client', { dnsNames: [], ipAddresses: [] }, now);
    ({ certPem: adminCertPem, keyPem: adminKeyPem } = leaf);
    await save('admin.key', adminKeyPem);
    await save('admin.crt', adminCertPem);
  }

  let adminToken = (await readIfExists(file('admin.token')))?.trim();
  if (!adminToken) {
    adminToken = randomBytes(32).toString('base64url');
    await save('admin.token', adminToken);
  }
  return { caCertPem, caKeyPem, servingCertPem, servingKeyPem, adminCertPem, adminKeyPem, adminToken };
}
