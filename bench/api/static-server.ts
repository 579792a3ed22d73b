/**
 * Reference server: bare fastify over HTTPS (same serving certificate and client-certificate
 * request as vkube) answering a static 1 KB JSON document. Runs as its own process so it gets its
 * own event loop, like vkube does; prints its port on stdout, exits on SIGTERM.
 * Usage: node --import tsx bench/api/static-server.ts <serving.crt> <serving.key>
 */
import { readFile } from 'node:fs/promises';
import Fastify from 'fastify';
import { staticDocument } from './fixtures.js';

const [certPath, keyPath] = process.argv.slice(2);
if (!certPath || !keyPath) throw new Error('usage: static-server.ts <cert.pem> <key.pem>');
const body = staticDocument();
const app = Fastify({ logger: false, https: { cert: await readFile(certPath), key: await readFile(keyPath), requestCert: true, rejectUnauthorized: false } });
app.get('/static', async (_request, reply) => reply.type('application/json').send(body));
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
process.stdout.write(`${typeof address === 'object' && address ? address.port : 0}\n`);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
