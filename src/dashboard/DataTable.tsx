import { Fragment, type ReactNode } from 'react';
import type { Fmt } from './format';
import { cellText, hasWithheld, wholeRowReason, type Cell, type Row, type TableModel } from './model';

/** One cell: a hidden figure is set apart and reads as its reason, never as a blank or a zero. */
export function CellView({ fmt, cell }: { fmt: Fmt; cell: Cell }) {
  const text = cellText(fmt, cell);
  if ('figure' in cell && cell.figure.value === null) {
    return <span className={`suppressed ${cell.figure.suppressed}`}>{text}</span>;
  }
  return <>{text}</>;
}

/** A row's figures, one cell a column, each marked with its column's key for tests and CSS. */
export function FigureCells({ fmt, table, cells }: { fmt: Fmt; table: TableModel; cells: Cell[] }) {
  return (
    <>
      {cells.map((c, i) => (
        <td key={table.columns[i]!.key} data-col={table.columns[i]!.key}>
          <CellView fmt={fmt} cell={c} />
        </td>
      ))}
    </>
  );
}

export function RowHeader({ row }: { row: Row }) {
  return (
    <th scope="row">
      {row.label}
      {row.hint ? <span className="hint">{row.hint}</span> : null}
    </th>
  );
}

/** A TableModel as an HTML table: the accessible text of its chart, and what is printed and downloaded. */
export function DataTable({
  fmt,
  table,
  caption,
  rowHeaderLabel,
  testId,
  scroll,
  children,
}: {
  fmt: Fmt;
  table: TableModel;
  caption: string;
  rowHeaderLabel: string;
  testId?: string;
  /** A long table scrolls in its own box on screen: it is then a named region that takes keyboard focus, so it can be scrolled without a mouse. */
  scroll?: boolean;
  children?: ReactNode;
}) {
  return (
    <div className={scroll ? 'table-wrap scroll' : 'table-wrap'} {...(scroll ? { tabIndex: 0, role: 'region', 'aria-label': caption } : {})}>
      <table data-testid={testId ?? `table-${table.id}`}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{rowHeaderLabel}</th>
            {table.columns.map((c) => (
              <th scope="col" key={c.key}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((r) => {
            const reason = wholeRowReason(r);
            return (
              <tr key={r.key} data-row={r.key}>
                <RowHeader row={r} />
                {reason ? (
                  // A row hidden for one reason says it once, across the row, rather than in every cell.
                  <td colSpan={r.cells.length} className="whole-row" data-col="all">
                    <CellView fmt={fmt} cell={r.cells[0]!} />
                  </td>
                ) : (
                  <FigureCells fmt={fmt} table={table} cells={r.cells} />
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
      {hasWithheld(table) ? <p className="note">{fmt.m.withheldMeaning}</p> : null}
      {children ? <Fragment>{children}</Fragment> : null}
    </div>
  );
}
