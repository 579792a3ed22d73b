/**
 * `/metrics` of the whole process: prom-client's default Node.js metrics (resident memory, heap
 * per V8 space, GC and event-loop lag), which operators size a virtual cluster by, followed by the
 * registries of the parts that export their own (the syncer's).
 */
import { collectDefaultMetrics, Registry } from 'prom-client';

export type MetricsRenderer = () => Promise<{ contentType: string; body: string }>;

export function processMetricsRenderer(parts: () => Registry[]): MetricsRenderer {
  const processRegistry = new Registry();
  collectDefaultMetrics({ register: processRegistry });
  return async () => {
    const bodies = await Promise.all([processRegistry, ...parts()].map((registry) => registry.metrics()));
    return { contentType: processRegistry.contentType, body: bodies.join('\n') };
  };
}
