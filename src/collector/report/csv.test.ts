import { describe, expect, it } from 'vitest';
import type { Figure, TeamReport } from '../../contract/report';
import { buildReport } from './build';
import { CSV_COLUMNS, csvField, defuseFormula, reportToCsv } from './csv';
import { input, many, type Member } from './fixtures.testkit';

const W1 = '2026-W45';
const W2 = '2026-W46';
const members: Member[] = [
  ...many(6, { team: 'acme/eng', week: W1, level: 'power', activeDays: 5, tools: ['chatgpt'] }),
  ...many(3, { team: 'acme/ops', week: W1, level: 'novice', activeDays: 2 }),
  ...many(6, { team: 'acme/eng', week: W2, level: 'power', activeDays: 5, tools: ['chatgpt'] }),
  ...many(5, { team: 'acme/ops', week: W2, level: 'low', activeDays: 2 }),
];
const report = buildReport(input(members, { team: 'acme', weeks: [W1, W2] }));

/** A minimal RFC 4180 reader, to read the output back. */
function parse(csv: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const c = csv[i]!;
    if (quoted) {
      if (c === '"' && csv[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\r' && csv[i + 1] === '\n') row.push(field), rows.push(row), (row = []), (field = ''), i++;
    else field += c;
  }
  return rows;
}

describe('reportToCsv', () => {
  const rows = parse(reportToCsv(report));
  const [header, ...body] = rows;
  const find = (week: string, section: string, key: string, measure: string, team = 'acme') =>
    body.filter((r) => r[0] === week && r[2] === team && r[3] === section && r[4] === key && r[5] === measure);

  it('is one tidy table with a fixed header and CRLF line ends', () => {
    expect(header).toEqual([...CSV_COLUMNS]);
    expect(body.every((r) => r.length === CSV_COLUMNS.length)).toBe(true);
    expect(reportToCsv(report).endsWith('\r\n')).toBe(true);
  });

  it('holds the same figures as the JSON, suppressed ones with their reason and no value', () => {
    const wk = report.weeks[0]!;
    expect(find(W1, 'headline', '', 'members')).toEqual([[W1, 'closed', 'acme', 'headline', '', 'members', String(wk.headline.members.value), '']]);
    for (const l of wk.levels) {
      const [r] = find(W1, 'level', l.level, 'count');
      expect(r![6]).toBe(l.count.value === null ? '' : String(l.count.value));
      expect(r![7]).toBe(l.count.value === null ? l.count.suppressed : '');
    }
    const ops = find(W1, 'child', '', 'status', 'acme/ops');
    expect(ops).toEqual([[W1, 'closed', 'acme/ops', 'child', '', 'status', 'below_k', '']]);
    expect(find(W1, 'child', '', 'members', 'acme/ops')[0]!.slice(6)).toEqual(['', 'below_k']);
    const shown = (f: Figure) => [f.value === null ? '' : String(f.value), f.value === null ? f.suppressed : ''];
    expect(find(W1, 'tool', 'chatgpt', 'members')[0]!.slice(6)).toEqual(shown(wk.tools[0]!.members));
    expect(find(W2, 'change', '', 'members')[0]!.slice(6)).toEqual(shown(report.weeks[1]!.change!.members));
    expect(find(W2, 'headline', '', 'members')[0]!.slice(6)).toEqual(['11', '']);
    expect(find('', 'report', '', 'k')[0]![6]).toBe('5');
    // Count the figures: every Figure of the JSON is one row.
    const figures = JSON.stringify(report).match(/"value":/g)!.length;
    expect(body.filter((r) => r[3] !== 'report' && r[5] !== 'status' && r[5] !== 'maturity').length).toBe(figures);
  });

  it('defuses cells that a spreadsheet would run as a formula, and quotes per RFC 4180', () => {
    for (const evil of ['=1+1', '+cmd', '-2+3', '@SUM(A1)', '\tx', '\rx']) expect(defuseFormula(evil)).toBe(`'${evil}`);
    expect(defuseFormula('acme/eng')).toBe('acme/eng');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    // Through the whole writer, with names the contract would refuse but a bug upstream might let by.
    const hostile = structuredClone(report) as TeamReport;
    hostile.weeks[0]!.tools[0]!.tool = '=HYPERLINK("http://x","y")';
    hostile.weeks[0]!.children[0]!.team = '@evil,team';
    const csv = reportToCsv(hostile);
    const back = parse(csv);
    expect(back.some((r) => r[4] === `'=HYPERLINK("http://x","y")`)).toBe(true);
    expect(back.some((r) => r[2] === `'@evil,team`)).toBe(true);
    expect(back.every((r) => r.every((c) => !/^[=+@\t\r]/.test(c)))).toBe(true);
    // Negative changes stay numbers: they come from the builder, never from input.
    expect(back.some((r) => /^-\d/.test(r[6]!))).toBe(report.weeks.some((w) => JSON.stringify(w.change).includes('-')));
  });
});
