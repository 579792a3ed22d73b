import { startServer } from '../../src/cli/serve.js';
const d = `/tmp/dbg-${Date.now()}`;
const s = await startServer({ name: 'dbg', dataDir: d, bindAddress: '127.0.0.1', port: 0, kubeconfigOut: `${d}/kc`, serviceCidr: '10.96.0.0/12', logLevel: 'warn', host: { kubeconfig: '/work/main/.vkube/host/kubeconfig', namespace: 'vkube-dbg-3', mode: 'single', podSecurityLevel: 'baseline' } });
await new Promise((r) => setTimeout(r, 3000));
const t = Date.now();
const timer = setInterval(() => console.log('still stopping', Date.now() - t), 2000);
(globalThis as any).__dbg = true; await s.stop();
clearInterval(timer);
console.log('stopped in', Date.now() - t);
