import { z } from 'zod';
import { ISO_COUNTRY_CODES } from './countries';

// Small field schemas shared by every event family. Descriptions travel into
// the JSON Schema served by `GET /v1/webhooks/event-types`.

/** An entity id: an opaque, non-empty string. Receivers must not parse it. */
export const EntityId = z.string().min(1).max(255);

/** A referral partner's id (also the dashboard login GUID). */
export const PartnerId = z.uuid();
export type PartnerId = z.infer<typeof PartnerId>;

/** The partner's own id for the client, chosen and stored by the partner. */
export const ExternalTenantId = z
  .string()
  .min(1)
  .max(255)
  .describe("The partner's own id for this client");

/** A UTC instant, e.g. `2025-03-14T09:26:53.589Z`. */
export const IsoDateTime = z.iso.datetime().describe('ISO 8601 UTC timestamp');

/** A calendar date, e.g. `2025-03-14`. */
export const IsoDate = z.iso.date().describe('ISO 8601 calendar date');

/** ISO 3166-1 alpha-2 country code, upper case. */
export const CountryCode = z
  .string()
  .regex(/^[A-Z]{2}$/, 'expected an ISO 3166-1 alpha-2 country code, e.g. DE')
  // Only well-formed codes are looked up: a malformed one gets one message, not two.
  .refine(
    (code) => !/^[A-Z]{2}$/.test(code) || ISO_COUNTRY_CODES.has(code),
    'is not an assigned ISO 3166-1 alpha-2 country code',
  )
  .describe('ISO 3166-1 alpha-2 country code');

/** ISO 4217 currency code, upper case. */
export const CurrencyCode = z
  .string()
  .regex(/^[A-Z]{3}$/, 'expected an ISO 4217 currency code, e.g. EUR')
  .describe('ISO 4217 currency code');

/** Money is never a float: an integer count of the currency's minor units. */
export const MinorUnits = z
  .int()
  .nonnegative()
  .describe('Integer amount in minor units of the currency (e.g. cents)');

/** A percentage from 0 to 100 (20 means 20 %). */
export const Percentage = z.number().min(0).max(100).describe('Percentage, 0–100');

/** A case's human reference, e.g. `DEB-10482`. */
export const CaseReference = z
  .string()
  .regex(/^DEB-\d+$/, 'expected a case reference like DEB-1042')
  .describe('Case reference, DEB-<number>');

/** A link the partner shows to its user; the platform never emails it to clients. */
export const WebUrl = z.url({ protocol: /^https?$/ });
