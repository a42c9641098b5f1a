/**
 * Exact linear algebra over the rationals for the disclosure audit: is a
 * linear form over the unknown cells fixed by what is known? Rows are sparse
 * (variable index → integer coefficient) and kept in reduced row echelon
 * form with BigInt coefficients, so no rounding can ever hide or invent a
 * dependency. Each row is divided by the gcd of its coefficients after every
 * step, which keeps the numbers as small as the ±1 relations they start from.
 */
export type SparseRow = Map<number, bigint>;

function abs(x: bigint): bigint {
  return x < 0n ? -x : x;
}
function gcd(a: bigint, b: bigint): bigint {
  a = abs(a);
  b = abs(b);
  while (b) [a, b] = [b, a % b];
  return a;
}
function normalise(row: SparseRow): void {
  let g = 0n;
  for (const v of row.values()) g = gcd(g, v);
  if (g > 1n) for (const [k, v] of row) row.set(k, v / g);
}

/** Builds a row from (variable, coefficient) pairs, adding repeated variables and dropping zeros. */
export function sparseRow(terms: Iterable<readonly [number, number | bigint]>): SparseRow {
  const row: SparseRow = new Map();
  for (const [k, c] of terms) {
    const v = (row.get(k) ?? 0n) + BigInt(c);
    if (v === 0n) row.delete(k);
    else row.set(k, v);
  }
  return row;
}

/**
 * The span of a growing set of homogeneous equations (each row = 0). `add`
 * keeps the rows in reduced echelon form; `isDetermined` says whether a form
 * is a linear combination of the rows, i.e. takes one value on every solution.
 */
export class Span {
  /** pivot variable → its row (the pivot coefficient is non-zero, no other row holds the pivot). */
  private readonly rows = new Map<number, SparseRow>();
  /** variable → pivots of the rows where it appears as a non-pivot entry. */
  private readonly uses = new Map<number, Set<number>>();

  get rank(): number {
    return this.rows.size;
  }

  /** `a·target − target[p]·row`, eliminating pivot p from target (in place). */
  private eliminate(target: SparseRow, p: number, row: SparseRow): void {
    const t = target.get(p);
    if (t === undefined) return;
    const a = row.get(p)!;
    for (const [k, v] of target) target.set(k, v * a);
    for (const [k, v] of row) {
      const next = (target.get(k) ?? 0n) - v * t;
      if (next === 0n) target.delete(k);
      else target.set(k, next);
    }
    normalise(target);
  }

  /** The form reduced by every row: empty exactly when the form is in the span. */
  reduce(form: SparseRow): SparseRow {
    const out = new Map(form);
    for (const k of [...out.keys()]) {
      const row = this.rows.get(k);
      if (row && out.has(k)) this.eliminate(out, k, row);
    }
    return out;
  }

  isDetermined(form: SparseRow): boolean {
    return this.reduce(form).size === 0;
  }

  /** Adds an equation; returns false when it was already implied. */
  add(equation: SparseRow): boolean {
    const row = this.reduce(equation);
    if (row.size === 0) return false;
    let pivot = Infinity;
    for (const k of row.keys()) if (k < pivot) pivot = k;
    // Back-substitute so that no other row holds the new pivot (reduced form: one pass of `reduce` always suffices).
    for (const other of [...(this.uses.get(pivot) ?? [])]) {
      const target = this.rows.get(other)!;
      for (const k of target.keys()) this.uses.get(k)?.delete(other);
      this.eliminate(target, pivot, row);
      for (const k of target.keys()) if (k !== other) this.use(k, other);
    }
    this.uses.delete(pivot);
    this.rows.set(pivot, row);
    for (const k of row.keys()) if (k !== pivot) this.use(k, pivot);
    return true;
  }

  private use(variable: number, pivot: number): void {
    let set = this.uses.get(variable);
    if (!set) this.uses.set(variable, (set = new Set()));
    set.add(pivot);
  }
}
