/**
 * PLACEHOLDER — replaced at merge by the report helper's csv.ts (branch
 * `report`). Writes the headline figures only, formula-guarded.
 */
import type { Figure, TeamReport } from '../../contract/report';

const cell = (v: string) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);
const fig = (f: Figure) => (f.value === null ? f.suppressed : String(f.value));

export function reportToCsv(report: TeamReport): string {
  const lines = ['team,week,status,members,habitual_or_power_share,power_share'];
  for (const w of report.weeks) {
    const h = w.headline;
    lines.push([report.team, w.week, w.status, fig(h.members), fig(h.habitualOrPowerShare), fig(h.powerShare)].map(cell).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
