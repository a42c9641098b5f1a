/**
 * Writes every generated file (see index.ts) into the repository. Run after
 * changing src/contract/config.ts, identity.ts or src/metrics/definitions.ts:
 *
 *   npx jiti src/deploy/write.ts
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { encodeFile, generatedFiles } from './index';
import { withReadmeBlocks } from './readme';

const ROOT = path.resolve(import.meta.dirname, '../..');

for (const [rel, text] of Object.entries(generatedFiles())) {
  const file = path.join(ROOT, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, encodeFile(rel, text));
  console.log(`wrote ${rel}`);
}

// The README is written by hand except for the blocks that state the disclosure's facts.
const readme = path.join(ROOT, 'README.md');
writeFileSync(readme, withReadmeBlocks(readFileSync(readme, 'utf8')));
console.log('wrote the generated blocks of README.md');
