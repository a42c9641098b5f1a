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

interface Import {
  spec: string;
  /** `import type` / `export type … from`: erased at build time, but still a dependency of the source. */
  typeOnly: boolean;
}

/**
 * Every import and re-export of a file, type-only ones included, resolved to
 * project-relative paths or package names. A type import is still a
 * dependency: the contract cannot stand alone if its types come from the adapters.
 */
export function imports(file: string, src = readFileSync(path.join(ROOT, file), 'utf8')): Import[] {
  const out: Import[] = [];
  const pattern = /^(?:import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm;
  for (const m of src.matchAll(pattern)) {
    const spec = m[2]!;
    // `import { type A, type B } from` is type-only too.
    const names = /\{([^}]*)\}/.exec(m[0])?.[1];
    const allTyped = names !== undefined && names.split(',').every((n) => n.trim() === '' || n.trim().startsWith('type '));
    out.push({
      spec: spec.startsWith('.') ? path.normalize(path.join(path.dirname(file), spec)) : spec,
      typeOnly: Boolean(m[1]) || allTyped,
    });
  }
  return out;
}

/**
 * `types` says what a type-only import may do: by default it counts like any
 * other; a rule that explicitly allows type-only imports of some targets names them.
 */
const RULES: { from: RegExp; forbid: RegExp; why: string; typesMayImport?: RegExp }[] = [
  {
    from: /^(src\/capture\/|entrypoints\/content)/,
    forbid: /^(zod|dexie|react|react-dom)$|^src\/contract\/(events|messages)$|^src\/(ingest|platform\/db)/,
    why: 'content-script budget',
    // Their types cost nothing at run time; their zod schemas would.
    typesMayImport: /^src\/contract\/(events|messages)$/,
  },
  { from: /^src\/(?!platform\/)/, forbid: /^(wxt\/browser|webextension-polyfill|dexie)$/, why: 'only src/platform touches browser.* or Dexie' },
  { from: /^src\/contract\//, forbid: /^src\/(?!contract\/)/, why: 'the contract stands alone' },
  { from: /^src\/tools\//, forbid: /^src\/(capture|ingest|platform)\//, why: 'adapters are data' },
  { from: /^src\/ingest\//, forbid: /^src\/platform\//, why: 'storage through IngestStore' },
  { from: /^src\/deploy\//, forbid: /^src\/(?!contract\/|deploy\/|metrics\/)/, why: 'generated files derive from the contract and the metric definitions alone' },
  { from: /^src\/metrics\//, forbid: /^(?!src\/(contract|metrics)\/)/, why: 'metrics are pure: contract and metrics only' },
  { from: /^src\/collector\//, forbid: /^(wxt\/browser|webextension-polyfill|dexie|react|react-dom)$|^src\/(?!contract\/|metrics\/|collector\/)/, why: 'the collector is a server: it shares the contract and the metric definitions, nothing of the extension' },
  {
    from: /^src\/dashboard\//,
    forbid: /^(zod|hono|kysely|pg|@electric-sql\/pglite)$|^src\/(?!contract\/|dashboard\/)|^src\/contract\/(?!depth$|week$|day$|buckets$)/,
    why: "the dashboard is a small page: it reads the report through the API (types only from the contract's zod files), never the server or the database",
    typesMayImport: /^src\/contract\/(report|sync)$/,
  },
  { from: /^src\/collector\/privacy\//, forbid: /^src\/(?!contract\/|collector\/privacy\/)/, why: 'the privacy rules are pure and self-contained' },
  { from: /^src\/collector\/report\//, forbid: /^(hono|kysely|pg|@electric-sql\/pglite)$|^src\/collector\/(?!report\/|privacy\/)/, why: 'the report is built from aggregates alone, without a database or HTTP' },
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
        .flatMap((f) =>
          imports(f)
            .filter((i) => rule.forbid.test(i.spec) && !(i.typeOnly && rule.typesMayImport?.test(i.spec)))
            .map((i) => `${f} → ${i.spec}${i.typeOnly ? ' (type)' : ''}`),
        );
      expect(violations).toEqual([]);
    });
  }
});

describe('the import reader', () => {
  it('counts type-only imports and re-exports, and tells them apart from value imports', () => {
    const src = [
      "import { z } from 'zod';",
      "import type { ToolDefinition } from '../tools/types';",
      "import { type A, type B } from './a';",
      "import { type C, D } from './c';",
      "export type { E } from '../ingest/types';",
      "export * from './buckets';",
      "import './side-effect';",
    ].join('\n');
    expect(imports('src/contract/x.ts', src)).toEqual([
      { spec: 'zod', typeOnly: false },
      { spec: 'src/tools/types', typeOnly: true },
      { spec: 'src/contract/a', typeOnly: true },
      { spec: 'src/contract/c', typeOnly: false },
      { spec: 'src/ingest/types', typeOnly: true },
      { spec: 'src/contract/buckets', typeOnly: false },
      { spec: 'src/contract/side-effect', typeOnly: false },
    ]);
  });
});
