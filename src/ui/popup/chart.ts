/**
 * The trend chart, in its own module so chart.js is fetched by a dynamic
 * import after the summary is on screen. Only the parts drawn are registered,
 * which keeps the rest of chart.js out of the bundle.
 */
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Legend, Tooltip);

export interface TrendChartData {
  labels: string[];
  prompts: number[];
  activeDays: number[];
  promptsLabel: string;
  activeDaysLabel: string;
  locale: string;
}

/** Colours come from the page's CSS variables, so the chart follows light and dark mode like the text around it. */
function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

export function drawTrendChart(canvas: HTMLCanvasElement, data: TrendChartData): { destroy(): void } {
  const bar = cssVar('--chart-bar', '#0b57d0');
  const line = cssVar('--chart-line', '#9a3412');
  const text = cssVar('--muted', '#57606a');
  const grid = cssVar('--line', '#d0d7de');
  return new Chart<'bar' | 'line'>(canvas, {
    type: 'bar',
    data: {
      labels: data.labels,
      datasets: [
        { type: 'bar', label: data.promptsLabel, data: data.prompts, backgroundColor: bar, yAxisID: 'prompts', order: 2 },
        {
          type: 'line',
          label: data.activeDaysLabel,
          data: data.activeDays,
          borderColor: line,
          backgroundColor: line,
          // Dashed with square points: the line differs from the bars in shape, not just colour.
          borderDash: [4, 3],
          pointStyle: 'rect',
          yAxisID: 'days',
          order: 1,
        },
      ],
    },
    options: {
      locale: data.locale,
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      plugins: { legend: { labels: { color: text, boxWidth: 12 } } },
      scales: {
        x: { ticks: { color: text, maxRotation: 0, autoSkip: true }, grid: { display: false } },
        prompts: { type: 'linear', position: 'left', beginAtZero: true, ticks: { color: text, precision: 0 }, grid: { color: grid } },
        days: { type: 'linear', position: 'right', min: 0, max: 7, ticks: { color: text, stepSize: 1 }, grid: { display: false } },
      },
    },
  });
}
