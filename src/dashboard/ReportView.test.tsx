import { createElement } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mount, type Mounted } from '../ui/render.testkit';
import type { TeamReport } from '../contract/report';
import { bigOrg, fullySuppressed, partlySuppressed } from './fixtures.testkit';
import { MESSAGES } from './messages';
import type { ChildSort } from './model';
import { DEFINITIONS_HREF, ReportView } from './ReportView';

let mounted: Mounted | undefined;
afterEach(async () => {
  await mounted?.unmount();
  mounted = undefined;
});

async function show(report: TeamReport, opts: { locale?: 'en' | 'ka'; sort?: ChildSort; onChildSort?: (s: ChildSort) => void; onOpenTeam?: (t: string) => void } = {}) {
  const locale = opts.locale ?? 'en';
  mounted = await mount(
    createElement(ReportView, {
      fmt: { locale, m: MESSAGES[locale], k: report.k },
      report,
      childSort: opts.sort ?? { key: 'team', dir: 'asc' },
      onChildSort: opts.onChildSort ?? (() => {}),
      onOpenTeam: opts.onOpenTeam ?? (() => {}),
    }),
  );
  return mounted.host;
}
const text = (host: HTMLElement, sel: string) => host.querySelector(sel)?.textContent?.trim();
const cell = (host: HTMLElement, table: string, row: string, col: string) => text(host, `[data-testid="table-${table}"] tr[data-row="${row}"] td[data-col="${col}"]`);

describe('a partly suppressed team', () => {
  it('headline: members, Habitual or Power, maturity with its meaning, change since last week', async () => {
    const host = await show(partlySuppressed());
    expect(text(host, '[data-testid="headline-members"]')).toBe('20');
    expect(text(host, '[data-testid="headline-share"]')).toBe('50%');
    expect(text(host, '[data-testid="headline-maturity"]')).toBe('Ramping');
    expect(host.querySelector('[data-testid="headline"]')!.textContent).toContain(MESSAGES.en.maturityMeanings.ramping);
    expect(text(host, '[data-testid="headline-change-members"]')).toBe('0 members');
    expect(text(host, '[data-testid="headline-change-share"]')).toBe('+5 pp Habitual or Power');
  });
  it('every hidden cell explains itself with the report’s k, and a withheld one is explained under its table', async () => {
    const host = await show(partlySuppressed());
    expect(cell(host, 'levels', 'power', 'members')).toBe('4');
    expect(cell(host, 'levels', 'low', 'share')).toBe('fewer than 5 members reported');
    expect(cell(host, 'headline', 'change_share_low', 'value')).toBe('withheld');
    const headlineTable = host.querySelector('[data-testid="table-headline"]')!.parentElement!;
    expect(headlineTable.textContent).toContain(MESSAGES.en.withheldMeaning);
    expect(host.querySelector('[data-testid="table-levels"]')!.parentElement!.textContent).not.toContain(MESSAGES.en.withheldMeaning);
  });
  it('charts are SVG images with text, and the hidden levels are named under the bar', async () => {
    const host = await show(partlySuppressed());
    const bar = host.querySelector('[data-testid="level-bar"]')!;
    expect(bar.tagName.toLowerCase()).toBe('svg');
    expect(bar.getAttribute('role')).toBe('img');
    expect(bar.getAttribute('aria-label')).toBe('Stacked bar of usage levels: Power 20%, Habitual 30%, Novice 25%.');
    expect(bar.parentElement!.textContent).toContain('Not drawn: Low and Non-user (fewer than 5 members reported, or withheld).');
    expect(host.querySelector('[data-testid="trend-chart"] path')).not.toBeNull();
    expect(host.querySelectorAll('[data-testid="depth-chart"] rect').length).toBeGreaterThan(7);
  });
  it('the child below k says so across its row and that its members count in the total; the other row is last', async () => {
    const host = await show(partlySuppressed());
    const rows = [...host.querySelectorAll('[data-testid="table-children"] tbody tr')].map((r) => r.getAttribute('data-row'));
    expect(rows).toEqual(['acme/sales/apac', 'acme/sales/emea', 'other']);
    expect(text(host, '[data-testid="table-children"] tr[data-row="acme/sales/apac"] td')).toBe(MESSAGES.en.childBelowK(5));
    expect(cell(host, 'children', 'other', 'members')).toBe('8');
    expect(text(host, '[data-testid="table-children"] tr[data-row="other"] th')).toContain('Suppressed / other');
  });
  it('sorting: a column heading asks for its order, and says which is in force', async () => {
    const onChildSort = vi.fn();
    const host = await show(partlySuppressed(), { onChildSort, sort: { key: 'members', dir: 'desc' } });
    const heads = [...host.querySelectorAll('[data-testid="table-children"] thead th')];
    expect(heads[1]!.getAttribute('aria-sort')).toBe('descending');
    (heads[1]!.querySelector('button') as HTMLButtonElement).click();
    expect(onChildSort).toHaveBeenLastCalledWith({ key: 'members', dir: 'asc' });
    (heads[2]!.querySelector('button') as HTMLButtonElement).click();
    expect(onChildSort).toHaveBeenLastCalledWith({ key: 'habitual_or_power_share', dir: 'desc' });
  });
  it('a child team opens by its button', async () => {
    const onOpenTeam = vi.fn();
    const host = await show(partlySuppressed(), { onOpenTeam });
    (host.querySelector('[data-testid="table-children"] tr[data-row="acme/sales/emea"] button') as HTMLButtonElement).click();
    expect(onOpenTeam).toHaveBeenCalledWith('acme/sales/emea');
  });
  it('shows the team, the weeks, k and links the metric definitions', async () => {
    const host = await show(partlySuppressed());
    expect(text(host, 'h1')).toBe('Team acme/sales');
    expect(host.querySelector('.meta')!.textContent).toContain('Week 2026-W47');
    expect(text(host, '[data-testid="k-line"]')).toBe(MESSAGES.en.kLine(5));
    expect(host.querySelector(`a[href="${DEFINITIONS_HREF}"]`)).not.toBeNull();
  });
  it('in Georgian', async () => {
    const host = await show(partlySuppressed(), { locale: 'ka' });
    expect(text(host, '[data-testid="headline-maturity"]')).toBe(MESSAGES.ka.maturityNames.ramping);
    expect(cell(host, 'levels', 'low', 'share')).toBe(MESSAGES.ka.belowK(5));
  });
});

describe('a fully suppressed team', () => {
  it('says it is below k and that its members still count in the parent; no number is shown', async () => {
    const host = await show(fullySuppressed());
    expect(text(host, '[data-testid="team-status"]')).toBe(
      'acme/tiny had fewer than 5 members reporting this week, so none of its figures are shown. Its members still count in acme.',
    );
    expect(text(host, '[data-testid="headline-members"]')).toBe('fewer than 5 members reported');
    const figures = [...host.querySelectorAll('td')].map((td) => td.textContent ?? '');
    expect(figures.length).toBeGreaterThan(40);
    expect(figures.filter((f) => /\d/.test(f.replace('fewer than 5 members reported', '')))).toEqual([]);
    expect(host.querySelector('[data-testid="level-bar"] rect[fill^="var(--level"]')).toBeNull();
  });
});

describe('a big organisation', () => {
  it('52 weeks and 40 teams, with k = 10 in every explanation', async () => {
    const host = await show(bigOrg());
    expect(host.querySelectorAll('[data-testid="table-trend"] tbody tr')).toHaveLength(52);
    expect(host.querySelectorAll('[data-testid="table-children"] tbody tr')).toHaveLength(41);
    expect(text(host, '[data-testid="headline-members"]')).toBe('10,000');
    expect(text(host, '[data-testid="table-children"] tr[data-row="acme/unit-07"] td')).toBe(MESSAGES.en.childBelowK(10));
    expect(text(host, '[data-testid="table-children"] tr[data-row="acme/unit-08"] td')).toBe(MESSAGES.en.childWithheld);
  });
});
