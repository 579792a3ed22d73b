/**
 * PATCH for every patch type: JSON patch, merge patch and strategic merge patch are applied to the
 * current object inside a GuaranteedUpdate (retried on conflicts unless the patch pins a
 * resourceVersion); server-side apply merges by schema and tracks field ownership.
 */
import { serverSideApply } from '../../registry/apply/index.js';
import type { ResourceInfo } from '../../registry/catalog.js';
import type { Clock } from '../../registry/clock.js';
import { apiErrors, ApiError } from '../../registry/errors.js';
import { qualifiedResource, type GenericRegistry, type WriteResult } from '../../registry/generic/registry.js';
import { objectKey } from '../../registry/keys.js';
import { apiVersionOf, isPlainObject, type KubeObject } from '../../registry/object.js';
import { applyJsonPatch, applyMergePatch, applyStrategicMergePatch, PatchError } from '../../registry/patch/index.js';
import type { FieldSchema, SchemaSource } from '../../registry/schema/types.js';
import type { PatchType } from '../body.js';

const CUSTOM_RESOURCE_PATCH_TYPES = ['application/json-patch+json', 'application/merge-patch+json', 'application/apply-patch+yaml'];

export interface PatchOptions {
  subresource?: string;
  dryRun: boolean;
  fieldManager?: string;
  force: boolean;
}

export class PatchEngine {
  constructor(
    private readonly registry: GenericRegistry,
    private readonly schemas: SchemaSource,
    private readonly clock: Clock,
  ) {}

  schemaFor(info: ResourceInfo): FieldSchema | undefined {
    return this.schemas.forKind({ group: info.group, version: info.version, kind: info.kind });
  }

  /** Applies a non-apply patch document to an object (also used for the scale subresource). */
  applyPatch(type: Exclude<PatchType, 'apply'>, current: unknown, patch: unknown, schema: FieldSchema | undefined): KubeObject {
    try {
      const result = type === 'json' ? applyJsonPatch(current, patch) : type === 'merge' ? applyMergePatch(current, patch) : applyStrategicMergePatch(current, patch, schema);
      if (!isPlainObject(result)) throw apiErrors.badRequest('the patched object is not a JSON object');
      return result as KubeObject;
    } catch (err) {
      throw asApiError(err);
    }
  }

  async patch(info: ResourceInfo, namespace: string | undefined, name: string, type: PatchType, patch: unknown, options: PatchOptions): Promise<WriteResult> {
    // Custom resources have no patch strategies: upstream's CR handler accepts these types only.
    if (type === 'strategic' && info.custom) throw apiErrors.unsupportedMediaType('application/strategic-merge-patch+json', CUSTOM_RESOURCE_PATCH_TYPES);
    if (type === 'apply') return this.apply(info, namespace, name, patch, options);
    const schema = this.schemaFor(info);
    const pinned = isPlainObject(patch) && isPlainObject(patch.metadata) && typeof patch.metadata.resourceVersion === 'string';
    return this.registry.guaranteedUpdate(
      info,
      namespace,
      name,
      (current) => {
        if (!current) throw apiErrors.notFound(qualifiedResource(info), name);
        const patched = this.applyPatch(type, current, patch, schema);
        const rv = patched.metadata?.resourceVersion;
        if (rv && rv !== current.metadata.resourceVersion) {
          throw apiErrors.conflict(qualifiedResource(info), name, 'the object has been modified; please apply your changes to the latest version and try again');
        }
        if (patched.metadata?.name !== undefined && patched.metadata.name !== name) {
          throw apiErrors.badRequest(`the name of the object (${String(patched.metadata.name)}) does not match the name on the URL (${name})`);
        }
        return patched;
      },
      { subresource: options.subresource, dryRun: options.dryRun, fieldManager: options.fieldManager, retryOnConflict: !pinned },
    );
  }

  private async apply(info: ResourceInfo, namespace: string | undefined, name: string, applied: unknown, options: PatchOptions): Promise<WriteResult> {
    if (!options.fieldManager) {
      throw new ApiError(422, 'Invalid', 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch', {
        group: 'meta.k8s.io',
        kind: 'PatchOptions',
        causes: [{ reason: 'FieldValueRequired', message: 'Required value: is required for apply patch', field: 'fieldManager' }],
      });
    }
    if (!isPlainObject(applied)) throw apiErrors.badRequest('error decoding YAML: the apply configuration must be an object');
    const schema = this.schemaFor(info);
    const manager = options.fieldManager;
    const apiVersion = apiVersionOf(info.group, info.version);
    const resetFields = options.subresource === 'status' ? undefined : info.subresources.has('status') ? [['status']] : undefined;
    const run = (live: KubeObject | undefined): KubeObject => {
      try {
        const args = { live, applied, manager, force: options.force, apiVersion, schema, now: this.clock.now(), kind: info.kind, name, resetFields };
        const { object } = serverSideApply(options.subresource ? { ...args, subresource: options.subresource } : args);
        return object as KubeObject;
      } catch (err) {
        throw asApiError(err);
      }
    };
    const existing = await this.registry.store.get<KubeObject>(objectKey(info, namespace, name));
    if (!existing) {
      if (options.subresource) throw apiErrors.notFound(qualifiedResource(info), name);
      const created = run(undefined);
      created.metadata = { ...(created.metadata ?? {}), name };
      const entry = await this.registry.create(info, namespace, created, { dryRun: options.dryRun, fieldManager: manager, keepManagedFields: true });
      return { entry, created: true };
    }
    return this.registry.guaranteedUpdate(
      info,
      namespace,
      name,
      (current) => {
        if (!current) throw apiErrors.notFound(qualifiedResource(info), name);
        return run(current);
      },
      { subresource: options.subresource, dryRun: options.dryRun, fieldManager: manager, retryOnConflict: true, keepManagedFields: true },
    );
  }

}

function asApiError(err: unknown): Error {
  if (err instanceof ApiError) return err;
  if (err instanceof PatchError) {
    const reason = err.reason === 'Unknown' ? 'InternalError' : err.reason;
    return new ApiError(err.code, reason, err.message, undefined, { cause: err });
  }
  return err instanceof Error ? err : new Error(String(err));
}
