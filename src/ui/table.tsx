import type { ComponentChildren } from 'preact';

export type Column<T> = { label: string; num?: boolean; cell: (row: T) => ComponentChildren };

/** The back offices' dense table: a header row of labels, one row per item, numbers right-aligned. */
export function DataTable<T>(props: { columns: Column<T>[]; rows: T[]; empty?: string; footer?: ComponentChildren; class?: string }) {
  if (props.rows.length === 0 && props.empty) return <p>{props.empty}</p>;
  return (
    <table class={props.class ? `data ${props.class}` : 'data'}>
      <thead>
        <tr>
          {props.columns.map((c) => (
            <th scope="col" class={c.num ? 'num' : undefined}>
              {c.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.rows.map((r) => (
          <tr>
            {props.columns.map((c) => (
              <td class={c.num ? 'num' : undefined}>{c.cell(r)}</td>
            ))}
          </tr>
        ))}
        {props.footer}
      </tbody>
    </table>
  );
}
