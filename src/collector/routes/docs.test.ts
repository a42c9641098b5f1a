import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, harness } from '../testkit';
import { DOCS_DIR, SERVED_DOCS } from './docs';

describe('GET /docs/…: the generated docs the dashboard links to', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness('pglite');
  });
  afterAll(() => h.drop());

  it.each(SERVED_DOCS)('/docs/%s is docs/%s.md as text/markdown, without a token', async (name) => {
    const res = await h.app.request(`/docs/${name}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toBe(readFileSync(path.join(DOCS_DIR, `${name}.md`), 'utf8'));
  });

  it('serves the dashboard’s /docs/team-metrics link, which is not empty', async () => {
    expect(SERVED_DOCS).toContain('team-metrics');
    expect((await (await h.app.request('/docs/team-metrics')).text()).length).toBeGreaterThan(200);
  });

  it('serves nothing else from docs/ or beyond', async () => {
    for (const url of ['/docs/deploy', '/docs/metrics.md', '/docs/..%2Fpackage.json', '/docs/../package.json', '/docs/']) {
      const res = await h.app.request(url);
      expect(res.status, url).toBe(404);
      expect(res.headers.get('content-type'), url).not.toContain('markdown');
    }
  });
});
