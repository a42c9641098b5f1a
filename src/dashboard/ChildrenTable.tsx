import type { WeekReport } from '../contract/report';
import { FigureCells } from './DataTable';
import type { Fmt } from './format';
import { childrenTable, type ChildSort, type ChildSortKey } from './model';

/**
 * The child teams side by side, sortable by any figure, with the
 * "suppressed / other" row last so the rows add up to the team's total.
 * A team below k gets one explanation across its figures instead of a row of
 * identical reasons.
 */
export function ChildrenTable({
  fmt,
  week,
  sort,
  onSort,
  onOpenTeam,
}: {
  fmt: Fmt;
  week: WeekReport;
  sort: ChildSort;
  onSort: (s: ChildSort) => void;
  onOpenTeam: (team: string) => void;
}) {
  const { m } = fmt;
  const table = childrenTable(fmt, week, sort);
  const sortable = new Set<string>(['members', 'habitual_or_power_share', 'power_share', 'active_days_median']);
  const header = (key: ChildSortKey, label: string) => {
    const active = sort.key === key;
    const next: ChildSort = { key, dir: active ? (sort.dir === 'asc' ? 'desc' : 'asc') : key === 'team' ? 'asc' : 'desc' };
    return (
      <th scope="col" key={key} aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}>
        <button type="button" className="sort" onClick={() => onSort(next)}>
          {label}
          <span aria-hidden="true" className="arrow">
            {active ? (sort.dir === 'asc' ? '▲' : '▼') : '↕'}
          </span>
        </button>
      </th>
    );
  };
  return (
    <div className="table-wrap">
      <table data-testid="table-children" className="children">
        <caption>{m.childrenTitle}</caption>
        <thead>
          <tr>
            {header('team', m.colTeam)}
            {table.columns.map((c) =>
              sortable.has(c.key) ? (
                header(c.key as ChildSortKey, c.label)
              ) : (
                <th scope="col" key={c.key}>
                  {c.label}
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((r) => {
            const isOther = r.key === 'other';
            return (
              <tr key={r.key} data-row={r.key} className={isOther ? 'other' : r.status !== 'published' ? 'hidden-team' : undefined}>
                <th scope="row">
                  {isOther ? (
                    r.label
                  ) : (
                    <button type="button" className="link" onClick={() => onOpenTeam(r.key)} aria-label={m.open(r.key)}>
                      {r.label}
                    </button>
                  )}
                  {r.hint ? <span className="hint">{r.hint}</span> : null}
                </th>
                {r.status === 'below_k' || r.status === 'withheld' ? (
                  <td colSpan={table.columns.length} className="explain" data-col="members">
                    <span className={`suppressed ${r.status}`}>{r.status === 'below_k' ? m.childBelowK(fmt.k) : m.childWithheld}</span>
                  </td>
                ) : (
                  <FigureCells fmt={fmt} table={table} cells={r.cells} />
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
