/**
 * A set of field paths stored as a tree (fieldpath.Set): `members` are paths that end here,
 * `children` lead to deeper paths. Both are kept sorted by comparePathElements, so set algebra is
 * a merge walk and serialisation order matches upstream's.
 */
import { comparePathElements, type Path, type PathElement } from './path-element.js';

export interface FieldSetChild {
  readonly element: PathElement;
  readonly set: FieldSet;
}

/** Index of the first entry not less than `pe` (sort.Search). */
function lowerBound<T>(items: readonly T[], pe: PathElement, elementOf: (item: T) => PathElement): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (comparePathElements(elementOf(items[mid]!), pe) < 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

const identity = (pe: PathElement): PathElement => pe;
const childElement = (child: FieldSetChild): PathElement => child.element;

export class FieldSet {
  private constructor(
    readonly members: PathElement[],
    readonly children: FieldSetChild[],
  ) {}

  static empty(): FieldSet {
    return new FieldSet([], []);
  }

  static fromPaths(paths: Iterable<Path>): FieldSet {
    const set = FieldSet.empty();
    for (const path of paths) set.insert(path);
    return set;
  }

  /** Adds a path in place (used while building a set); the empty path is ignored, as upstream. */
  insert(path: Path): void {
    if (path.length === 0) return;
    let node: FieldSet = this;
    for (let i = 0; i < path.length - 1; i++) node = node.descend(path[i]!);
    node.insertMember(path[path.length - 1]!);
  }

  insertMember(pe: PathElement): void {
    const at = lowerBound(this.members, pe, identity);
    if (at < this.members.length && comparePathElements(this.members[at]!, pe) === 0) return;
    this.members.splice(at, 0, pe);
  }

  /** The child set under `pe`, created empty if missing. */
  descend(pe: PathElement): FieldSet {
    const at = lowerBound(this.children, pe, childElement);
    const found = this.children[at];
    if (found && comparePathElements(found.element, pe) === 0) return found.set;
    const created = FieldSet.empty();
    this.children.splice(at, 0, { element: pe, set: created });
    return created;
  }

  /** Puts `set` under `pe` (merging with an existing child); used while building a set. */
  attach(pe: PathElement, set: FieldSet): void {
    const at = lowerBound(this.children, pe, childElement);
    const found = this.children[at];
    if (found && comparePathElements(found.element, pe) === 0) {
      this.children[at] = { element: pe, set: found.set.union(set) };
    } else {
      this.children.splice(at, 0, { element: pe, set });
    }
  }

  hasMember(pe: PathElement): boolean {
    const at = lowerBound(this.members, pe, identity);
    return at < this.members.length && comparePathElements(this.members[at]!, pe) === 0;
  }

  child(pe: PathElement): FieldSet | undefined {
    const at = lowerBound(this.children, pe, childElement);
    const found = this.children[at];
    return found && comparePathElements(found.element, pe) === 0 ? found.set : undefined;
  }

  has(path: Path): boolean {
    if (path.length === 0) return false;
    let node: FieldSet | undefined = this;
    for (let i = 0; i < path.length - 1 && node; i++) node = node.child(path[i]!);
    return node !== undefined && node.hasMember(path[path.length - 1]!);
  }

  /** The subset under one element (Set.WithPrefix); empty when absent. */
  withPrefix(pe: PathElement): FieldSet {
    return this.child(pe) ?? FieldSet.empty();
  }

  isEmpty(): boolean {
    return this.members.length === 0 && this.children.every((c) => c.set.isEmpty());
  }

  /** Number of paths (members at any depth). */
  size(): number {
    return this.members.length + this.children.reduce((n, c) => n + c.set.size(), 0);
  }

  union(other: FieldSet): FieldSet {
    const members = mergeSorted(this.members, other.members, identity, 'union');
    const children: FieldSetChild[] = [];
    walk(this.children, other.children, (left, right) => {
      if (left && right) children.push({ element: left.element, set: left.set.union(right.set) });
      else children.push((left ?? right)!);
    });
    return new FieldSet(members, children);
  }

  intersection(other: FieldSet): FieldSet {
    const members = mergeSorted(this.members, other.members, identity, 'intersection');
    const children: FieldSetChild[] = [];
    walk(this.children, other.children, (left, right) => {
      if (!left || !right) return;
      const set = left.set.intersection(right.set);
      if (!set.isEmpty()) children.push({ element: left.element, set });
    });
    return new FieldSet(members, children);
  }

  /**
   * Set.Difference: removes `other`'s paths; a member of `other` does not remove our children.
   * Returns this very set when nothing is removed (managed-fields.ts reuses the encoding of sets
   * that come through unchanged).
   */
  difference(other: FieldSet): FieldSet {
    const members = mergeSorted(this.members, other.members, identity, 'difference');
    let unchanged = members.length === this.members.length;
    const children: FieldSetChild[] = [];
    walk(this.children, other.children, (left, right) => {
      if (!left) return;
      if (!right) {
        children.push(left);
        return;
      }
      const set = left.set.difference(right.set);
      if (set !== left.set) unchanged = false;
      if (!set.isEmpty()) children.push({ element: left.element, set });
      else unchanged = false;
    });
    return unchanged ? this : new FieldSet(members, children);
  }

  /** Set.RecursiveDifference: a member of `other` also removes everything below it. */
  recursiveDifference(other: FieldSet): FieldSet {
    const members = mergeSorted(this.members, other.members, identity, 'difference');
    const children: FieldSetChild[] = [];
    walk(this.children, other.children, (left, right) => {
      if (!left || other.hasMember(left.element)) return;
      if (!right) {
        children.push(left);
        return;
      }
      const set = left.set.recursiveDifference(right.set);
      if (!set.isEmpty()) children.push({ element: left.element, set });
    });
    return new FieldSet(members, children);
  }

  equals(other: FieldSet): boolean {
    if (this.members.length !== other.members.length || this.children.length !== other.children.length) return false;
    if (this.members.some((pe, i) => comparePathElements(pe, other.members[i]!) !== 0)) return false;
    return this.children.every((c, i) => {
      const o = other.children[i]!;
      return comparePathElements(c.element, o.element) === 0 && c.set.equals(o.set);
    });
  }

  /** All paths, members before children at each level (Set.Iterate order). */
  paths(): PathElement[][] {
    const out: PathElement[][] = [];
    const visit = (set: FieldSet, prefix: PathElement[]): void => {
      for (const pe of set.members) out.push([...prefix, pe]);
      for (const c of set.children) visit(c.set, [...prefix, c.element]);
    };
    visit(this, []);
    return out;
  }

  /** Rebuilds a set from parts; used by schema-aware transforms. */
  static of(members: PathElement[], children: FieldSetChild[]): FieldSet {
    return new FieldSet(members, children);
  }
}

type MergeMode = 'union' | 'intersection' | 'difference';

function mergeSorted<T>(left: readonly T[], right: readonly T[], key: (t: T) => PathElement, mode: MergeMode): T[] {
  const out: T[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length && j < right.length) {
    const c = comparePathElements(key(left[i]!), key(right[j]!));
    if (c < 0) {
      if (mode !== 'intersection') out.push(left[i]!);
      i++;
    } else if (c > 0) {
      if (mode === 'union') out.push(right[j]!);
      j++;
    } else {
      if (mode !== 'difference') out.push(left[i]!);
      i++;
      j++;
    }
  }
  if (mode !== 'intersection') out.push(...left.slice(i));
  if (mode === 'union') out.push(...right.slice(j));
  return out;
}

/** Visits the union of two sorted child lists, pairing entries with equal elements. */
function walk(
  left: readonly FieldSetChild[],
  right: readonly FieldSetChild[],
  visit: (left: FieldSetChild | undefined, right: FieldSetChild | undefined) => void,
): void {
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) visit(undefined, right[j++]);
    else if (j >= right.length) visit(left[i++], undefined);
    else {
      const c = comparePathElements(left[i]!.element, right[j]!.element);
      if (c < 0) visit(left[i++], undefined);
      else if (c > 0) visit(undefined, right[j++]);
      else visit(left[i++], right[j++]);
    }
  }
}
