import { describe, expect, it } from 'vitest';
import { buildTree, protect, type CellState, type TableSpec } from './suppress';

const COUNT: TableSpec = { categories: 1, hasTotal: false, groups: [] };
/** members, then two categories that add up to it. */
const PAIR: TableSpec = { categories: 3, hasTotal: true, groups: [[1, 2]] };

/** Protects a one-category table given as {path: direct count}; answers {path: state}. */
function one(direct: Record<string, number>, k = 5): Record<string, CellState> {
  const tree = buildTree(Object.keys(direct));
  const p = protect(tree, { spec: { ...COUNT, hasTotal: true }, direct: tree.paths.map((t) => direct[t] ?? 0) }, k);
  return Object.fromEntries(tree.paths.map((t, i) => [t, p.state[i]!]));
}

describe('buildTree', () => {
  it('adds every ancestor and puts parents before children, siblings in path order', () => {
    const t = buildTree(['a/b/c', 'a/a', 'b']);
    expect(t.paths).toEqual(['a', 'a/a', 'a/b', 'a/b/c', 'b']);
    expect(t.parent).toEqual([-1, 0, 0, 2, -1]);
    expect(t.children).toEqual([[1, 2], [], [3], [], []]);
  });
});

describe('protect: primary suppression', () => {
  it('hides a team below k whole, and any cell of 1 to k−1, but publishes zeros', () => {
    const tree = buildTree(['o', 'o/a', 'o/b']);
    // members, x, y per team: o has none directly; a: 7 = 3 + 4; b: 9 = 9 + 0.
    const p = protect(tree, { spec: PAIR, direct: [0, 0, 0, 7, 3, 4, 9, 9, 0] }, 5);
    expect(p.sub).toEqual([16, 12, 4, 7, 3, 4, 9, 9, 0]);
    expect(p.state.slice(3, 6)).toEqual(['published', 'below_k', 'below_k']);
    expect(p.state.slice(6, 9)).toEqual(['published', 'published', 'published']);
    expect(one({ o: 0, 'o/a': 4, 'o/b': 0 })['o/a']).toBe('below_k');
  });

  it('refuses k below 5', () => {
    expect(() => one({ o: 9 }, 4)).toThrow(/k must be an integer of at least 5/);
  });
});

describe('protect: complementary suppression', () => {
  it('differencing across siblings: parent 10 = 7 + 3 with nobody direct hides the 7 too', () => {
    expect(one({ o: 0, 'o/a': 7, 'o/b': 3 })).toEqual({ o: 'published', 'o/a': 'withheld', 'o/b': 'below_k' });
  });

  it('picks the smallest published sibling as the complement', () => {
    expect(one({ o: 0, 'o/a': 9, 'o/b': 3, 'o/c': 6 })).toEqual({ o: 'published', 'o/a': 'published', 'o/b': 'below_k', 'o/c': 'withheld' });
  });

  it('counts the direct members as a part: 2 direct members need a complement, 6 do not', () => {
    expect(one({ o: 2, 'o/a': 7, 'o/b': 8 })).toEqual({ o: 'published', 'o/a': 'withheld', 'o/b': 'published' });
    expect(one({ o: 6, 'o/a': 3, 'o/b': 8 })).toEqual({ o: 'published', 'o/a': 'below_k', 'o/b': 'published' });
  });

  it('hidden parts must add up to k: 2 + 2 below k takes a third', () => {
    expect(one({ o: 0, 'o/a': 2, 'o/b': 2, 'o/c': 6, 'o/d': 9 })).toEqual({ o: 'published', 'o/a': 'below_k', 'o/b': 'below_k', 'o/c': 'withheld', 'o/d': 'published' });
  });

  it('a lead who is the only direct member cannot subtract themselves: a pair with a 1 takes a third', () => {
    // hidden: the lead (1) and o/a (4): 5 ≥ k, but the lead knows their 1 and would read o/a's 4.
    expect(one({ o: 1, 'o/a': 4, 'o/b': 10, 'o/c': 12 })).toEqual({ o: 'published', 'o/a': 'below_k', 'o/b': 'withheld', 'o/c': 'published' });
  });

  it('zeros protect nothing: a hidden pair beside a zero sibling is still completed with a non-zero cell', () => {
    expect(one({ o: 0, 'o/a': 3, 'o/b': 0, 'o/c': 8, 'o/d': 20 })).toMatchObject({ 'o/a': 'below_k', 'o/b': 'below_k', 'o/c': 'withheld', 'o/d': 'published' });
  });

  it('works top-down: a team withheld above is withheld in its own table, and protected below', () => {
    const s = one({ o: 0, 'o/a': 0, 'o/a/x': 3, 'o/a/y': 5, 'o/b': 20 });
    // o/a (8) is published; inside it 3 is below k, so 5 is withheld.
    expect(s).toEqual({ o: 'published', 'o/a': 'published', 'o/a/x': 'below_k', 'o/a/y': 'withheld', 'o/b': 'published' });
  });

  it('two-way: a hidden category is complemented across the tree as well as inside the team', () => {
    // o = a + b, nobody direct. a: 10 = 3 x + 7 y; b: 10 = 5 x + 5 y.
    const tree = buildTree(['o', 'o/a', 'o/b']);
    const p = protect(tree, { spec: PAIR, direct: [0, 0, 0, 10, 3, 7, 10, 5, 5] }, 5);
    const at = (node: number, x: number) => p.state[node * 3 + x];
    expect(at(1, 1)).toBe('below_k');
    expect(at(1, 2)).toBe('withheld'); // inside a: 3 + 7 = 10
    // across the tree: o's x = a's x + b's x, so b's x (or o's) must hide too, and then b's y with it.
    expect([at(2, 1), at(0, 1)]).toContain('withheld');
    expect(p.state.filter((s) => s !== 'published').length).toBeGreaterThanOrEqual(4);
  });

  it('the exact audit hides what no single relation shows: a team whose every level is its only one', () => {
    // b (5 members, all y) is withheld to protect a: its y count is its member count, so
    // hiding the members is not enough unless something else moves with them.
    const tree = buildTree(['o', 'o/a', 'o/b', 'o/c']);
    const p = protect(tree, { spec: PAIR, direct: [0, 0, 0, 3, 3, 0, 5, 0, 5, 9, 9, 0] }, 5);
    const hidden = (node: number) => p.state.slice(node * 3, node * 3 + 3);
    expect(hidden(1)[0]).toBe('below_k');
    expect(hidden(2)[0]).toBe('withheld');
    // o's y equals b's y (a and c have none): so o's y is withheld as well, or b's y would be read off it.
    expect(p.state[0 * 3 + 2]).toBe('withheld');
  });
});
