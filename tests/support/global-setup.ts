import { existsSync } from 'node:fs';
import path from 'node:path';

/** The end-to-end suite runs against the production builds; `npm test` makes them first. */
export default function setup(): void {
  const root = path.resolve(import.meta.dirname, '../..');
  for (const build of ['.output/chrome-mv3/manifest.json', '.output/firefox-mv3/manifest.json']) {
    if (!existsSync(path.join(root, build))) {
      throw new Error(`${build} is missing: run \`npm run build\` before the end-to-end tests (\`npm test\` does).`);
    }
  }
}
