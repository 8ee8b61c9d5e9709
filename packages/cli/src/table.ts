/** One column: its header and how a row shows in it. */
export interface Column<T> {
  header: string;
  value: (row: T) => string | number | null | undefined;
  /** Numbers read better right-aligned. */
  align?: 'left' | 'right';
}

/**
 * Rows as aligned text columns, headers in capitals, two spaces between
 * columns (as kubectl prints): easy to read, and to cut with awk. An empty
 * cell shows as `-`, so every row has every column.
 */
export function table<T>(rows: readonly T[], columns: readonly Column<T>[]): string {
  const cells = rows.map((row) => columns.map((c) => cell(c.value(row))));
  const headers = columns.map((c) => c.header.toUpperCase());
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i]!.length)));
  const line = (values: string[]) =>
    values
      .map((v, i) =>
        columns[i]!.align === 'right' ? v.padStart(widths[i]!) : v.padEnd(widths[i]!),
      )
      .join('  ')
      .trimEnd();
  return [line(headers), ...cells.map(line)].join('\n');
}

/** Label–value lines for one record, labels aligned. */
export function details(pairs: readonly [string, string | number | null | undefined][]): string {
  const width = Math.max(...pairs.map(([label]) => label.length));
  return pairs.map(([label, value]) => `${label.padEnd(width)}  ${cell(value)}`).join('\n');
}

function cell(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return '-';
  // One row per line: a newline or tab in a value would break the columns.
  return String(value).replace(/[\r\n\t]+/g, ' ');
}
