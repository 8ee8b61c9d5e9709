import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Queryable } from '@referral/db';
import { CurrencyCode } from '@referral/events';
import { z } from 'zod';

/** The rates file shipped with the platform. */
export const DEFAULT_FX_RATES_FILE = path.join(__dirname, '..', '..', 'data', 'fx-rates.csv');

const FxRate = z.object({
  currency: CurrencyCode,
  minorUnits: z.coerce.number().int().min(0).max(4),
  usdPerUnit: z.coerce.number().positive(),
});
export type FxRate = z.infer<typeof FxRate>;

/**
 * Parse `currency,minor_units,usd_per_unit` lines; `#` lines are comments.
 * A bad line fails the whole file, naming the line: rates are never half loaded.
 */
export function parseFxRates(csv: string): FxRate[] {
  const rates: FxRate[] = [];
  csv.split(/\r?\n/).forEach((line, index) => {
    const text = line.trim();
    if (!text || text.startsWith('#') || text.startsWith('currency,')) return;
    const [currency, minorUnits, usdPerUnit, ...extra] = text.split(',').map((s) => s.trim());
    const parsed = FxRate.safeParse({ currency, minorUnits, usdPerUnit });
    if (!parsed.success || extra.length > 0) {
      const why = parsed.success ? 'too many columns' : parsed.error.issues[0]!.message;
      throw new Error(`FX rates line ${index + 1} ("${text}"): ${why}`);
    }
    rates.push(parsed.data);
  });
  if (rates.length === 0) throw new Error('FX rates file has no rates');
  return rates;
}

/** Upsert every rate of a file. Locked USD amounts keep theirs; the rest follow. */
export async function loadFxRates(
  db: Queryable,
  file: string = DEFAULT_FX_RATES_FILE,
): Promise<number> {
  const rates = parseFxRates(await readFile(file, 'utf8'));
  await db.query(
    `INSERT INTO fx_rates (currency, minor_units, usd_per_unit)
     SELECT * FROM unnest($1::text[], $2::smallint[], $3::numeric[])
     ON CONFLICT (currency) DO UPDATE
       SET minor_units = excluded.minor_units, usd_per_unit = excluded.usd_per_unit, updated_at = now()`,
    [rates.map((r) => r.currency), rates.map((r) => r.minorUnits), rates.map((r) => r.usdPerUnit)],
  );
  return rates.length;
}

/** Load the shipped rates into an empty table: a fresh install can convert money. */
export async function ensureFxRates(db: Queryable): Promise<void> {
  const { rows } = await db.query<{ any: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM fx_rates) AS any`,
  );
  if (!rows[0]!.any) await loadFxRates(db);
}
