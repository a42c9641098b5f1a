/**
 * Writes docs/team-metrics.md from the report definitions:
 *
 *   npm run docs:generate
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { TEAM_METRICS_DOC, teamMetricsMarkdown } from './docs';

const ROOT = path.resolve(import.meta.dirname, '../../..');
writeFileSync(path.join(ROOT, TEAM_METRICS_DOC), teamMetricsMarkdown());
console.log(`wrote ${TEAM_METRICS_DOC}`);
