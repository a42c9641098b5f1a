/**
 * Small-cell protection: which cells of a week's hierarchical table may be
 * published. Every figure of a team report passes through here (see
 * ../report/build.ts); docs/privacy.md explains the threat model and
 * docs/team-metrics.md the rules in plain words.
 *
 * THE TABLE. One week of one breakdown over the team tree. Each node has,
 * per category, a DIRECT cell (members who reported at exactly that path,
 * never published) and a SUBTREE cell (the node and everything below it,
 * publishable). The additive relations are
 *   tree:       sub[t][x] = direct[t][x] + Σ sub[child][x]      (for every category x)
 *   breakdown:  sub[t][total] = Σ_{x ∈ group} sub[t][x]         (levels; active days)
 * The direct cells are the "suppressed / other" remainder that makes the tree
 * relation hold; a lead sees their sum only through the other row.
 *
 * THE RULES, in order:
 *  1. Primary: a node with fewer than k members is `below_k` in every cell;
 *     any other cell with 1 to k−1 members is `below_k`. Zero is published:
 *     a zero says "nobody", which singles no one out (the audit assumes an
 *     attacker knows every zero, see 4).
 *  2. Complementary, HiTaS-style, top-down (a parent's pattern is settled
 *     before its children's): in every relation whose total is published,
 *     the hidden parts (hidden children, the direct remainder when it is not
 *     zero, hidden categories) must be none, or sum to at least k, and must
 *     not be a pair containing a 1 (the member behind the 1 could subtract
 *     themselves and read the other). Otherwise the smallest published
 *     non-zero part is withheld, and the pass repeats until nothing changes.
 *  3. A node whose total is withheld is withheld in every cell, so a
 *     withheld team shows nothing, like a team below k.
 *  4. Exact audit: the hidden cells and the relations form a linear system in
 *     which every published cell and every zero direct cell is known. Gaussian
 *     elimination over the rationals (./linear.ts) finds any hidden non-zero
 *     cell, or direct cell of 1 to k−1 members, that is nevertheless fixed by
 *     what is known; for each, the smallest published cell in a relation with
 *     it is withheld too, and 2–4 repeat until the audit finds nothing.
 */
import { BigSpan, CoefficientOverflow, sparseRow, Span, type SparseRow } from './linear';

export type CellState = 'published' | 'below_k' | 'withheld';
const PUBLISHED = 0;
const BELOW_K = 1;
const WITHHELD = 2;
const STATES: readonly CellState[] = ['published', 'below_k', 'withheld'];

/** The team tree, parents before children. */
export interface Tree {
  paths: readonly string[];
  /** Index of each node's parent, −1 for a root. */
  parent: readonly number[];
  children: readonly (readonly number[])[];
}

export interface TableSpec {
  /** Categories per node. */
  categories: number;
  /**
   * When true, category 0 is the node's member count: a node below k is
   * hidden whole, and each group below is a breakdown of it.
   */
  hasTotal: boolean;
  /** Breakdowns of category 0: the categories of each sum to it. */
  groups: readonly (readonly number[])[];
}

export interface Table {
  spec: TableSpec;
  /** direct[node × categories + x]: members who reported at exactly this node. */
  direct: readonly number[];
}

export interface Protection {
  /** state[node × categories + x]. */
  state: readonly CellState[];
  /** sub[node × categories + x]: the subtree counts the states apply to. */
  sub: readonly number[];
}

/** Builds the tree of `paths` and every ancestor of them, sorted so a parent comes before its children. */
export function buildTree(paths: Iterable<string>): Tree {
  const all = new Set<string>();
  for (const p of paths) {
    const segs = p.split('/');
    for (let i = 1; i <= segs.length; i++) all.add(segs.slice(0, i).join('/'));
  }
  // Sorting by segments puts `a` before `a/b` and keeps siblings in path order.
  const sorted = [...all].sort((a, b) => {
    const sa = a.split('/');
    const sb = b.split('/');
    for (let i = 0; i < Math.min(sa.length, sb.length); i++) if (sa[i] !== sb[i]) return sa[i]! < sb[i]! ? -1 : 1;
    return sa.length - sb.length;
  });
  const index = new Map(sorted.map((p, i) => [p, i]));
  const parent = sorted.map((p) => {
    const cut = p.lastIndexOf('/');
    return cut < 0 ? -1 : index.get(p.slice(0, cut))!;
  });
  const children: number[][] = sorted.map(() => []);
  parent.forEach((p, i) => p >= 0 && children[p]!.push(i));
  return { paths: sorted, parent, children };
}

/** Subtree sums of the direct cells (children come after parents, so one backward pass). */
export function subtreeSums(tree: Tree, categories: number, direct: readonly number[]): number[] {
  const sub = direct.slice();
  for (let i = tree.paths.length - 1; i >= 0; i--) {
    const p = tree.parent[i]!;
    if (p >= 0) for (let x = 0; x < categories; x++) sub[p * categories + x]! += sub[i * categories + x]!;
  }
  return sub;
}

/**
 * Decides which cells of `table` may be published at threshold k.
 * `forcedNode` hides whole nodes decided elsewhere (a tool table follows the
 * member table: a team hidden there is hidden in every tool cell).
 */
export function protect(tree: Tree, table: Table, k: number, forcedNode?: (node: number) => CellState): Protection {
  const { spec, direct } = table;
  const C = spec.categories;
  const n = tree.paths.length;
  if (direct.length !== n * C) throw new Error(`protect: expected ${n * C} direct cells (${n} teams × ${C} categories), got ${direct.length}.`);
  const sub = subtreeSums(tree, C, direct);
  const state = new Uint8Array(n * C);
  const groupOf = new Int32Array(C).fill(-1);
  spec.groups.forEach((g, gi) => g.forEach((x) => (groupOf[x] = gi)));

  const hideNode = (i: number, why: number) => {
    for (let x = 0; x < C; x++) if (state[i * C + x] === PUBLISHED) state[i * C + x] = why;
  };
  let changed = false;
  const withhold = (cell: number) => {
    if (state[cell] !== PUBLISHED) return;
    state[cell] = WITHHELD;
    changed = true;
    // Rule 3: a node whose total is hidden shows nothing.
    if (spec.hasTotal && cell % C === 0) hideNode(cell / C, WITHHELD);
  };

  // 1. Primary suppression.
  for (let i = 0; i < n; i++) {
    const forced = forcedNode?.(i) ?? 'published';
    if (forced !== 'published') hideNode(i, STATES.indexOf(forced));
    else if (spec.hasTotal && sub[i * C]! < k) hideNode(i, BELOW_K);
    for (let x = 0; x < C; x++) {
      const v = sub[i * C + x]!;
      if (v > 0 && v < k && state[i * C + x] === PUBLISHED) state[i * C + x] = BELOW_K;
    }
  }

  /** Smallest first, then in path order. */
  const byValue = (a: number, b: number) => sub[a]! - sub[b]! || a - b;
  /**
   * Cells that can serve as a complement: published and not zero. A zero never
   * protects anything, since the attacker is assumed to know every zero (a
   * hidden zero cell is a sum of zero direct cells, all known).
   */
  const open = (cell: number) => state[cell] === PUBLISHED && sub[cell]! > 0;
  /** Rule 2 for one relation: `hidden` are the values of its hidden parts, `candidates` its published parts. */
  const needsMore = (values: number[], direct = 0) => {
    // Hidden zeros protect nothing (zeros are known); the direct remainder may stand alone when it is k or more.
    const hidden = values.filter((v) => v > 0);
    if (hidden.length === 0) return direct > 0 && direct < k;
    const sum = hidden.reduce((a, b) => a + b, direct);
    const parts = hidden.length + Number(direct > 0);
    return sum < k || parts < 2 || (parts === 2 && (hidden.includes(1) || direct === 1));
  };

  const localPass = () => {
    for (let i = 0; i < n; i++) {
      const kids = tree.children[i]!;
      if (kids.length > 0) {
        for (let x = 0; x < C; x++) {
          if (state[i * C + x] !== PUBLISHED) continue;
          const hidden: number[] = [];
          const candidates: number[] = [];
          for (const ch of kids) {
            const cell = ch * C + x;
            if (state[cell] !== PUBLISHED) hidden.push(sub[cell]!);
            else if (open(cell)) candidates.push(cell);
          }
          if (needsMore(hidden, direct[i * C + x]) && candidates.length) withhold(candidates.sort(byValue)[0]!);
        }
      }
      if (spec.hasTotal && state[i * C] === PUBLISHED) {
        for (const g of spec.groups) {
          const hidden: number[] = [];
          const candidates: number[] = [];
          for (const x of g) {
            const cell = i * C + x;
            if (state[cell] !== PUBLISHED) hidden.push(sub[cell]!);
            else if (open(cell)) candidates.push(cell);
          }
          if (needsMore(hidden) && candidates.length) withhold(candidates.sort(byValue)[0]!);
        }
      }
    }
  };

  /** Rule 4: cells fixed by what is known although hidden; for each, the cell to withhold next. */
  const audit = (newSpan: () => Span | BigSpan): number[] => {
    const span = newSpan();
    // A hidden zero is a sum of zero direct cells, all known, so it is known too: only hidden
    // non-zero cells are variables (the elimination would find the zeros fixed anyway).
    const unknown = (cell: number) => state[cell] !== PUBLISHED && sub[cell]! > 0;
    // Published cells are known, so they drop out of every relation: only hidden cells are variables.
    const directForm = (i: number, x: number): SparseRow => {
      const row: SparseRow = new Map();
      if (unknown(i * C + x)) row.set(i * C + x, 1);
      for (const ch of tree.children[i]!) if (unknown(ch * C + x)) row.set(ch * C + x, -1);
      return row;
    };
    for (let i = 0; i < n; i++) {
      if (spec.hasTotal) {
        for (const g of spec.groups) {
          const row: SparseRow = new Map();
          if (unknown(i * C)) row.set(i * C, 1);
          for (const x of g) if (unknown(i * C + x)) row.set(i * C + x, -1);
          if (row.size) span.add(row);
        }
      }
      for (let x = 0; x < C; x++) {
        if (direct[i * C + x] !== 0) continue;
        const row = directForm(i, x);
        if (row.size) span.add(row);
      }
    }
    const fixes = new Set<number>();
    /**
     * Built only when the neighbours offer no complement: the same relations
     * over every cell, hidden cells numbered first so that elimination pivots
     * on them. What is left of a determined form then names exactly the
     * published cells it was derived from (a row holding a hidden cell has a
     * hidden pivot), and hiding one of those is the fix.
     */
    let full: { span: Span | BigSpan; varOf: Int32Array; cellOf: number[] } | null = null;
    const derivedFrom = (form: SparseRow): number[] => {
      if (!full) {
        const cellOf = [...Array(n * C).keys()].sort((a, b) => Number(unknown(b)) - Number(unknown(a)) || a - b);
        const varOf = new Int32Array(n * C);
        cellOf.forEach((cell, v) => (varOf[cell] = v));
        const fullSpan = newSpan();
        for (let i = 0; i < n; i++) {
          if (spec.hasTotal) for (const g of spec.groups) fullSpan.add(sparseRow([[varOf[i * C]!, 1] as const, ...g.map((x) => [varOf[i * C + x]!, -1] as const)]));
          for (let x = 0; x < C; x++) {
            if (direct[i * C + x] !== 0) continue;
            fullSpan.add(sparseRow([[varOf[i * C + x]!, 1] as const, ...tree.children[i]!.map((ch) => [varOf[ch * C + x]!, -1] as const)]));
          }
        }
        full = { span: fullSpan, varOf, cellOf };
      }
      const { span: fullSpan, varOf, cellOf } = full;
      const rest = fullSpan.reduce(sparseRow([...form].map(([cell, c]) => [varOf[cell]!, c] as const)));
      return [...rest.keys()].map((v) => cellOf[v]!);
    };
    const pick = (tiers: number[][], form: SparseRow) => {
      for (const tier of [...tiers, derivedFrom(form)]) {
        const usable = tier.filter(open);
        if (usable.length) return void fixes.add(usable.sort(byValue)[0]!);
      }
    };
    for (let i = 0; i < n; i++) {
      const p = tree.parent[i]!;
      const kids = tree.children[i]!;
      for (let x = 0; x < C; x++) {
        const cell = i * C + x;
        const own = sparseRow([[cell, 1]]);
        if (unknown(cell) && sub[cell]! > 0 && span.isDetermined(own)) {
          const g = groupOf[x]!;
          const peers = g >= 0 ? spec.groups[g]!.map((y) => i * C + y) : [];
          const siblings = p >= 0 ? tree.children[p]!.map((s) => s * C + x) : [];
          // Neighbours first; failing those, the cell's totals: its parent's cell, or its own team's members.
          pick([[...peers, ...siblings, ...kids.map((ch) => ch * C + x)], [...(p >= 0 ? [p * C + x] : []), ...(g >= 0 ? [i * C] : [])]], own);
        }
        const d = direct[cell]!;
        // A leaf's direct cell is its own cell, checked just above.
        if (kids.length > 0 && d > 0 && d < k && span.isDetermined(directForm(i, x))) {
          const form = sparseRow([[cell, 1] as const, ...kids.map((ch) => [ch * C + x, -1] as const)]);
          // The direct cell is this cell minus the children's: hide a child's, or this one; failing
          // both, loosen the rest of the direct row (another category, or the members of a child).
          const g = groupOf[x]!;
          const rowPeers = g >= 0 ? spec.groups[g]!.filter((y) => y !== x) : [];
          const loosen = [...rowPeers, ...(g >= 0 ? [0] : [])].flatMap((y) => [...kids.map((ch) => ch * C + y), i * C + y]);
          pick([kids.map((ch) => ch * C + x), [cell], loosen], form);
        }
      }
    }
    return [...fixes];
  };

  for (;;) {
    do {
      changed = false;
      localPass();
    } while (changed);
    // Nothing to protect: no hidden non-zero cell and no direct cell of 1 to k−1.
    if (!sub.some((v, cell) => v > 0 && state[cell] !== PUBLISHED) && !direct.some((d) => d > 0 && d < k)) break;
    let fixes: number[];
    try {
      fixes = audit(() => new Span());
    } catch (e) {
      // Exactness first: redo the audit in BigInt when a coefficient outgrows a double.
      if (!(e instanceof CoefficientOverflow)) throw e;
      fixes = audit(() => new BigSpan());
    }
    if (fixes.length === 0) break;
    fixes.forEach(withhold);
  }
  return { state: [...state].map((s) => STATES[s]!), sub };
}
