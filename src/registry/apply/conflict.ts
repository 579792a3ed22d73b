/**
 * The 409 an apply answers with when it would change fields other managers own
 * (managedfields/internal/conflict.go): one cause per conflicting field, message grouped by manager.
 */
import { ApiError, type StatusCause } from '../errors.js';
import { parseManagerIdentifier } from './managed-fields.js';
import { pathToString } from './path-element.js';
import type { Conflict } from './updater.js';
import { compareStrings, goQuote } from './values.js';

export interface FieldConflict {
  /** The other manager's name (e.g. "kubectl-client-side-apply"). */
  manager: string;
  /** The field path as upstream prints it, e.g. `.spec.replicas`. */
  field: string;
}

export class ApplyConflictError extends ApiError {
  override readonly name = 'ApplyConflictError';
  readonly conflicts: FieldConflict[];

  constructor(conflicts: readonly Conflict[]) {
    const causes: StatusCause[] = conflicts.map((c) => ({
      reason: 'FieldManagerConflict',
      message: `conflict with ${printManager(c.manager)}`,
      field: pathToString(c.path),
    }));
    super(409, 'Conflict', conflictMessage(conflicts), { causes });
    this.conflicts = conflicts.map((c) => ({
      manager: parseManagerIdentifier(c.manager)?.manager ?? c.manager,
      field: pathToString(c.path),
    }));
  }
}

/** printManager: `"name"`, plus ` with subresource "x"`, plus ` using <apiVersion>` for Update managers. */
export function printManager(identifier: string): string {
  const info = parseManagerIdentifier(identifier);
  if (!info) return goQuote(identifier);
  let text = goQuote(info.manager);
  if (info.subresource) text = `${text} with subresource ${goQuote(info.subresource)}`;
  if (info.operation === 'Update') text = `${text} using ${info.apiVersion ?? ''}`;
  return text;
}

function conflictMessage(conflicts: readonly Conflict[]): string {
  if (conflicts.length === 1) {
    const only = conflicts[0]!;
    return `Apply failed with 1 conflict: conflict with ${printManager(only.manager)}: ${pathToString(only.path)}`;
  }
  const byManager = new Map<string, string[]>();
  for (const c of conflicts) {
    const paths = byManager.get(c.manager) ?? [];
    paths.push(pathToString(c.path));
    byManager.set(c.manager, paths);
  }
  const lines: string[] = [];
  for (const manager of [...byManager.keys()].sort(compareStrings)) {
    lines.push(`conflicts with ${printManager(manager)}:`);
    for (const path of byManager.get(manager)!) lines.push(`- ${path}`);
  }
  return `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
}
