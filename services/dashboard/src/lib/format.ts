import { formatDistanceToNowStrict } from 'date-fns';

// Money and dates in the reader's locale (the browser's), never a fixed one.
const moneyFormats = new Map<string, Intl.NumberFormat>();

function moneyFormat(currency: string): Intl.NumberFormat {
  let format = moneyFormats.get(currency);
  if (!format) {
    try {
      format = new Intl.NumberFormat(undefined, { style: 'currency', currency });
    } catch {
      // An unknown code still shows an amount, with the code after it.
      format = new Intl.NumberFormat(undefined, { minimumFractionDigits: 2 });
    }
    moneyFormats.set(currency, format);
  }
  return format;
}

/** Minor units → a localized amount: JPY has 0 digits, USD 2, KWD 3 (Intl knows which). */
export function formatMoney(amountMinor: number, currency: string): string {
  const format = moneyFormat(currency);
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  const text = format.format(amountMinor / 10 ** digits);
  return format.resolvedOptions().style === 'currency' ? text : `${text} ${currency}`;
}

export const formatUsd = (cents: number): string => formatMoney(cents, 'USD');

const integer = new Intl.NumberFormat();
export const formatCount = (n: number): string => integer.format(n);

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, {
  dateStyle: 'medium',
  timeStyle: 'short',
});
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const monthFormat = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});

/** A calendar date (`2025-03-14`) is a day, not an instant: read and shown in UTC. */
function toDate(value: string): Date {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00Z`) : new Date(value);
}

export const formatDate = (value: string | null | undefined): string =>
  value ? dateFormat.format(toDate(value)) : '—';
export const formatDateTime = (value: string | null | undefined): string =>
  value ? dateTimeFormat.format(toDate(value)) : '—';
export const formatTime = (value: string): string => timeFormat.format(new Date(value));
/** `2025-03` → "Mar 2025". */
export const formatMonth = (month: string): string =>
  monthFormat.format(new Date(`${month}-01T00:00:00Z`));
export const formatRelative = (value: string): string =>
  formatDistanceToNowStrict(new Date(value), { addSuffix: true });

/** `awaiting_collection_partner` → "Awaiting collection partner". */
export function humanize(value: string): string {
  const words = value.replace(/[_.]/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
