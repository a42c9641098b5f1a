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
 *  5. The same audit from the point of view of each member alone at a path
 *     (who knows their own direct row): nothing hidden that holds anyone
 *     else may become fixed; fixes as in 4, and when no published cell is in
 *     a relation with what became fixed (the member's own row pinned it), the
 *     smallest published cell linked to its group of hidden cells.
 * src/collector/privacy/proof.test.ts checks the outcome independently, by
 * elimination over the true direct cells of every report of the tree.
 */
import { MIN_K } from '../../contract/report';
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
  /**
   * Teams with exactly one member reporting directly at their path this week:
   * that member knows their own direct row, and the audit checks that it tells
   * them nothing about anyone else. Defaults to the teams whose direct member
   * count (category 0) is 1 when the table has a total.
   */
  loners?: readonly number[];
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
  if (!Number.isInteger(k) || k < MIN_K) throw new RangeError(`k must be an integer of at least ${MIN_K}, got ${k}.`);
  const { spec, direct } = table;
  const loners = table.loners ?? (spec.hasTotal ? tree.paths.map((_, i) => i).filter((i) => direct[i * spec.categories] === 1) : []);
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

  /** Rule 2 inside one team: its breakdowns (a row of its parent's table). */
  const breakdowns = (i: number) => {
    if (!spec.hasTotal || state[i * C] !== PUBLISHED) return;
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
  };
  /** Rule 2 across the tree at team i: each category = direct + children. */
  const treeRelations = (i: number) => {
    const kids = tree.children[i]!;
    if (kids.length === 0) return;
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
  };
  /**
   * HiTaS order: a team's table is its own row (settled first: it belongs to
   * the table above), then its columns down to the children, then the
   * children's rows; parents before children.
   */
  const localPass = () => {
    for (let i = 0; i < n; i++) {
      breakdowns(i);
      treeRelations(i);
      for (const ch of tree.children[i]!) breakdowns(ch);
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
     *
     * Only the relations that share hidden cells with the form, directly or
     * through other hidden cells, can take part in deriving it (the others'
     * hidden parts lie on other variables and would have to cancel among
     * themselves), so each span holds one connected group of hidden cells.
     * One span over the whole tree made every pick cost as much as the tree
     * (2 s a week at 1,200 teams); a group is about a department's cells.
     * Any derivation will do: the audit runs again after each fix.
     */
    const cells = n * C;
    /** The relations over every cell, and those of each group of hidden cells: made at the first pick that needs them. */
    let grouped: { relations: (readonly (readonly [number, number])[])[]; root: (c: number) => number; byGroup: Map<number, number[]> } | null = null;
    const groupsOfRelations = () => {
      if (grouped) return grouped;
      const relations: (readonly (readonly [number, number])[])[] = [];
      for (let i = 0; i < n; i++) {
        if (spec.hasTotal) for (const g of spec.groups) relations.push([[i * C, 1], ...g.map((x) => [i * C + x, -1] as const)]);
        for (let x = 0; x < C; x++) {
          if (direct[i * C + x] !== 0) continue;
          relations.push([[i * C + x, 1], ...tree.children[i]!.map((ch) => [ch * C + x, -1] as const)]);
        }
      }
      const groupOfCell = new Int32Array(cells).map((_, c) => c);
      const root = (c: number): number => {
        while (groupOfCell[c] !== c) c = groupOfCell[c] = groupOfCell[groupOfCell[c]!]!;
        return c;
      };
      relations.forEach((rel) => {
        let first = -1;
        for (const [cell] of rel) {
          if (!unknown(cell)) continue;
          if (first < 0) first = root(cell);
          else groupOfCell[root(cell)] = first;
        }
      });
      const byGroup = new Map<number, number[]>();
      relations.forEach((rel, r) => {
        const hidden = rel.find(([cell]) => unknown(cell));
        if (!hidden) return;
        const g = root(hidden[0]);
        const list = byGroup.get(g);
        if (list) list.push(r);
        else byGroup.set(g, [r]);
      });
      return (grouped = { relations, root, byGroup });
    };
    // Hidden cells keep their index; published ones come after every hidden one.
    const varOf = (cell: number) => (unknown(cell) ? cell : cells + cell);
    const cellOf = (v: number) => (v >= cells ? v - cells : v);
    const spans = new Map<string, Span | BigSpan>();
    const derivedFrom = (form: SparseRow): number[] => {
      const { relations, root, byGroup } = groupsOfRelations();
      const groups = [...new Set([...form.keys()].filter(unknown).map(root))].sort((a, b) => a - b);
      const key = groups.join(',');
      let groupSpan = spans.get(key);
      if (!groupSpan) {
        groupSpan = newSpan();
        for (const g of groups) for (const r of byGroup.get(g) ?? []) groupSpan.add(sparseRow(relations[r]!.map(([cell, c]) => [varOf(cell), c] as const)));
        spans.set(key, groupSpan);
      }
      const rest = groupSpan.reduce(sparseRow([...form].map(([cell, c]) => [varOf(cell), c] as const)));
      return [...rest.keys()].map(cellOf);
    };
    const pick = (tiers: number[][], form: SparseRow) => {
      for (const tier of tiers) {
        const usable = tier.filter(open);
        if (usable.length) return void fixes.add(usable.sort(byValue)[0]!);
      }
      // Only when no neighbour or total can serve: the cells the pinned form was derived from.
      const usable = derivedFrom(form).filter(open);
      if (usable.length) return void fixes.add(usable.sort(byValue)[0]!);
      // A form pinned only with a lone member's own row (rule 5) is derived from no published cell the
      // relations alone show: then the smallest published cell in a relation of its group of hidden
      // cells is withheld, and the audit runs again until nothing is pinned.
      const { relations, root, byGroup } = groupsOfRelations();
      const linked = new Set<number>();
      for (const g of new Set([...form.keys()].filter(unknown).map(root))) for (const r of byGroup.get(g) ?? []) for (const [cell] of relations[r]!) if (open(cell)) linked.add(cell);
      if (linked.size) fixes.add([...linked].sort(byValue)[0]!);
    };
    /** A hidden cell is pinned down: hide a neighbour; failing those, the cell's totals: its parent's cell, or its own team's members. */
    const fixCell = (i: number, x: number) => {
      const p = tree.parent[i]!;
      const g = groupOf[x]!;
      const peers = g >= 0 ? spec.groups[g]!.map((y) => i * C + y) : [];
      const siblings = p >= 0 ? tree.children[p]!.map((s) => s * C + x) : [];
      const kids = tree.children[i]!.map((ch) => ch * C + x);
      pick([[...peers, ...siblings, ...kids], [...(p >= 0 ? [p * C + x] : []), ...(g >= 0 ? [i * C] : [])]], sparseRow([[i * C + x, 1]]));
    };
    /**
     * A direct cell is pinned down. It is this cell minus the children's: hide a child's, or this one; failing both,
     * loosen the rest of the direct row (another category, or the members of a child).
     */
    const fixDirect = (i: number, x: number) => {
      const kids = tree.children[i]!;
      const g = groupOf[x]!;
      const rowPeers = g >= 0 ? spec.groups[g]!.filter((y) => y !== x) : [];
      const loosen = [...rowPeers, ...(g >= 0 ? [0] : [])].flatMap((y) => [...kids.map((ch) => ch * C + y), i * C + y]);
      pick([kids.map((ch) => ch * C + x), [i * C + x], loosen], sparseRow([[i * C + x, 1] as const, ...kids.map((ch) => [ch * C + x, -1] as const)]));
    };
    /** What must stay unknown: hidden non-zero cells, and direct cells of 1 to k−1 (a leaf's is its own cell). */
    const targets: { i: number; x: number; direct: boolean; form: SparseRow }[] = [];
    for (let i = 0; i < n; i++) {
      for (let x = 0; x < C; x++) {
        const cell = i * C + x;
        if (unknown(cell)) targets.push({ i, x, direct: false, form: sparseRow([[cell, 1]]) });
        const d = direct[cell]!;
        if (tree.children[i]!.length > 0 && d > 0 && d < k) targets.push({ i, x, direct: true, form: directForm(i, x) });
      }
    }
    for (const t of targets) {
      const fixed = t.direct ? span.isDetermined(t.form) : span.isFixed(t.i * C + t.x);
      if (fixed) (t.direct ? fixDirect : fixCell)(t.i, t.x);
    }
    if (fixes.size > 0 || !loners.length) return [...fixes];

    /*
     * A member alone at a path (a lead reporting at their own team, say) knows
     * their whole direct row. For each, what they know is added to what is
     * published, and every target that still holds someone else must stay
     * unknown. Residuals modulo the published span keep this cheap: t is in
     * span(S ∪ R) exactly when t mod S is in span(R mod S).
     */
    const rest = targets.map((t) => span.reduce(t.form));
    // Residual variable → targets holding it: a target can only be reached through a variable of `extra`.
    const byVar = new Map<number, number[]>();
    rest.forEach((r, j) => {
      for (const v of r.keys()) {
        const list = byVar.get(v);
        if (list) list.push(j);
        else byVar.set(v, [j]);
      }
    });
    for (const u of loners) {
      const extra = newSpan();
      for (let x = 0; x < C; x++) {
        const own = directForm(u, x);
        if (own.size) extra.add(span.reduce(own) as SparseRow);
      }
      if (extra.rank === 0) continue;
      const inSubtree = (i: number) => {
        for (let a = u; a >= 0; a = tree.parent[a]!) if (a === i) return true;
        return false;
      };
      const reached = new Set<number>();
      for (const v of extra.variables()) for (const j of byVar.get(v) ?? []) reached.add(j);
      for (const j of reached) {
        const t = targets[j]!;
        const cell = t.i * C + t.x;
        const others = t.direct ? (t.i === u ? 0 : direct[cell]!) : sub[cell]! - (inSubtree(t.i) ? direct[u * C + t.x]! : 0);
        let inReach = true;
        for (const v of rest[j]!.keys()) if (!extra.holds(v)) inReach = false;
        if (others > 0 && inReach && extra.isDetermined(rest[j] as SparseRow)) (t.direct ? fixDirect : fixCell)(t.i, t.x);
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
