import type { Response } from 'express';
import { stringify } from 'csv-stringify/sync';
import { CSV_ROW_CAP } from '@referral/dashboard-contract';
import type { WindowOf } from '@referral/domain';

/** One CSV column: its header and how a row fills it. */
export interface CsvColumn<T> {
  header: string;
  value: (row: T) => string | number | null;
}

/**
 * A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, or a tab or
 * carriage return first) gets a leading `'`, per OWASP's CSV injection advice.
 * Numbers we produce are written as numbers and never escaped.
 */
export function escapeFormula(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

/** Minor units as a decimal amount in the currency's own precision: `123456` EUR → `1234.56`. */
export function decimalAmount(minor: number, currency: string): string {
  const digits =
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits ?? 2;
  return (minor / 10 ** digits).toFixed(digits);
}

/** `cases-2026-12-01.csv` */
export const csvFilename = (name: string, now = new Date()) =>
  `${name}-${now.toISOString().slice(0, 10)}.csv`;

/**
 * Sends a CSV export: at most CSV_ROW_CAP rows (the caller's window), with
 * `X-Export-Total` (rows the filter matches) and `X-Export-Capped`.
 */
export function sendCsv<T>(
  res: Response,
  name: string,
  columns: readonly CsvColumn<T>[],
  { rows, total }: WindowOf<T>,
): void {
  const records = rows.map((row) =>
    columns.map((column) => {
      const value = column.value(row);
      return typeof value === 'string' ? escapeFormula(value) : value;
    }),
  );
  const body = stringify(records, {
    header: true,
    columns: columns.map((c) => c.header),
    cast: { number: (n) => String(n) },
  });
  res
    .status(200)
    .type('text/csv; charset=utf-8')
    .set({
      'content-disposition': `attachment; filename="${csvFilename(name)}"`,
      'x-export-total': String(total),
      'x-export-capped': String(total > CSV_ROW_CAP),
      'cache-control': 'no-store',
    })
    .send(body);
}
