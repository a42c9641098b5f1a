#!/usr/bin/env node
// Runs the collector's TypeScript straight from src/ with jiti, so it works right after `npm ci` with no build step.
import { createJiti } from 'jiti';

const jiti = createJiti(import.meta.url);
const { run } = await jiti.import('../src/collector/cli/main.ts');
await run(process.argv.slice(2));
