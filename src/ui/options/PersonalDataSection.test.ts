import { act, createElement } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mount, settle, type Mounted } from '../render.testkit';
import { MAX_IMPORT_BYTES } from './model';

vi.mock('../../platform/personal-data', () => ({
  exportPersonalData: vi.fn(),
  rollupsCsv: vi.fn(),
  importPersonalData: vi.fn(),
  deleteEverything: vi.fn(),
}));

const { exportPersonalData, rollupsCsv, importPersonalData, deleteEverything } = await import('../../platform/personal-data');
const { PersonalDataSection } = await import('./PersonalDataSection');


const EXPORT = {
  format: 'leadline-export',
  schemaVersion: 1,
  exportedAt: '2025-03-31T10:00:00.000Z',
  device: 'dev_0123456789abcdef',
  eventsByDevice: {},
  rollups: [],
  settings: { rawRetentionDays: 45 },
};

let mounted: Mounted;
let host: HTMLElement;
const onChanged = vi.fn();
const downloads: Array<{ name: string; href: string; blob: Blob }> = [];
const blobs = new Map<string, Blob>();

const flush = () => settle(5);
async function render() {
  mounted = await mount(createElement(PersonalDataSection, { onChanged }));
  host = mounted.host;
}
const button = (name: RegExp) => {
  const found = [...host.querySelectorAll('button')].filter((b) => name.test(b.textContent ?? ''));
  expect(found, `one button named ${name}`).toHaveLength(1);
  return found[0]!;
};
const queryButton = (name: RegExp) => [...host.querySelectorAll('button')].find((b) => name.test(b.textContent ?? ''));
const region = (prefix: string, role: 'status' | 'alert') => host.querySelector(`#${prefix}-${role}[role="${role}"]`)!;
const fileInput = () => host.querySelector<HTMLInputElement>('input[type="file"]')!;

async function choose(file: File) {
  const input = fileInput();
  Object.defineProperty(input, 'files', { configurable: true, value: [file] });
  await act(async () => input.dispatchEvent(new Event('change', { bubbles: true })));
  await flush();
}
async function click(b: HTMLElement) {
  await act(async () => b.click());
  await flush();
}
async function press(key: string) {
  await act(async () => {
    (document.activeElement ?? document.body).dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
  });
  await flush();
}

beforeEach(() => {
  vi.clearAllMocks();
  downloads.length = 0;
  blobs.clear();
  let n = 0;
  vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
    const url = `blob:test/${++n}`;
    blobs.set(url, blob as Blob);
    return url;
  });
  vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    // Attached while clicked: Firefox ignores clicks on detached anchors.
    expect(this.isConnected).toBe(true);
    downloads.push({ name: this.download, href: this.href, blob: blobs.get(this.getAttribute('href')!)! });
  });
  vi.mocked(exportPersonalData).mockResolvedValue(EXPORT as never);
  vi.mocked(rollupsCsv).mockResolvedValue('device,tool,day,prompts\r\ndev_0123456789abcdef,chatgpt,2025-03-31,4\r\n');
  vi.mocked(deleteEverything).mockResolvedValue({ withdrawn: [], failed: [] });
});
afterEach(async () => {
  await mounted.unmount();
  vi.restoreAllMocks();
});

describe('PersonalDataSection', () => {
  it('is a labelled section with real buttons and a labelled file input', async () => {
    await render();
    const section = host.querySelector('section#personal-data')!;
    expect(document.getElementById(section.getAttribute('aria-labelledby')!)!.textContent).toBe('Your data');
    expect([...section.querySelectorAll('h3')].map((h) => h.textContent)).toEqual(['Export', 'Import', 'Delete']);
    for (const b of host.querySelectorAll('button')) expect(b.getAttribute('type')).toBe('button');
    const input = fileInput();
    expect(input.accept).toBe('.json,application/json');
    expect(host.querySelector(`label[for="${input.id}"]`)!.textContent).toBe('Import a Leadline export');
  });

  it('downloads the JSON export under a dated name, holding exactly the export', async () => {
    await render();
    await click(button(/Export all my data \(JSON\)/));
    expect(exportPersonalData).toHaveBeenCalledTimes(1);
    expect(downloads).toHaveLength(1);
    const [{ name, blob }] = downloads as [(typeof downloads)[0]];
    expect(name).toMatch(/^leadline-export-\d{4}-\d{2}-\d{2}\.json$/);
    const now = vi.mocked(exportPersonalData).mock.calls[0]![0]!;
    const d = new Date(now);
    expect(name).toBe(`leadline-export-${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}.json`);
    expect(blob.type).toBe('application/json');
    expect(JSON.parse(await blob.text())).toEqual(EXPORT);
    expect(region('export', 'status').textContent).toBe(`Download started: ${name}`);
    expect(host.querySelector('a')).toBeNull();
  });

  it('downloads the daily totals as CSV', async () => {
    await render();
    await click(button(/Export daily totals \(CSV\)/));
    expect(rollupsCsv).toHaveBeenCalledTimes(1);
    expect(downloads[0]!.name).toMatch(/^leadline-daily-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(await downloads[0]!.blob.text()).toContain('chatgpt,2025-03-31,4');
  });

  it('says so when the export cannot be made, and downloads nothing', async () => {
    vi.mocked(exportPersonalData).mockRejectedValue(new Error('QuotaExceededError'));
    await render();
    await click(button(/Export all my data/));
    expect(downloads).toHaveLength(0);
    expect(region('export', 'alert').textContent).toContain('The file could not be made');
    expect(region('export', 'alert').querySelector('[lang="en"]')!.textContent).toBe('QuotaExceededError');
    expect(region('export', 'status').textContent).toBe('');
  });

  it('imports a chosen file and says what was added', async () => {
    vi.mocked(importPersonalData).mockResolvedValue({ ok: true, added: { events: 1, rollups: 84, updatedRollups: 0 } });
    await render();
    await choose(new File(['{"format":"leadline-export"}'], 'history.json', { type: 'application/json' }));
    expect(importPersonalData).toHaveBeenCalledWith('{"format":"leadline-export"}');
    expect(region('import', 'status').textContent).toBe('Import finished: 1 event added and 84 daily totals added.');
    expect(region('import', 'alert').textContent).toBe('');
    expect(onChanged).toHaveBeenCalledTimes(1);
  });

  it('says "nothing new" when the file added nothing', async () => {
    vi.mocked(importPersonalData).mockResolvedValue({ ok: true, added: { events: 0, rollups: 0, updatedRollups: 0 } });
    await render();
    await choose(new File(['{}'], 'again.json'));
    expect(region('import', 'status').textContent).toContain('nothing new');
  });

  it.each([
    ['corrupted', 'This file is damaged or is not an export. Nothing changed.'],
    ['foreign', 'This is not a Leadline export. Nothing changed.'],
    ['newer', 'This file was made by a newer version of Leadline. Update Leadline, then import the file again. Nothing changed.'],
    ['failed', 'The data could not be saved. Nothing changed; try again.'],
  ] as const)('shows a %s import as an alert with its reason and the English detail', async (reason, text) => {
    vi.mocked(importPersonalData).mockResolvedValue({ ok: false, reason, message: `detail for ${reason}` });
    await render();
    await choose(new File(['x'], 'bad.json'));
    const alert = region('import', 'alert');
    expect(alert.querySelector('.error')!.textContent).toBe(text);
    expect(alert.querySelector('.detail [lang="en"]')!.textContent).toBe(`detail for ${reason}`);
    expect(region('import', 'status').textContent).toBe('');
    expect(onChanged).not.toHaveBeenCalled();
  });

  it('treats an import that throws as failed, not as silence', async () => {
    vi.mocked(importPersonalData).mockRejectedValue(new Error('DatabaseClosedError'));
    await render();
    await choose(new File(['x'], 'x.json'));
    expect(region('import', 'alert').textContent).toContain('The data could not be saved');
    expect(region('import', 'alert').textContent).toContain('DatabaseClosedError');
  });

  it('refuses a file over 50 MB before reading it', async () => {
    await render();
    const big = new File(['x'], 'huge.json');
    Object.defineProperty(big, 'size', { value: MAX_IMPORT_BYTES + 1 });
    const text = vi.spyOn(big, 'text');
    await choose(big);
    expect(text).not.toHaveBeenCalled();
    expect(importPersonalData).not.toHaveBeenCalled();
    expect(region('import', 'alert').textContent).toContain('larger than 50 MB');
  });

  it('says when the file cannot be read', async () => {
    await render();
    const file = new File(['x'], 'gone.json');
    vi.spyOn(file, 'text').mockRejectedValue(new Error('NotReadableError'));
    await choose(file);
    expect(importPersonalData).not.toHaveBeenCalled();
    expect(region('import', 'alert').textContent).toContain('The file could not be read');
  });

  it('deletes only after the confirmation, and says so', async () => {
    await render();
    const open = button(/Delete all my data/);
    expect(open.getAttribute('aria-expanded')).toBe('false');
    await click(open);
    expect(deleteEverything).not.toHaveBeenCalled();
    const dialog = host.querySelector('[role="alertdialog"]')!;
    expect(open.getAttribute('aria-expanded')).toBe('true');
    expect(open.getAttribute('aria-controls')).toBe(dialog.id);
    expect(document.getElementById(dialog.getAttribute('aria-labelledby')!)!.tagName).toBe('H4');
    const what = document.getElementById(dialog.getAttribute('aria-describedby')!)!.textContent!;
    for (const item of ['every recorded usage event', 'all daily totals', 'your settings on this browser', 'policy is not deleted']) expect(what).toContain(item);
    // The safe choice has focus.
    expect(document.activeElement).toBe(button(/^Cancel$/));

    await click(button(/Delete everything/));
    expect(deleteEverything).toHaveBeenCalledTimes(1);
    expect(host.querySelector('[role="alertdialog"]')).toBeNull();
    expect(region('delete', 'status').textContent).toBe('All your Leadline data on this browser was deleted.');
    expect(document.activeElement).toBe(open);
    expect(onChanged).toHaveBeenCalledTimes(1);
  });

  it('Cancel closes the confirmation, deletes nothing and returns focus', async () => {
    await render();
    const open = button(/Delete all my data/);
    await click(open);
    await click(button(/^Cancel$/));
    expect(host.querySelector('[role="alertdialog"]')).toBeNull();
    expect(queryButton(/Delete everything/)).toBeUndefined();
    expect(deleteEverything).not.toHaveBeenCalled();
    expect(document.activeElement).toBe(open);
    expect(open.getAttribute('aria-expanded')).toBe('false');
  });

  it('Escape cancels from anywhere in the confirmation', async () => {
    await render();
    const open = button(/Delete all my data/);
    await click(open);
    button(/Delete everything/).focus();
    await press('Escape');
    expect(host.querySelector('[role="alertdialog"]')).toBeNull();
    expect(deleteEverything).not.toHaveBeenCalled();
    expect(document.activeElement).toBe(open);
  });

  it('keeps the confirmation open with an alert when deleting fails', async () => {
    vi.mocked(deleteEverything).mockRejectedValue(new Error('blocked by another tab'));
    await render();
    await click(button(/Delete all my data/));
    await click(button(/Delete everything/));
    expect(host.querySelector('[role="alertdialog"]')).not.toBeNull();
    expect(region('delete', 'alert').textContent).toContain('some data may remain');
    expect(region('delete', 'alert').textContent).toContain('blocked by another tab');
    expect(onChanged).not.toHaveBeenCalled();
  });
});
