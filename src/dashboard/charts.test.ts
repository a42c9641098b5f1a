import { describe, expect, it } from 'vitest';
import { endLabels } from './charts';

describe('line-end labels', () => {
  const weeks = ['a', 'b', 'c'];
  const x = (w: string) => weeks.indexOf(w) * 100;
  const y = (v: number) => 200 - v * 200;
  it('sit at the last published point of each line', () => {
    const l = endLabels([{ level: 'power', label: 'Power', points: [0.1, 0.2, null] }], weeks, x, y);
    expect(l).toEqual([{ level: 'power', label: 'Power', x: 100, y: 160 }]);
  });
  it('are pushed apart when lines end close together, never on top of each other', () => {
    const l = endLabels(
      [
        { level: 'power', label: 'Power', points: [0.3, 0.3, 0.3] },
        { level: 'habitual', label: 'Habitual', points: [0.3, 0.3, 0.3] },
        { level: 'novice', label: 'Novice', points: [0.31, 0.31, 0.31] },
      ],
      weeks,
      x,
      y,
    );
    const ys = l.map((p) => p.y);
    for (let i = 1; i < ys.length; i++) expect(ys[i]! - ys[i - 1]!).toBeGreaterThanOrEqual(13);
  });
  it('a line with no published point has no label', () => {
    expect(endLabels([{ level: 'low', label: 'Low', points: [null, null, null] }], weeks, x, y)).toEqual([]);
  });
});
