/**
 * GET /docs/team-metrics, /docs/privacy, /docs/collector: the generated
 * markdown from docs/, as text/markdown, so that the dashboard's links to
 * what a figure means work on any collector. A fixed list, never a path taken
 * from the request.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Hono } from 'hono';
import type { AppEnv } from '../http/env';

export const DOCS_DIR = path.resolve(import.meta.dirname, '../../../docs');
export const SERVED_DOCS = ['team-metrics', 'privacy', 'collector'] as const;

export function registerDocs(app: Hono<AppEnv>, dir: string = DOCS_DIR): void {
  for (const name of SERVED_DOCS) {
    app.get(`/docs/${name}`, async (c) => {
      let text: string;
      try {
        text = await readFile(path.join(dir, `${name}.md`), 'utf8');
      } catch {
        return c.text(`docs/${name}.md is missing from this installation: reinstall the collector, or read it in the Leadline repository.`, 404);
      }
      c.header('Content-Type', 'text/markdown; charset=utf-8');
      c.header('Cache-Control', 'no-cache');
      return c.body(text, 200);
    });
  }
}
