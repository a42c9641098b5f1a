/**
 * The leads' dashboard, served from dist/dashboard at /, same origin as the
 * API; when it has not been built, / says how to build it.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono } from 'hono';
import type { AppEnv } from './env';

export const DASHBOARD_DIR = path.resolve(import.meta.dirname, '../../../dist/dashboard');

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Leadline collector</title></head>
<body><main>
<h1>Leadline collector</h1>
<p>The collector is running. Its dashboard has not been built yet: run <code>npm run build:dashboard</code> and reload this page.</p>
<p>The API is described at <a href="/v1/openapi.json">/v1/openapi.json</a>; health at <a href="/healthz">/healthz</a>.</p>
</main></body></html>
`;

export function registerDashboard(app: Hono<AppEnv>, dir: string | undefined): void {
  if (dir && existsSync(path.join(dir, 'index.html'))) {
    app.use('/*', serveStatic({ root: dir }));
    // Client-side routes fall back to the app shell.
    app.get('/*', async (c, next) => (c.req.path.startsWith('/v1/') ? next() : serveStatic({ root: dir, path: 'index.html' })(c, next)));
  } else {
    app.get('/', (c) => c.html(NOT_BUILT));
  }
}
