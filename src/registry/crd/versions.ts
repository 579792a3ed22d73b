/**
 * How a stored custom resource is answered (apiextensions-apiserver's codec on the way out of
 * storage): in the version asked for (conversion strategy `None`, the only one served: all versions
 * share one storage and only apiVersion changes), and with the schema's defaults applied, so
 * objects stored before a default was added read as if written now.
 */
import type { ResourceInfo } from '../catalog.js';
import { apiVersionOf, jsonEqual, type KubeObject } from '../object.js';
import { wholeObject, type StoreEntry } from '../../store/types.js';
import { applySchemaDefaults } from './schema.js';

/** The JSON of the entry's object as served at `info`'s version; its `raw` itself when nothing differs. */
export function servedJson(info: ResourceInfo, entry: StoreEntry<KubeObject>): string {
  const custom = info.custom;
  if (!custom) return entry.raw;
  const object = wholeObject(entry);
  const apiVersion = apiVersionOf(info.group, info.version);
  let served: KubeObject | undefined;
  if (custom.hasDefaults) {
    const defaulted = structuredClone(object);
    applySchemaDefaults(defaulted, custom.schema);
    if (!jsonEqual(defaulted, object)) served = defaulted;
  }
  if (object.apiVersion !== apiVersion) served = { ...(served ?? object), apiVersion };
  return served ? JSON.stringify(served) : entry.raw;
}
