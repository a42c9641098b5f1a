import { afterEach, describe, expect, it, vi } from 'vitest';

/**
 * happy-dom has no 2D canvas, so the page test never draws. This draws into a
 * recording stand-in context instead: enough for chart.js to build the chart,
 * so a part used but not registered (chart.js then throws "… is not a
 * registered controller/scale") fails here rather than in the browser.
 */
function recordingContext(canvas: HTMLCanvasElement): CanvasRenderingContext2D {
  const calls: string[] = [];
  const target = { canvas, calls, measureText: (s: string) => ({ width: s.length * 6, actualBoundingBoxAscent: 8, actualBoundingBoxDescent: 2 }) };
  return new Proxy(target, {
    get: (t, key) => (key in t ? t[key as keyof typeof t] : typeof key === 'string' ? (...args: unknown[]) => calls.push(key) && args && undefined : undefined),
    set: () => true,
  }) as unknown as CanvasRenderingContext2D;
}

afterEach(() => vi.restoreAllMocks());

describe('drawTrendChart', () => {
  it('builds a bar and a line dataset on the two registered axes', async () => {
    const canvas = document.createElement('canvas');
    const ctx = recordingContext(canvas);
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation(() => ctx as never);
    const host = document.createElement('div');
    host.style.width = '300px';
    host.style.height = '150px';
    host.append(canvas);
    document.body.append(host);
    const { drawTrendChart } = await import('./chart');
    const chart = drawTrendChart(canvas, {
      labels: ['1 Jan', '8 Jan'],
      prompts: [12, 30],
      activeDays: [3, 5],
      promptsLabel: 'Prompts per week',
      activeDaysLabel: 'Active days per week',
      locale: 'en',
    }) as unknown as { config: { data: { datasets: { type: string; data: number[]; yAxisID: string }[] } }; scales: Record<string, unknown>; destroy(): void };
    expect(chart.config.data.datasets.map((d) => [d.type, d.data, d.yAxisID])).toEqual([
      ['bar', [12, 30], 'prompts'],
      ['line', [3, 5], 'days'],
    ]);
    expect(Object.keys(chart.scales).sort()).toEqual(['days', 'prompts', 'x']);
    chart.destroy();
    host.remove();
  });
});
