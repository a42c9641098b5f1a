/**
 * Exact linear algebra over the rationals for the disclosure audit: is a
 * linear form over the unknown cells fixed by what is known? Rows are sparse
 * (variable index → integer coefficient) and kept in reduced row echelon
 * form with integer coefficients (fraction-free elimination, each row divided
 * by the gcd of its coefficients after every step), so no rounding can ever
 * hide or invent a dependency.
 *
 * Two number types share one implementation: `Span` uses JavaScript numbers
 * and throws `CoefficientOverflow` the moment a coefficient would leave the
 * safe-integer range (the relations of a report are ±1 and stay tiny, so this
 * is the fast path); `BigSpan` uses BigInt and cannot overflow.
 */
export type SparseRow<N = number> = Map<number, N>;

export class CoefficientOverflow extends Error {}

interface Ring<N> {
  zero: N;
  one: N;
  from(x: number | bigint): N;
  mul(a: N, b: N): N;
  sub(a: N, b: N): N;
  div(a: N, b: N): N;
  gcd(a: N, b: N): N;
  isZero(a: N): boolean;
  isUnit(a: N): boolean;
}

const numberRing: Ring<number> = {
  zero: 0,
  one: 1,
  from: (x) => Number(x),
  mul: (a, b) => {
    const r = a * b;
    if (!Number.isSafeInteger(r)) throw new CoefficientOverflow('coefficient beyond 2^53');
    return r;
  },
  sub: (a, b) => {
    const r = a - b;
    if (!Number.isSafeInteger(r)) throw new CoefficientOverflow('coefficient beyond 2^53');
    return r;
  },
  div: (a, b) => a / b,
  gcd: (a, b) => {
    a = Math.abs(a);
    b = Math.abs(b);
    while (b) [a, b] = [b, a % b];
    return a;
  },
  isZero: (a) => a === 0,
  isUnit: (a) => a === 1,
};

const bigRing: Ring<bigint> = {
  zero: 0n,
  one: 1n,
  from: (x) => BigInt(x),
  mul: (a, b) => a * b,
  sub: (a, b) => a - b,
  div: (a, b) => a / b,
  gcd: (a, b) => {
    a = a < 0n ? -a : a;
    b = b < 0n ? -b : b;
    while (b) [a, b] = [b, a % b];
    return a;
  },
  isZero: (a) => a === 0n,
  isUnit: (a) => a === 1n,
};

/** Builds a row from (variable, coefficient) pairs, adding repeated variables and dropping zeros. */
export function sparseRow(terms: Iterable<readonly [number, number]>): SparseRow {
  const row: SparseRow = new Map();
  for (const [k, c] of terms) {
    const v = (row.get(k) ?? 0) + c;
    if (v === 0) row.delete(k);
    else row.set(k, v);
  }
  return row;
}

/**
 * The span of a growing set of homogeneous equations (each row = 0). `add`
 * keeps the rows in reduced echelon form; `isDetermined` says whether a form
 * is a linear combination of the rows, i.e. takes one value on every solution.
 */
class GenericSpan<N> {
  /** pivot variable → its row (no other row holds the pivot). */
  private readonly rows = new Map<number, Map<number, N>>();
  /** variable → pivots of the rows where it appears as a non-pivot entry. */
  private readonly uses = new Map<number, Set<number>>();

  constructor(private readonly ring: Ring<N>) {}

  get rank(): number {
    return this.rows.size;
  }

  private normalise(row: Map<number, N>): void {
    const r = this.ring;
    let g = r.zero;
    for (const v of row.values()) {
      g = r.gcd(g, v);
      if (r.isUnit(g)) return;
    }
    if (!r.isZero(g)) for (const [k, v] of row) row.set(k, r.div(v, g));
  }

  /** `a·target − target[p]·row`, eliminating pivot p from target (in place). */
  private eliminate(target: Map<number, N>, p: number, row: Map<number, N>): void {
    const r = this.ring;
    const t = target.get(p);
    if (t === undefined) return;
    const a = row.get(p)!;
    if (!r.isUnit(a)) for (const [k, v] of target) target.set(k, r.mul(v, a));
    for (const [k, v] of row) {
      const next = r.sub(target.get(k) ?? r.zero, r.mul(v, t));
      if (r.isZero(next)) target.delete(k);
      else target.set(k, next);
    }
    this.normalise(target);
  }

  private convert(form: SparseRow<number> | SparseRow<bigint>): Map<number, N> {
    const out = new Map<number, N>();
    for (const [k, v] of form as Map<number, number | bigint>) out.set(k, this.ring.from(v));
    return out;
  }

  /** The form reduced by every row: empty exactly when the form is in the span. */
  reduce(form: SparseRow<number> | SparseRow<bigint>): Map<number, N> {
    const out = this.convert(form);
    for (const k of [...out.keys()]) {
      const row = this.rows.get(k);
      if (row && out.has(k)) this.eliminate(out, k, row);
    }
    return out;
  }

  isDetermined(form: SparseRow<number> | SparseRow<bigint>): boolean {
    return this.reduce(form).size === 0;
  }

  /** Adds an equation; returns false when it was already implied. */
  add(equation: SparseRow<number> | SparseRow<bigint>): boolean {
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

/** Over JavaScript numbers; throws CoefficientOverflow rather than lose exactness. */
export class Span extends GenericSpan<number> {
  constructor() {
    super(numberRing);
  }
}

/** Over BigInt: slower, never overflows. */
export class BigSpan extends GenericSpan<bigint> {
  constructor() {
    super(bigRing);
  }
}
