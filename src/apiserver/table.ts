/**
 * Server-side Table and PartialObjectMetadata views (what `kubectl get` and metadata informers ask
 * for), with the upstream printer columns of src/registry/printers.
 */
import type { ResourceInfo } from '../registry/catalog.js';
import type { KubeObject } from '../registry/object.js';
import { defaultPrinter, printerFor, type TablePrinter } from '../registry/printers/index.js';

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export interface TableListMeta {
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

export class TableConverter {
  private readonly extra = new Map<string, TablePrinter>();

  /** Printers for custom resources (additionalPrinterColumns). */
  setPrinter(group: string, resource: string, printer: TablePrinter | undefined): void {
    if (printer) this.extra.set(`${group}/${resource}`, printer);
    else this.extra.delete(`${group}/${resource}`);
  }

  private printer(info: ResourceInfo): TablePrinter {
    return this.extra.get(`${info.group}/${info.resource}`) ?? printerFor(info.group, info.resource) ?? defaultPrinter();
  }

  toTable(info: ResourceInfo, objects: KubeObject[], listMeta: TableListMeta, options: { version: string; includeObject: IncludeObject; headers: boolean; now: Date }): Record<string, unknown> {
    const printer = this.printer(info);
    const table: Record<string, unknown> = {
      kind: 'Table',
      apiVersion: `meta.k8s.io/${options.version}`,
      metadata: listMeta,
    };
    if (options.headers) table.columnDefinitions = printer.columns;
    table.rows = objects.map((o) => {
      const row: Record<string, unknown> = { cells: printer.cells(o, options.now) };
      if (options.includeObject === 'Object') row.object = o;
      else if (options.includeObject === 'Metadata') row.object = partialObjectMetadata(o, options.version);
      return row;
    });
    return table;
  }
}

export function partialObjectMetadata(o: KubeObject, version = 'v1'): Record<string, unknown> {
  return { kind: 'PartialObjectMetadata', apiVersion: `meta.k8s.io/${version}`, metadata: o.metadata };
}

export function partialObjectMetadataList(objects: KubeObject[], listMeta: TableListMeta, version = 'v1'): Record<string, unknown> {
  return {
    kind: 'PartialObjectMetadataList',
    apiVersion: `meta.k8s.io/${version}`,
    metadata: listMeta,
    items: objects.map((o) => partialObjectMetadata(o, version)),
  };
}

export function parseIncludeObject(value: string | undefined): IncludeObject {
  return value === 'None' || value === 'Object' ? value : 'Metadata';
}
