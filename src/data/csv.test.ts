import { describe, expect, it } from 'vitest';
import { FEATURES } from '../contract/events';
import { ROLLUP_COUNTS } from '../contract/rollup';
import { emptyRollup } from '../metrics/rollup';
import { csvField, rollupsToCsv } from './csv';

describe('rollups as CSV', () => {
  it('writes the header, then one row per rollup by day, tool and device, with CRLF line ends', () => {
    const a = { ...emptyRollup('ffffffffffffffff', 'claude', '2026-03-02'), events: 5, prompts: 3, engagedSeconds: 120, features: { web_search: 2 } };
    const b = emptyRollup('0000000000000000', 'claude', '2026-03-02');
    const c = emptyRollup('0000000000000000', 'chatgpt', '2026-03-03');
    const csv = rollupsToCsv([c, a, b]);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(['device', 'tool', 'day', ...ROLLUP_COUNTS, ...FEATURES].join(','));
    expect(lines[0]!.startsWith('device,tool,day,events,prompts,')).toBe(true);
    expect(lines.slice(1, 4).map((l) => l.split(',').slice(0, 3).join(' '))).toEqual([
      '0000000000000000 claude 2026-03-02',
      'ffffffffffffffff claude 2026-03-02',
      '0000000000000000 chatgpt 2026-03-03',
    ]);
    const row = Object.fromEntries(lines[0]!.split(',').map((k, i) => [k, lines[2]!.split(',')[i]]));
    expect(row).toMatchObject({ events: '5', prompts: '3', engagedSeconds: '120', web_search: '2', canvas: '0' });
    expect(lines[4]).toBe(''); // the file ends with a line break
  });

  it('quotes a field only when RFC 4180 needs it', () => {
    expect(csvField('abc')).toBe('abc');
    expect(csvField(12)).toBe('12');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(' padded')).toBe('" padded"');
  });
});
