import { MissingHeadersError } from './errors/missing-headers-error';

export const WEBHOOK_ID = 'webhook-id';
export const WEBHOOK_TIMESTAMP = 'webhook-timestamp';
export const WEBHOOK_SIGNATURE = 'webhook-signature';

/** A Fetch API `Headers` object, or anything with a case-insensitive `get`. */
export interface HeadersLike {
  get(name: string): string | null;
}

/** Node's `req.headers`, a plain object (any key case), or a `Headers` object. */
export type IncomingHeaders =
  Readonly<Record<string, string | readonly string[] | undefined>> | HeadersLike;

export interface WebhookHeaderValues {
  id: string;
  timestamp: string;
  signature: string;
}

function isHeadersLike(headers: IncomingHeaders): headers is HeadersLike {
  return typeof (headers as Partial<HeadersLike>).get === 'function';
}

function lowerCaseLookup(
  headers: Readonly<Record<string, string | readonly string[] | undefined>>,
): (name: string) => string | undefined {
  const byLowerName = new Map<string, string>();
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    // A repeated signature header carries more entries; space-joining keeps them all.
    byLowerName.set(name.toLowerCase(), typeof value === 'string' ? value : value.join(' '));
  }
  return (name) => byLowerName.get(name);
}

/** Reads the three Standard Webhooks headers; throws MissingHeadersError naming every absent one. */
export function readWebhookHeaders(headers: IncomingHeaders): WebhookHeaderValues {
  const get = isHeadersLike(headers)
    ? (name: string) => headers.get(name) ?? undefined
    : lowerCaseLookup(headers);
  const id = get(WEBHOOK_ID)?.trim() ?? '';
  const timestamp = get(WEBHOOK_TIMESTAMP)?.trim() ?? '';
  const signature = get(WEBHOOK_SIGNATURE)?.trim() ?? '';
  const missing = [
    id ? undefined : WEBHOOK_ID,
    timestamp ? undefined : WEBHOOK_TIMESTAMP,
    signature ? undefined : WEBHOOK_SIGNATURE,
  ].filter((name): name is string => name !== undefined);
  if (missing.length > 0) {
    throw new MissingHeadersError(missing);
  }
  return { id, timestamp, signature };
}
