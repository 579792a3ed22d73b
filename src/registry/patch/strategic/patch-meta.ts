/**
 * Patch metadata lookup over a resolved FieldSchema: the counterpart of upstream's LookupPatchMeta.
 * Only x-kubernetes-patch-strategy and x-kubernetes-patch-merge-key matter, as in upstream, whose
 * strategic merge reads the Go struct tags these extensions mirror; list-type/list-map-keys are
 * ignored. A field the schema does not know gets no metadata, so its subtree merges with JSON
 * merge patch semantics (maps merge, lists replace) while directives keep working.
 */
import type { FieldSchema } from '../../schema/types.js';
import { strategicError } from './smp-errors.js';

export interface PatchMeta {
  /** The strategy other than retainKeys: 'merge', 'replace' or ''. */
  strategy: string;
  mergeKey: string;
}

export interface FieldLookup {
  /** Schema of the field (for lists: of the list's elements); undefined when unknown. */
  schema: FieldSchema | undefined;
  meta: PatchMeta;
}

const NO_META: PatchMeta = { strategy: '', mergeKey: '' };

/** Looks up a field holding a map (struct or map value). */
export function lookupMapField(schema: FieldSchema | undefined, key: string): FieldLookup {
  const field = fieldSchema(schema, key);
  return { schema: field, meta: patchMetaOf(field) };
}

/** Looks up a field holding a list; the returned schema describes the list's elements. */
export function lookupListField(schema: FieldSchema | undefined, key: string): FieldLookup {
  const field = fieldSchema(schema, key);
  return { schema: field?.items, meta: patchMetaOf(field) };
}

/** Upstream's error text names the element type: "struct" for objects. */
export function schemaName(schema: FieldSchema | undefined): string {
  if (schema?.type === undefined || schema.type === 'object') return 'struct';
  return schema.type;
}

function fieldSchema(schema: FieldSchema | undefined, key: string): FieldSchema | undefined {
  if (schema === undefined) return undefined;
  if (schema.properties !== undefined && Object.hasOwn(schema.properties, key)) return schema.properties[key];
  return typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
}

function patchMetaOf(field: FieldSchema | undefined): PatchMeta {
  if (field === undefined) return NO_META;
  return { strategy: nonRetainKeysStrategy(field.patchStrategy ?? ''), mergeKey: field.patchMergeKey ?? '' };
}

/** Upstream's extractRetainKeysPatchStrategy: at most two strategies, one of them retainKeys. */
function nonRetainKeysStrategy(patchStrategy: string): string {
  if (patchStrategy === '') return '';
  const strategies = patchStrategy.split(',');
  if (strategies.length === 1) return strategies[0] === 'retainKeys' ? '' : (strategies[0] ?? '');
  if (strategies.length === 2) {
    if (strategies[0] === 'retainKeys') return strategies[1] ?? '';
    if (strategies[1] === 'retainKeys') return strategies[0] ?? '';
  }
  throw strategicError(`unexpected patch strategy: [${strategies.join(' ')}]`);
}
