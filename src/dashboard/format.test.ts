import { describe, expect, it } from 'vitest';
import { formatFigure, formatShare, formatShareChange, formatWait, formatWeekRange, leafOf, parentOf, toolName } from './format';
import { MESSAGES } from './messages';

const en = { locale: 'en' as const, m: MESSAGES.en, k: 7 };
const ka = { locale: 'ka' as const, m: MESSAGES.ka, k: 7 };

describe('figures', () => {
  it('a published figure shows its number in the reader’s language', () => {
    expect(formatFigure(en, { value: 12345 }, 'count')).toBe('12,345');
    expect(formatFigure(ka, { value: 12345 }, 'count')).toMatch(/^12.345$/);
    expect(formatFigure(en, { value: 0.4567 }, 'share')).toBe('46%');
  });
  it('a figure below k names the real k, never a number', () => {
    expect(formatFigure(en, { value: null, suppressed: 'below_k' }, 'count')).toBe('fewer than 7 members reported');
    expect(formatFigure(ka, { value: null, suppressed: 'below_k' }, 'share')).toContain('7');
  });
  it('a withheld figure says so', () => {
    expect(formatFigure(en, { value: null, suppressed: 'withheld' }, 'share')).toBe('withheld');
  });
  it('a tiny share is not rounded to 0 %', () => {
    expect(formatShare('en', 0.004)).toBe('0.4%');
    expect(formatShare('en', 0)).toBe('0%');
  });
  it('changes of share are signed percentage points', () => {
    expect(formatShareChange('en', 0.05)).toBe('+5 pp');
    expect(formatShareChange('en', -0.123)).toBe('-12.3 pp');
    expect(formatShareChange('en', 0)).toBe('0 pp');
  });
});

describe('dates and names', () => {
  it('an ISO week reads as its Monday to Sunday', () => {
    expect(formatWeekRange('en', '2026-W47').replace(/\s/g, ' ')).toBe('Nov 16 – 22, 2026');
  });
  it('a wait reads in words', () => {
    expect(formatWait('en', 30)).toBe('30 seconds');
    expect(formatWait('en', 300)).toBe('5 minutes');
  });
  it('team paths split into parent and leaf', () => {
    expect(parentOf('acme/sales/emea')).toBe('acme/sales');
    expect(parentOf('acme')).toBeNull();
    expect(leafOf('acme/sales/emea')).toBe('emea');
  });
  it('known tools by product name, others by id', () => {
    expect(toolName('chatgpt')).toBe('ChatGPT');
    expect(toolName('intranet-llm')).toBe('intranet-llm');
  });
});
