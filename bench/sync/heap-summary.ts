/**
 * Where a V8 heap snapshot's memory is (for `bench/sync/run.ts --heap-snapshot-dir DIR`), as JSON:
 *   - self size by node type and constructor;
 *   - retained size (dominator tree, weak edges ignored as DevTools does) of the largest objects,
 *     each with its chain of dominators;
 *   - the store's MemoryIndex entries by resource: raw JSON text and decoded view, both counted
 *     once (an object shared with an informer cache is still counted here, where it is held first),
 *     and how much of the decoded objects is their metadata.managedFields (held by the entry itself
 *     when it prints its text on demand, and then no raw text).
 *
 *   node --max-old-space-size=12000 --import tsx bench/sync/heap-summary.ts FILE [--top 30]
 *
 * A 10,000-pod snapshot (~430 MB file) needs ~6 GB of heap and ~40 s.
 */
import { readFileSync } from 'node:fs';

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]]; edge_fields: string[]; edge_types: [string[]] } };
  nodes: number[];
  edges: number[];
  strings: string[];
}

const file = process.argv[2];
if (!file) throw new Error('usage: heap-summary.ts FILE [--top N]');
const topIndex = process.argv.indexOf('--top');
const top = topIndex > 0 ? Number(process.argv[topIndex + 1]) : 30;
const snap = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
const meta = snap.snapshot.meta;
const NF = meta.node_fields.length;
const EF = meta.edge_fields.length;
const [nodeTypes] = meta.node_types;
const [edgeTypes] = meta.edge_types;
const field = (fields: string[], name: string): number => {
  const at = fields.indexOf(name);
  if (at < 0) throw new Error(`snapshot has no ${name} field`);
  return at;
};
const N_TYPE = field(meta.node_fields, 'type');
const N_NAME = field(meta.node_fields, 'name');
const N_SIZE = field(meta.node_fields, 'self_size');
const N_EDGES = field(meta.node_fields, 'edge_count');
const E_TYPE = field(meta.edge_fields, 'type');
const E_NAME = field(meta.edge_fields, 'name_or_index');
const E_TO = field(meta.edge_fields, 'to_node');
const { nodes, edges, strings } = snap;
const nodeCount = nodes.length / NF;
const firstEdge = new Uint32Array(nodeCount + 1);
for (let i = 0, e = 0; i < nodeCount; i++) {
  firstEdge[i] = e;
  e += nodes[i * NF + N_EDGES]! * EF;
  firstEdge[i + 1] = e;
}
const typeOf = (i: number): string => nodeTypes[nodes[i * NF + N_TYPE]!]!;
const nameOf = (i: number): string => strings[nodes[i * NF + N_NAME]!]!;
const sizeOf = (i: number): number => nodes[i * NF + N_SIZE]!;
const WEAK = edgeTypes.indexOf('weak');
const SHORTCUT = edgeTypes.indexOf('shortcut');
const PROPERTY = edgeTypes.indexOf('property');
const ELEMENT = edgeTypes.indexOf('element');
const INTERNAL = edgeTypes.indexOf('internal');
const strong = (e: number): boolean => edges[e + E_TYPE] !== WEAK && edges[e + E_TYPE] !== SHORTCUT;
const target = (e: number): number => edges[e + E_TO]! / NF;
const mb = (bytes: number): number => Math.round(bytes / 1e5) / 10;

function selfSizes(): Array<{ what: string; count: number; mb: number }> {
  const byClass = new Map<string, { count: number; size: number }>();
  for (let i = 0; i < nodeCount; i++) {
    const type = typeOf(i);
    const key = type === 'object' || type === 'closure' ? `${type}:${nameOf(i)}` : type;
    const entry = byClass.get(key) ?? { count: 0, size: 0 };
    entry.count++;
    entry.size += sizeOf(i);
    byClass.set(key, entry);
  }
  return [...byClass].sort((a, b) => b[1].size - a[1].size).slice(0, top).map(([what, v]) => ({ what, count: v.count, mb: mb(v.size) }));
}

/** Immediate dominators (Cooper, Harvey and Kennedy's iteration over reverse postorder). */
function dominators(): { idom: Int32Array; postorder: Int32Array; order: Int32Array; reached: number } {
  const order = new Int32Array(nodeCount).fill(-1);
  const postorder = new Int32Array(nodeCount);
  let reached = 0;
  const stack = new Int32Array(nodeCount);
  const nextEdge = new Uint32Array(nodeCount);
  const visited = new Uint8Array(nodeCount);
  let sp = 0;
  stack[sp++] = 0;
  visited[0] = 1;
  nextEdge[0] = firstEdge[0]!;
  while (sp > 0) {
    const v = stack[sp - 1]!;
    let descended = false;
    while (nextEdge[v]! < firstEdge[v + 1]!) {
      const e = nextEdge[v]!;
      nextEdge[v] = e + EF;
      if (!strong(e)) continue;
      const w = target(e);
      if (visited[w]) continue;
      visited[w] = 1;
      nextEdge[w] = firstEdge[w]!;
      stack[sp++] = w;
      descended = true;
      break;
    }
    if (!descended) {
      sp--;
      order[v] = reached;
      postorder[reached++] = v;
    }
  }
  const predStart = new Uint32Array(nodeCount + 1);
  for (let v = 0; v < nodeCount; v++) {
    if (order[v]! < 0) continue;
    for (let e = firstEdge[v]!; e < firstEdge[v + 1]!; e += EF) if (strong(e)) predStart[target(e) + 1]!++;
  }
  for (let i = 0; i < nodeCount; i++) predStart[i + 1]! += predStart[i]!;
  const preds = new Uint32Array(predStart[nodeCount]!);
  const fill = predStart.slice(0, nodeCount);
  for (let v = 0; v < nodeCount; v++) {
    if (order[v]! < 0) continue;
    for (let e = firstEdge[v]!; e < firstEdge[v + 1]!; e += EF) if (strong(e)) preds[fill[target(e)]!++] = v;
  }
  const idom = new Int32Array(nodeCount).fill(-1);
  idom[0] = 0;
  const intersect = (a: number, b: number): number => {
    while (a !== b) {
      while (order[a]! < order[b]!) a = idom[a]!;
      while (order[b]! < order[a]!) b = idom[b]!;
    }
    return a;
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (let k = reached - 2; k >= 0; k--) {
      const v = postorder[k]!;
      let d = -1;
      for (let p = predStart[v]!; p < predStart[v + 1]!; p++) {
        const u = preds[p]!;
        if (idom[u]! >= 0) d = d < 0 ? u : intersect(u, d);
      }
      if (d >= 0 && idom[v] !== d) {
        idom[v] = d;
        changed = true;
      }
    }
  }
  return { idom, postorder, order, reached };
}

const label = (i: number): string => `${typeOf(i)}:${nameOf(i).slice(0, 60)}`;

function largestRetainers(): { reachableMb: number; largest: Array<{ mb: number; what: string; dominators: string }> } {
  const { idom, postorder, order, reached } = dominators();
  const retained = new Float64Array(nodeCount);
  for (let k = 0; k < reached; k++) {
    const v = postorder[k]!;
    retained[v]! += sizeOf(v);
    if (v !== 0) retained[idom[v]!]! += retained[v]!;
  }
  const chain = (i: number): string => {
    const parts: string[] = [];
    for (let v = idom[i]!, n = 0; v > 0 && n < 6; v = idom[v]!, n++) parts.push(label(v));
    return parts.join(' < ');
  };
  const candidates: number[] = [];
  for (let v = 1; v < nodeCount; v++) if (order[v]! >= 0 && retained[v]! > 1e6) candidates.push(v);
  candidates.sort((a, b) => retained[b]! - retained[a]!);
  // Only the outermost of a run of one-child wrappers (a Map and its backing array): same size within 1%.
  const shown = candidates.filter((v) => !(idom[v]! > 0 && retained[idom[v]!]! - retained[v]! < retained[v]! * 0.01));
  return { reachableMb: mb(retained[0]!), largest: shown.slice(0, top).map((v) => ({ mb: mb(retained[v]!), what: label(v), dominators: chain(v) })) };
}

function property(i: number, name: string): number {
  for (let e = firstEdge[i]!; e < firstEdge[i + 1]!; e += EF) {
    if (edges[e + E_TYPE] === PROPERTY && strings[edges[e + E_NAME]!] === name) return target(e);
  }
  return -1;
}

/**
 * The store's entries by resource: `{ key, raw, view }` records under the MemoryIndex (`object` in
 * snapshots of builds before the view, which held the whole decoded object).
 */
function storeEntries(): Array<{ resource: string; entries: number; rawMb: number; decodedMb: number; decodedManagedFieldsMb: number }> {
  const counted = new Uint8Array(nodeCount);
  const treeSize = (root: number): number => {
    let size = 0;
    const stack = [root];
    while (stack.length > 0) {
      const v = stack.pop()!;
      if (counted[v]) continue;
      counted[v] = 1;
      size += sizeOf(v);
      for (let e = firstEdge[v]!; e < firstEdge[v + 1]!; e += EF) {
        const type = edges[e + E_TYPE];
        if (type !== PROPERTY && type !== ELEMENT && type !== INTERNAL) continue;
        const w = target(e);
        const wType = typeOf(w);
        if (!counted[w] && wType !== 'code' && wType !== 'object shape' && wType !== 'closure' && wType !== 'hidden') stack.push(w);
      }
    }
    return size;
  };
  const byResource = new Map<string, { entries: number; raw: number; decoded: number; managedFields: number }>();
  for (let i = 0; i < nodeCount; i++) {
    if (typeOf(i) !== 'object' || nameOf(i) !== 'MemoryIndex') continue;
    const seen = new Set<number>([i]);
    const stack = [i];
    while (stack.length > 0) {
      const v = stack.pop()!;
      const key = property(v, 'key');
      const viewProperty = property(v, 'view');
      const object = viewProperty >= 0 ? viewProperty : property(v, 'object');
      if (v !== i && typeOf(v) === 'object' && key >= 0 && object >= 0) {
        const resource = nameOf(key).split('/').slice(0, 4).join('/');
        const raw = property(v, 'raw');
        const entry = byResource.get(resource) ?? { entries: 0, raw: 0, decoded: 0, managedFields: 0 };
        entry.entries++;
        entry.raw += raw >= 0 ? treeSize(raw) : 0;
        const metadata = property(object, 'metadata');
        // An entry that prints its text on demand (text-on-demand.ts) holds them itself.
        const ownManagedFields = property(v, 'managedFields');
        const managedFields = ownManagedFields >= 0 ? ownManagedFields : metadata >= 0 ? property(metadata, 'managedFields') : -1;
        // Counted first, so the decoded object's figure below includes it once.
        const managedFieldsSize = managedFields >= 0 ? treeSize(managedFields) : 0;
        entry.managedFields += managedFieldsSize;
        entry.decoded += managedFieldsSize + treeSize(object);
        byResource.set(resource, entry);
        continue;
      }
      for (let e = firstEdge[v]!; e < firstEdge[v + 1]!; e += EF) {
        const type = edges[e + E_TYPE];
        const w = target(e);
        if ((type === PROPERTY || type === ELEMENT || type === INTERNAL) && !seen.has(w) && typeOf(w) !== 'string' && typeOf(w) !== 'code') {
          seen.add(w);
          stack.push(w);
        }
      }
    }
  }
  return [...byResource].sort((a, b) => b[1].raw + b[1].decoded - a[1].raw - a[1].decoded).slice(0, top)
    .map(([resource, v]) => ({ resource, entries: v.entries, rawMb: mb(v.raw), decodedMb: mb(v.decoded), decodedManagedFieldsMb: mb(v.managedFields) }));
}

let total = 0;
for (let i = 0; i < nodeCount; i++) total += sizeOf(i);
const retainers = largestRetainers();
console.log(JSON.stringify({ file, totalMb: mb(total), nodes: nodeCount, reachableMb: retainers.reachableMb, selfSizes: selfSizes(), largestRetained: retainers.largest, storeEntries: storeEntries() }, null, 1));
