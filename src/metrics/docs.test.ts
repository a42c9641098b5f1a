import { describe, expect, it } from 'vitest';
import { ROLLUP_COUNTS } from '../contract/rollup';
import { ALL_DEFINITIONS, DIMENSION_DEFINITIONS } from './definitions';
import { metricsMarkdown } from './docs';

// docs/metrics.md on disk is checked against metricsMarkdown() by src/deploy/generate.test.ts.
const md = metricsMarkdown();

describe('metricsMarkdown', () => {
  it('prints every definition in full', () => {
    for (const d of ALL_DEFINITIONS) {
      expect(md).toContain(`### ${d.name}\n`);
      for (const text of [d.description, d.formula, d.why, d.anchor]) expect(md, d.id).toContain(text);
    }
    for (const d of DIMENSION_DEFINITIONS) expect(md, d.id).toContain(d.scoreRule);
  });

  it('has a table of contents whose every link lands on an anchor', () => {
    const links = [...md.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]!);
    const anchors = new Set([...md.matchAll(/<a id="([^"]+)"><\/a>/g)].map((m) => m[1]!));
    expect(links.length).toBeGreaterThan(ALL_DEFINITIONS.length);
    expect(links.filter((l) => !anchors.has(l))).toEqual([]);
    expect(new Set(links).size).toBe(links.length);
  });

  it('compares the levels with the Copilot Dashboard and says what is not a metric', () => {
    expect(md).toContain('## How our levels compare with the Copilot Dashboard\n');
    expect(md).toContain('## What is not a metric\n');
    expect(md).toMatch(/Time on a tab[\s\S]*no figure on this page uses it/);
    for (const count of ROLLUP_COUNTS) expect(md).toContain(`| \`${count}\` |`);
  });

  it('is plain, stable markdown', () => {
    expect(metricsMarkdown()).toBe(md);
    expect(md.endsWith('\n') && !md.endsWith('\n\n')).toBe(true);
    expect(md).not.toMatch(/NaN|\[object|\$\{|: undefined/);
  });
});
