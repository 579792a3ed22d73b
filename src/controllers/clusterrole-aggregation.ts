/**
 * ClusterRole aggregation (pkg/controller/clusterroleaggregation): a ClusterRole with an
 * aggregationRule gets the union of the rules of every ClusterRole its selectors match, kept
 * current as those roles change.
 */
import type { Logger } from 'pino';
import type { ResourceCatalog } from '../registry/catalog.js';
import type { GenericRegistry } from '../registry/generic/registry.js';
import { jsonEqual, type KubeObject } from '../registry/object.js';
import { labelSelectorFromObject, type LabelSelectorObject } from '../registry/selectors/labels.js';
import { ObjectCache } from './util/cache.js';
import { WorkQueue, type ReconcileResult } from './work-queue.js';

const PREFIX = '/registry/rbac.authorization.k8s.io/clusterroles/';

export interface ClusterRoleAggregationDeps {
  registry: GenericRegistry;
  catalog: ResourceCatalog;
  logger: Logger;
}

type AggregationRule = { clusterRoleSelectors?: LabelSelectorObject[] };

function aggregationRuleOf(o: KubeObject): AggregationRule | undefined {
  return (o as { aggregationRule?: AggregationRule }).aggregationRule ?? undefined;
}

export class ClusterRoleAggregationController {
  private readonly cache: ObjectCache;
  private readonly queue: WorkQueue;
  private readonly abort = new AbortController();
  private running: Promise<void> | undefined;

  constructor(private readonly deps: ClusterRoleAggregationDeps) {
    this.cache = new ObjectCache(deps.registry.store, PREFIX, {});
    this.queue = new WorkQueue({ name: 'clusterrole-aggregation', workers: 1, logger: deps.logger, reconcile: (key) => this.reconcile(key) });
    // Any role change may change an aggregate: re-check every aggregated role (there are few).
    this.cache.onChange(() => {
      for (const o of this.cache.all()) if (aggregationRuleOf(o)) this.queue.add(o.metadata.name!);
    });
  }

  start(): void {
    this.queue.start();
    this.running = this.cache.run(this.abort.signal, this.deps.logger);
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.queue.stop();
    await this.running;
  }

  private async reconcile(name: string): Promise<ReconcileResult> {
    const role = this.cache.get(`${PREFIX}${name}`);
    const rule = role && aggregationRuleOf(role);
    if (!role || !rule) return {};
    const selectors = (rule.clusterRoleSelectors ?? []).map(labelSelectorFromObject);
    const sources = [...this.cache.all()]
      .filter((o) => o.metadata.name !== name && selectors.some((s) => !s.empty && s.matches(o.metadata.labels)))
      .sort((a, b) => a.metadata.name!.localeCompare(b.metadata.name!));
    const rules: unknown[] = [];
    const seen = new Set<string>();
    for (const source of sources) {
      for (const r of (source as { rules?: unknown[] }).rules ?? []) {
        const key = JSON.stringify(r);
        if (!seen.has(key)) {
          seen.add(key);
          rules.push(r);
        }
      }
    }
    if (jsonEqual((role as { rules?: unknown[] }).rules ?? [], rules)) return {};
    const info = this.deps.catalog.get('rbac.authorization.k8s.io', 'v1', 'clusterroles')!;
    await this.deps.registry.guaranteedUpdate(info, undefined, name, (current) => ({ ...current!, rules } as KubeObject), { fieldManager: 'clusterrole-aggregation-controller', retryOnConflict: true });
    return {};
  }
}
