/**
 * The registry with design.md's host-first Service rule: with a syncer attached, creating a core
 * Service first creates its host copy, then stores the virtual one with the host's ClusterIP and
 * NodePorts (and undoes the host copy when storing fails). Every other call is the plain registry.
 */
import type { ResourceInfo } from '../../registry/catalog.js';
import { GenericRegistry, type WriteOptions } from '../../registry/generic/registry.js';
import type { KubeObject } from '../../registry/object.js';
import type { StoreEntry } from '../../store/types.js';

export interface HostServiceCreator {
  /** Creates the host copy; the returned virtual object carries its addresses. */
  createHostService(virtualService: KubeObject): Promise<{ virtual: KubeObject; undo: () => Promise<void>; adopt: (uid: string) => Promise<void> }>;
}

export class HostFirstRegistry extends GenericRegistry {
  private hostServices: HostServiceCreator | undefined;

  attachHostServices(creator: HostServiceCreator): void {
    this.hostServices = creator;
  }

  override async create(info: ResourceInfo, namespace: string | undefined, input: KubeObject, options: WriteOptions = {}): Promise<StoreEntry<KubeObject>> {
    const creator = this.hostServices;
    if (!creator || options.dryRun || info.group !== '' || info.resource !== 'services' || !input.metadata?.name) {
      return super.create(info, namespace, input, options);
    }
    const virtualNamespace = namespace ?? input.metadata.namespace;
    const withNamespace: KubeObject = { ...input, metadata: { ...input.metadata, namespace: virtualNamespace, uid: undefined } };
    const { virtual, undo, adopt } = await creator.createHostService(withNamespace);
    let entry: StoreEntry<KubeObject>;
    try {
      entry = await super.create(info, namespace, virtual, options);
    } catch (err) {
      await undo().catch(() => undefined);
      throw err;
    }
    // The host copy was made before the virtual uid existed; point it at this incarnation.
    await adopt(entry.view.metadata.uid!).catch(() => undefined);
    return entry;
  }
}
