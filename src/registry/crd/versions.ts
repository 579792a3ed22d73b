/**
 * Conversion strategy `None` (the only one vkube serves): all versions of a custom resource share
 * one storage and only apiVersion changes, so an object is answered in the version it was asked for.
 */
import type { ResourceInfo } from '../catalog.js';
import { apiVersionOf, type KubeObject } from '../object.js';

/** The JSON of `object` as served at `info`'s version; `raw` itself when nothing differs. */
export function servedJson(info: ResourceInfo, object: KubeObject, raw: string): string {
  if (!info.custom) return raw;
  const apiVersion = apiVersionOf(info.group, info.version);
  if (object.apiVersion === apiVersion) return raw;
  return JSON.stringify({ ...object, apiVersion });
}
