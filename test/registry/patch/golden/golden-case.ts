/** Shape of golden/upstream-golden.json rows (recorded by generate.ts, replayed by the test). */
import type { FieldSchema } from '../../../../src/registry/schema/types.js';
import { deploymentSchema, podSchema } from '../schemas.js';

export type GoldenKind = 'smp' | 'json' | 'merge';
export interface GoldenCase {
  kind: GoldenKind;
  schema?: 'pod' | 'deployment';
  original: unknown;
  patch: unknown;
  expected?: unknown;
  error?: { code: number; message: string };
}
export const GOLDEN_SCHEMAS: Record<'pod' | 'deployment', FieldSchema> = { pod: podSchema, deployment: deploymentSchema };
