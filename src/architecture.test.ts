/** Enforces the forbidden imports of ARCHITECTURE.md. */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');

function files(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir)).flatMap((name) => {
    const rel = path.join(dir, name);
    if (statSync(path.join(ROOT, rel)).isDirectory()) return files(rel);
    return /\.tsx?$/.test(name) && !/\.test(kit)?\.tsx?$|testkit\.ts$/.test(name) ? [rel] : [];
  });
}

/** Value imports (not `import type`) of a file, resolved to project-relative paths or package names. */
function imports(file: string): string[] {
  const src = readFileSync(path.join(ROOT, file), 'utf8');
  const out: string[] = [];
  for (const m of src.matchAll(/^import\s+(?!type\s)[^'"]*?from\s+['"]([^'"]+)['"]|^import\s+['"]([^'"]+)['"]/gm)) {
    const spec = (m[1] ?? m[2])!;
    out.push(spec.startsWith('.') ? path.normalize(path.join(path.dirname(file), spec)) : spec);
  }
  return out;
}

const RULES: { from: RegExp; forbid: RegExp; why: string }[] = [
  { from: /^(src\/capture\/|entrypoints\/content)/, forbid: /^(zod|dexie|react|react-dom)$|^src\/contract\/(events|messages)$|^src\/(ingest|platform\/db)/, why: 'content-script budget' },
  { from: /^src\/(?!platform\/)/, forbid: /^(wxt\/browser|webextension-polyfill|dexie)$/, why: 'only src/platform touches browser.* or Dexie' },
  { from: /^src\/contract\//, forbid: /^src\/(?!contract\/)/, why: 'the contract stands alone' },
  { from: /^src\/tools\//, forbid: /^src\/(capture|ingest|platform)\//, why: 'adapters are data' },
  { from: /^src\/ingest\//, forbid: /^src\/platform\//, why: 'storage through IngestStore' },
  { from: /^src\/deploy\//, forbid: /^src\/(?!contract\/|deploy\/|metrics\/)/, why: 'generated files derive from the contract and the metric definitions alone' },
  { from: /^src\/metrics\//, forbid: /^(?!src\/(contract|metrics)\/)/, why: 'metrics are pure: contract and metrics only' },
  { from: /^src\/collector\//, forbid: /^(wxt\/browser|webextension-polyfill|dexie|react|react-dom)$|^src\/(?!contract\/|metrics\/|collector\/)/, why: 'the collector is a server: it shares the contract and the metric definitions, nothing of the extension' },
  { from: /^src\/dashboard\//, forbid: /^(zod|hono|kysely|pg|@electric-sql\/pglite)$|^src\/(?!contract\/|dashboard\/)|^src\/contract\/(?!depth$|week$|day$)/, why: "the dashboard is a small page: it reads the report through the API (types only from the contract's zod files), never the server or the database" },
  { from: /^src\/sync\//, forbid: /^src\/(?!contract\/|metrics\/|sync\/)/, why: 'the sync decisions are pure: platform code reads, writes, fetches and schedules' },
  { from: /^src\/data\//, forbid: /^src\/(?!contract\/|metrics\/|data\/)/, why: 'the rules of personal data are pure: platform code reads and writes' },
];

describe('forbidden imports', () => {
  const all = [...files('src'), ...files('entrypoints')];
  it('finds the source files', () => expect(all.length).toBeGreaterThan(15));
  for (const rule of RULES) {
    it(`${rule.from.source} respects: ${rule.why}`, () => {
      const violations = all
        .filter((f) => rule.from.test(f))
        .flatMap((f) => imports(f).filter((i) => rule.forbid.test(i)).map((i) => `${f} → ${i}`));
      expect(violations).toEqual([]);
    });
  }
});
