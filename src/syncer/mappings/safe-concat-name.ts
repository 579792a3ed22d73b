import { createHash } from 'node:crypto';

/** Longest DNS-1123 label; longer joined names are shortened with a hash. */
export const MAX_NAME_LENGTH = 63;

/**
 * Joins the parts with '-' and, when the result is longer than 63 characters, keeps the
 * first 52, a '-', and the first 10 hex characters of the sha256 of the whole joined name.
 * Mirrors vcluster's SafeConcatName (including its final ".-" → "-" clean-up) so that host
 * names are the ones users' existing host-side tooling (IAM bindings, dashboards) expects.
 */
export function safeConcatName(...parts: string[]): string {
  const fullName = parts.join('-');
  if (fullName.length <= MAX_NAME_LENGTH) return fullName;
  const digest = createHash('sha256').update(fullName).digest('hex');
  return `${fullName.slice(0, 52)}-${digest.slice(0, 10)}`.replaceAll('.-', '-');
}
