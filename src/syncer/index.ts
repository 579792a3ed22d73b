/** The syncer's public surface: what `vkube serve` wires when it has a host cluster. */
export { Syncer, type SyncerOptions } from './runtime/syncer.js';
export { HostFirstRegistry, type HostServiceCreator } from './runtime/host-first-registry.js';
export { SyncerMetrics } from './runtime/metrics.js';
export { FairQueue, type SyncKey, type SyncResult } from './runtime/fair-queue.js';
export { createHostClient, loadHostKubeConfig, HostError, type HostClient } from './host/host-client.js';
export type { VirtualTokenMinter } from './reconcilers/context.js';
export type { SyncConfig } from './translate/context.js';
export type { SyncMode } from './mappings/index.js';
export { isPodSecurityLevel, type PodSecurityLevel } from './pod-security/index.js';
