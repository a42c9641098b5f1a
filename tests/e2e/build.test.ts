/** Properties of the production builds that no unit test can see. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CHROME_EXTENSION_ID, GECKO_ID } from '../../src/contract/identity';
import { allToolHostPatterns } from '../../src/tools/registry';
import { CHROME_BUILD, FIREFOX_BUILD } from '../support/extension';

const manifest = (dir: string) => JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));

describe('production builds', () => {
  it('keeps the content script, which runs on every AI page, within 15 KB gzipped and free of heavy libraries', () => {
    for (const dir of [CHROME_BUILD, FIREFOX_BUILD]) {
      const js = readFileSync(path.join(dir, 'content-scripts/content.js'));
      expect(gzipSync(js, { level: 9 }).length).toBeLessThanOrEqual(15 * 1024);
      const text = js.toString();
      expect(text).not.toMatch(/react-dom|__SECRET_INTERNALS|ZodError|Dexie/);
    }
  });

  it("keeps zod and the charts out of the popup's first paint: only what the first screen draws is loaded before it", () => {
    for (const dir of [CHROME_BUILD, FIREFOX_BUILD]) {
      const html = readFileSync(path.join(dir, 'popup.html'), 'utf8');
      const scripts = [...html.matchAll(/(?:src|href)="\/(chunks\/[^"]+\.js)"/g)].map((m) => m[1]!);
      expect(scripts.length).toBeGreaterThan(0);
      // Every chunk the page loads before the summary, followed through static imports.
      const seen = new Set<string>();
      const visit = (file: string) => {
        if (seen.has(file)) return;
        seen.add(file);
        const code = readFileSync(path.join(dir, file), 'utf8');
        for (const m of code.matchAll(/(?:^|[;}\s])import\s*(?:[\w*{}\s,$]+from\s*)?["']\.\/([^"']+\.js)["']/g)) visit(`chunks/${m[1]}`);
      };
      scripts.forEach(visit);
      const firstPaint = [...seen].map((f) => readFileSync(path.join(dir, f), 'utf8')).join('\n');
      expect(firstPaint).toContain('leadline:summary-rendered');
      expect(firstPaint, [...seen].join(', ')).not.toMatch(/ZodError|\$ZodType|invalid_format/);
      expect(firstPaint).not.toMatch(/chart\.js|scaleBand|trend-bar/);
    }
  });

  it('asks only for the approved AI hosts, and injects nowhere else', () => {
    for (const dir of [CHROME_BUILD, FIREFOX_BUILD]) {
      const m = manifest(dir);
      expect(m.manifest_version).toBe(3);
      expect([...m.host_permissions].sort()).toEqual(allToolHostPatterns().sort());
      expect(m.content_scripts).toHaveLength(1);
      expect([...m.content_scripts[0].matches].sort()).toEqual(allToolHostPatterns().sort());
      expect(m.permissions.sort()).toEqual(['alarms', 'scripting', 'storage', 'unlimitedStorage']);
      // Nothing in private windows.
      expect(m.incognito).toBe('not_allowed');
      expect(JSON.stringify(m)).not.toContain('<all_urls>');
    }
  });

  it('pins the Chrome id with a key, and declares the Firefox id and data collection', () => {
    const chrome = manifest(CHROME_BUILD);
    expect(chrome.key).toBeTruthy();
    expect(CHROME_EXTENSION_ID).toMatch(/^[a-p]{32}$/);
    const firefox = manifest(FIREFOX_BUILD);
    expect(firefox.key).toBeUndefined();
    expect(firefox.browser_specific_settings.gecko.id).toBe(GECKO_ID);
    expect(firefox.browser_specific_settings.gecko.data_collection_permissions.required).toEqual(['none']);
  });

  it('gains no host permission for the collector with sync: it is reached through CORS, and Firefox only asks for websiteActivity, optionally', () => {
    for (const dir of [CHROME_BUILD, FIREFOX_BUILD]) {
      const m = manifest(dir);
      // Every host the extension may touch is an AI tool's (fixed) or, for tools IT adds, an optional https host.
      const hosts = [...(m.host_permissions ?? []), ...(m.optional_host_permissions ?? []), ...(m.permissions ?? [])];
      expect(hosts.filter((h: string) => h.includes('://') && !allToolHostPatterns().includes(h))).toEqual(['https://*/*']);
      expect(m.optional_host_permissions).toEqual(['https://*/*']);
      expect(JSON.stringify(m)).not.toMatch(/localhost|127\.0\.0\.1|http:\/\/|collector/i);
      expect(m.permissions).not.toContain('webRequest');
    }
    const gecko = manifest(FIREFOX_BUILD).browser_specific_settings.gecko;
    // Turning sync on changes nothing here: consent is asked at runtime, for the optional category.
    expect(gecko.data_collection_permissions).toEqual({ required: ['none'], optional: ['websiteActivity'] });
    // The built job carries the collector path, so the absence above is not for lack of sync code.
    expect(readFileSync(path.join(CHROME_BUILD, 'background.js'), 'utf8')).toContain('/v1/snapshots');
  });
});
