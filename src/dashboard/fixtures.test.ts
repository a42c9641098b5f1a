import { describe, expect, it } from 'vitest';
import { TeamReport, TeamTree } from '../contract/report';
import { ACME_TREE, bigOrg, emptyReport, fullySuppressed, partlySuppressed } from './fixtures.testkit';

// The fixtures are only worth testing against if they are reports the collector could send.
describe('report fixtures', () => {
  it.each([
    ['fully suppressed', fullySuppressed],
    ['partly suppressed', partlySuppressed],
    ['empty', emptyReport],
    ['big organisation', bigOrg],
  ])('%s matches the TeamReport contract', (_, make) => {
    const r = TeamReport.safeParse(make());
    expect(r.error?.issues ?? []).toEqual([]);
  });
  it('the tree matches the TeamTree contract', () => expect(TeamTree.safeParse(ACME_TREE).success).toBe(true));
});
