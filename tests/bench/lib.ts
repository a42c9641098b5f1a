/**
 * What every benchmark part shares: the figure record (an absolute value, the
 * baseline taken in the same run, their ratio, the target and whether it is
 * met), medians and percentiles, and a Chromium launch that records the
 * browser's version for docs/performance.md.
 */
import { execFileSync } from 'node:child_process';

export const PART_IDS = ['page', 'storage', 'popup', 'collector', 'dashboard'] as const;
export type PartId = (typeof PART_IDS)[number];

export interface Target {
  /** Which number the target judges: the absolute value, or the ratio to the baseline. */
  on: 'value' | 'ratio';
  op: '<=' | '<' | '>=' | '>' | '==';
  limit: number;
}

export interface Figure {
  id: string;
  label: string;
  value: number;
  unit: string;
  /** The same measure without Leadline's work in the way, taken in this run. */
  baseline?: { label: string; value: number };
  /** value ÷ baseline (null when the baseline is 0). */
  ratio?: number | null;
  target?: Target;
  /** Whether the target is met; undefined when the figure has no target. */
  met?: boolean;
  note?: string;
}

export interface PartResult {
  part: PartId;
  title: string;
  /** The command that reproduces this part's figures. */
  reproduce: string;
  /** How the figures were taken, in a few sentences (for the doc). */
  method: string[];
  config: Record<string, unknown>;
  figures: Figure[];
  /** Causes of missed targets, caveats. */
  findings: string[];
  startedAt: string;
  durationSeconds: number;
  smoke: boolean;
}

export interface PartContext {
  smoke: boolean;
  /** Writes a line to the console, prefixed with the part. */
  log(line: string): void;
}

export type Part = (ctx: PartContext) => Promise<Omit<PartResult, 'part' | 'startedAt' | 'durationSeconds' | 'smoke' | 'reproduce'>>;

export function judge(value: number, t: Target): boolean {
  switch (t.op) {
    case '<=':
      return value <= t.limit;
    case '<':
      return value < t.limit;
    case '>=':
      return value >= t.limit;
    case '>':
      return value > t.limit;
    case '==':
      return value === t.limit;
  }
}

/** A figure with its ratio and target verdict filled in. */
export function figure(f: Omit<Figure, 'ratio' | 'met'>): Figure {
  const out: Figure = { ...f };
  if (f.baseline) out.ratio = f.baseline.value === 0 ? (f.value === 0 ? 1 : null) : f.value / f.baseline.value;
  if (f.target) {
    const judged = f.target.on === 'ratio' ? out.ratio : f.value;
    out.met = judged !== null && judged !== undefined && Number.isFinite(judged) && judge(judged, f.target);
  }
  return out;
}

export function median(xs: readonly number[]): number {
  return percentile(xs, 50);
}

/** Nearest-rank percentile; NaN for no values. */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return NaN;
  const a = [...xs].sort((x, y) => x - y);
  const rank = Math.ceil((p / 100) * a.length);
  return a[Math.min(a.length - 1, Math.max(0, rank - 1))]!;
}

export function sum(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}

export function envInt(name: string, dflt: number): number {
  const raw = process.env[name];
  const v = Number(raw);
  return raw !== undefined && raw !== '' && Number.isFinite(v) && v >= 0 ? Math.floor(v) : dflt;
}

export function chromiumVersion(): string {
  try {
    return execFileSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', ['--version'], { encoding: 'utf8' }).trim().split('\n')[0]!;
  } catch {
    return 'unknown';
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Least-squares slope of log(y) on log(x): y ∝ x^k. */
export function fittedExponent(points: readonly { x: number; y: number }[]): number {
  const pts = points.filter((p) => p.x > 0 && p.y > 0);
  if (pts.length < 2) return NaN;
  const lx = pts.map((p) => Math.log(p.x));
  const ly = pts.map((p) => Math.log(p.y));
  const mx = sum(lx) / lx.length;
  const my = sum(ly) / ly.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < lx.length; i++) {
    num += (lx[i]! - mx) * (ly[i]! - my);
    den += (lx[i]! - mx) ** 2;
  }
  return den === 0 ? NaN : num / den;
}
