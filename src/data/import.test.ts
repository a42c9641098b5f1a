import { describe, expect, it } from 'vitest';
import { EXPORT_SCHEMA_VERSION } from '../contract/export';
import { emptyRollup } from '../metrics/rollup';
import { buildExport } from './export';
import { bestRollups, importFailed, issuePath, parseExportFile, sameRollup, shouldReplaceRollup } from './import';

const DEVICE = '0123456789abcdef';
const valid = () => buildExport({ now: Date.UTC(2026, 2, 1), device: DEVICE, localEvents: [], imported: [], rollups: [emptyRollup(DEVICE, 'claude', '2026-02-28')], settings: {} });

describe('reading an export file', () => {
  it('accepts a file Leadline wrote', () => {
    const parsed = parseExportFile(JSON.stringify(valid()));
    expect(parsed.ok && parsed.file.rollups).toHaveLength(1);
  });

  it('tells damaged, foreign and newer files apart, in that order', () => {
    expect(parseExportFile('{"format": "leadline-export", ')).toMatchObject({ ok: false, reason: 'corrupted', message: expect.stringMatching(/damaged or is not JSON/) });
    for (const text of ['null', '42', '[]', '{"rows": []}', '{"format": "other", "schemaVersion": 99}']) {
      expect(parseExportFile(text)).toMatchObject({ ok: false, reason: 'foreign', message: expect.stringMatching(/not a Leadline export/) });
    }
    // A newer file is "newer" even though today's schema would reject its shape too.
    expect(parseExportFile(JSON.stringify({ format: 'leadline-export', schemaVersion: EXPORT_SCHEMA_VERSION + 1, whatever: true }))).toEqual({
      ok: false,
      reason: 'newer',
      message: `This file was made by a newer version of Leadline (format ${EXPORT_SCHEMA_VERSION + 1}); update Leadline, then import again.`,
    });
  });

  it('names where a file that fails the schema is damaged', () => {
    const file = valid();
    (file.rollups[0] as { prompts: number }).prompts = -1;
    const result = parseExportFile(JSON.stringify(file));
    expect(result).toMatchObject({ ok: false, reason: 'corrupted' });
    expect(!result.ok && result.message).toContain('rollups[0].prompts');
    const wrongId = valid();
    wrongId.rollups[0]!.id = `${DEVICE}|gemini|2026-02-28`;
    expect(!parseExportFile(JSON.stringify(wrongId)).ok).toBe(true);
  });

  it('never shows a raw regular expression in the detail of a damaged row', () => {
    const file = valid();
    (file.rollups[0] as { id: string }).id = 'not-an-id';
    const result = parseExportFile(JSON.stringify(file));
    expect(result).toMatchObject({ ok: false, reason: 'corrupted' });
    const message = !result.ok ? result.message : '';
    expect(message).toContain('rollups[0].id (not in the expected form)');
    expect(message).not.toMatch(/pattern|\^|\$\/|\\d/);
  });

  it('writes issue paths as a reader would', () => {
    expect(issuePath([])).toBe('the top level');
    expect(issuePath(['eventsByDevice', DEVICE, 3, 'kind'])).toBe(`eventsByDevice.${DEVICE}[3].kind`);
  });

  it('reports a storage failure as "failed", with the cause', () => {
    expect(importFailed(new Error('QuotaExceededError'))).toMatchObject({ ok: false, reason: 'failed', message: expect.stringContaining('QuotaExceededError') });
  });
});

describe('merging rollups', () => {
  const row = (events: number) => ({ ...emptyRollup(DEVICE, 'claude', '2026-02-28'), events });

  it('adds a missing row, replaces one only with more events, and keeps it on a tie', () => {
    expect(shouldReplaceRollup(undefined, row(1))).toBe(true);
    expect(shouldReplaceRollup(row(2), row(3))).toBe(true);
    expect(shouldReplaceRollup(row(3), row(3))).toBe(false);
    expect(shouldReplaceRollup(row(3), row(2))).toBe(false);
  });

  it('keeps the largest of duplicate rows in one file', () => {
    expect(bestRollups([row(2), row(5), row(4)])).toEqual([row(5)]);
  });

  it('compares rows field by field, absent features as 0', () => {
    expect(sameRollup({ ...row(1), features: {} }, { ...row(1), features: { canvas: 0 } })).toBe(true);
    expect(sameRollup(row(1), { ...row(1), copies: 1 })).toBe(false);
    expect(sameRollup(row(1), { ...row(1), features: { canvas: 1 } })).toBe(false);
  });
});
