import { IsoDate } from '@referral/events';
import { z } from 'zod';

/** Rows per page in every list view. */
export const PAGE_SIZE = 20;
/**
 * Lists count the rows a filter matches up to this many and then say "10,000+":
 * a broad search over a large book answers without reading every row.
 */
export const COUNT_CAP = 2_000;
/** A CSV export holds at most this many rows; the view says so when the filter matches more. */
export const CSV_ROW_CAP = 1000;
/** How long a dashboard session lives without logout. */
export const SESSION_MAX_AGE_MS = 14 * 24 * 60 * 60 * 1000;
/** The header every write carries: the session's CSRF token. */
export const CSRF_HEADER = 'x-csrf-token';

export const SortOrder = z.enum(['asc', 'desc']);
export type SortOrder = z.infer<typeof SortOrder>;

/**
 * What every list view keeps in its URL besides its tab and sort: search as
 * typed, a date range (inclusive, UTC) and a page number (1-based).
 */
export const listSearchFields = {
  search: z
    .string()
    .trim()
    .max(200)
    .optional()
    .describe('Search as you type: anywhere in the text; under 3 characters, the start of a word'),
  from: IsoDate.optional().describe('On or after this date (UTC)'),
  to: IsoDate.optional().describe('On or before this date (UTC)'),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  order: SortOrder.default('desc'),
};

/** One page of a list view: the rows and how many the filter matches in all. */
export function listPage<T extends z.ZodType>(row: T) {
  return z.object({
    rows: z.array(row),
    page: z.int().min(1),
    pageSize: z.int(),
    total: z
      .int()
      .nonnegative()
      .describe('Rows the filter matches, over every page, counted up to COUNT_CAP'),
    totalCapped: z.boolean().describe('More than COUNT_CAP rows match: total is COUNT_CAP'),
  });
}
export type ListPage<T> = {
  rows: T[];
  page: number;
  pageSize: number;
  total: number;
  totalCapped: boolean;
};

/** Money in a currency's minor units, with the currency. */
export const Money = z.object({ amountMinor: z.int(), currency: z.string() });
export type Money = z.infer<typeof Money>;
