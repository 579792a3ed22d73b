/**
 * `/metrics` of the whole process: prom-client's default Node.js metrics (resident memory, heap
 * per V8 space, GC and event-loop lag), which operators size a virtual cluster by, followed by the
 * registries of the parts that export their own (the syncer's).
 */
import { collectDefaultMetrics, Registry } from 'prom-client';

export type MetricsRenderer = () => Promise<{ contentType: string; body: string }>;

export function processMetricsRenderer(parts: () => Registry[]): MetricsRenderer {
  const process = new Registry();
  collectDefaultMetrics({ register: process });
  return async () => {
    const bodies = await Promise.all([process, ...parts()].map((registry) => registry.metrics()));
    return { contentType: process.contentType, body: bodies.join('\n') };
  };
}
