/**
 * Reference server: bare fastify over HTTPS (same serving certificate and client-certificate
 * request as vkube) answering a static 1 KB JSON document, and `/static-bytes/<n>` a prebuilt JSON
 * body of n bytes (the floor for a LIST of that size: TLS and the socket, no store, no assembly). Runs as its own process so it gets its
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
const sized = new Map<number, Buffer>();
app.get<{ Params: { n: string } }>('/static-bytes/:n', async (request, reply) => {
  const n = Math.min(Number(request.params.n) || 0, 512 * 1024 * 1024);
  let bytes = sized.get(n);
  if (!bytes) {
    bytes = Buffer.alloc(Math.max(n, 14), 'x');
    bytes.write('{"items":["', 0);
    bytes.write('"]}', bytes.length - 3);
    sized.set(n, bytes);
  }
  return reply.type('application/json').send(bytes);
});
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
process.stdout.write(`${typeof address === 'object' && address ? address.port : 0}\n`);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
