/**
 * Summarises a V8 .cpuprofile (from run.ts --cpu-prof-dir): top functions by self time and by
 * inclusive time, and self time per source file.
 * Usage: node --import tsx bench/api/profile-summary.ts <file.cpuprofile> [--top 30] [--filter text] [--under functionName]
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
}

export interface ProfileRow {
  name: string;
  ms: number;
  percent: number;
}

const shortUrl = (url: string): string => url.replace(/^file:\/\//, '').replace(/^.*\/work\/main\//, '').replace(/^.*\/node_modules\//, 'node_modules/');
const frameKey = (node: ProfileNode): string => `${node.callFrame.functionName || '(anonymous)'} ${shortUrl(node.callFrame.url)}:${node.callFrame.lineNumber + 1}`;

/**
 * Self and inclusive time per function; recursion is counted once per stack. With `under`, only
 * samples inside a frame whose function name equals it count (e.g. "handleList").
 */
export function summariseProfile(profile: CpuProfile, under?: string): { totalMs: number; self: Map<string, number>; inclusive: Map<string, number>; byFile: Map<string, number> } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const totalHits = profile.nodes.reduce((sum, n) => sum + (n.hitCount ?? 0), 0);
  const totalMs = (profile.endTime - profile.startTime) / 1000;
  const msPerHit = totalHits ? totalMs / totalHits : 0;
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const byFile = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, ms: number): void => void map.set(key, (map.get(key) ?? 0) + ms);
  const root = profile.nodes[0];
  if (!root) return { totalMs, self, inclusive, byFile };
  const walk = (node: ProfileNode, onStack: Set<string>, insideParent: boolean): number => {
    const key = frameKey(node);
    const inside = insideParent || under === undefined || node.callFrame.functionName === under;
    const ownMs = inside ? (node.hitCount ?? 0) * msPerHit : 0;
    add(self, key, ownMs);
    add(byFile, shortUrl(node.callFrame.url) || node.callFrame.functionName, ownMs);
    const fresh = !onStack.has(key);
    if (fresh) onStack.add(key);
    let subtree = ownMs;
    for (const child of node.children ?? []) subtree += walk(byId.get(child)!, onStack, inside);
    if (fresh) {
      onStack.delete(key);
      add(inclusive, key, subtree);
    }
    return subtree;
  };
  walk(root, new Set(), false);
  return { totalMs, self, inclusive, byFile };
}

function top(map: Map<string, number>, totalMs: number, count: number, filter: string | undefined): ProfileRow[] {
  return [...map.entries()]
    .filter(([name, ms]) => ms > 0 && (!filter || name.includes(filter)))
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, ms]) => ({ name, ms: Math.round(ms), percent: Math.round((ms / totalMs) * 1000) / 10 }));
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '30' }, filter: { type: 'string' }, under: { type: 'string' } } });
  const file = positionals[0];
  if (!file) throw new Error('usage: profile-summary.ts <file.cpuprofile> [--top N] [--filter text]');
  const summary = summariseProfile(JSON.parse(await readFile(file, 'utf8')) as CpuProfile, values.under);
  const count = Number(values.top);
  process.stdout.write(`${JSON.stringify({ total_ms: Math.round(summary.totalMs), self: top(summary.self, summary.totalMs, count, values.filter), inclusive: top(summary.inclusive, summary.totalMs, count, values.filter), by_file: top(summary.byFile, summary.totalMs, count, values.filter) }, null, 1)}\n`);
}
