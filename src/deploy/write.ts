/**
 * Writes every generated file (see index.ts) into the repository. Run after
 * changing src/contract/config.ts, identity.ts or src/metrics/definitions.ts:
 *
 *   npx jiti src/deploy/write.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { encodeFile, generatedFiles } from './index';

const ROOT = path.resolve(import.meta.dirname, '../..');

for (const [rel, text] of Object.entries(generatedFiles())) {
  const file = path.join(ROOT, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, encodeFile(rel, text));
  console.log(`wrote ${rel}`);
}
