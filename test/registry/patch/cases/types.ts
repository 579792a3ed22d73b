import type { FieldSchema } from '../../../../src/registry/schema/types.js';
import type { PatchErrorReason } from '../../../../src/registry/patch/index.js';

/** One table row: either `expected` (the patched object) or `error` (what upstream answers). */
export interface PatchCase {
  name: string;
  original: unknown;
  patch: unknown;
  schema?: FieldSchema;
  expected?: unknown;
  error?: { reason: PatchErrorReason; code: number; message?: string };
}
