import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MATURITY_BANDS } from '../../metrics/definitions';
import { PRIVACY_RULES, TEAM_METRIC_DEFINITIONS } from './definitions';
import { TEAM_METRICS_DOC, teamMetricsMarkdown } from './docs';

const md = teamMetricsMarkdown();

describe('docs/team-metrics.md', () => {
  it('is in step with the definitions (run `npm run docs:generate` after changing them)', () => {
    expect(readFileSync(path.resolve(import.meta.dirname, '../../..', TEAM_METRICS_DOC), 'utf8')).toBe(md);
  });

  it('prints every definition, every maturity band and every privacy rule', () => {
    for (const d of TEAM_METRIC_DEFINITIONS) for (const text of [d.name, d.formula, d.privacy, d.field]) expect(md, d.id).toContain(text);
    for (const b of MATURITY_BANDS) expect(md).toContain(`| ${b.name} | ${Math.round(b.minShare * 100)} % |`);
    for (const r of PRIVACY_RULES) expect(md).toContain(r);
  });

  it('links only to anchors it has, and is plain, stable markdown', () => {
    const links = [...md.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]!);
    const anchors = new Set([...md.matchAll(/<a id="([^"]+)"><\/a>/g)].map((m) => m[1]!));
    expect(links.length).toBe(TEAM_METRIC_DEFINITIONS.length + 2);
    expect(links.filter((l) => !anchors.has(l))).toEqual([]);
    expect(new Set(TEAM_METRIC_DEFINITIONS.map((d) => d.id)).size).toBe(TEAM_METRIC_DEFINITIONS.length);
    expect(md.endsWith('\n') && !md.endsWith('\n\n')).toBe(true);
    expect(md).not.toMatch(/NaN|\[object|\$\{|undefined/);
  });
});
