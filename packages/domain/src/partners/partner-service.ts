import { randomUUID } from 'node:crypto';
import { toPage, type Page, type Pool } from '@referral/db';
import { z } from 'zod';
import { decodeKeyset, encodeKeyset } from '../keyset';
import { MailDomain } from '../welcome-email/sender-domain';
import { generateApiKey, hashApiKey, looksLikeApiKey } from './api-key';

const colour = z
  .string()
  .regex(/^#[0-9a-fA-F]{6}$/, 'must be a hex colour like #1a2b3c')
  .describe('Hex colour, #rrggbb');

/** How the hosted pages (onboarding, link approval) look for this partner's clients. */
export const Branding = z.strictObject({
  logoUrl: z
    .url({ protocol: /^https?$/ })
    .max(2048)
    .optional()
    .describe('Logo shown on hosted pages'),
  primaryColor: colour.optional(),
  accentColor: colour.optional(),
});
export type Branding = z.infer<typeof Branding>;

/** The partner's terms and looks; every field has a default. */
export const PartnerSettings = z.strictObject({
  referralFeePercent: z
    .number()
    .min(0)
    .max(100)
    .multipleOf(0.01)
    .describe('Default referral fee, % of the platform’s revenue; snapshotted into each new link'),
  linkRequestTtlDays: z
    .int()
    .min(1)
    .max(30)
    .describe('Days a link request stays open before it expires'),
  branding: Branding,
  mailDomains: z
    .array(MailDomain)
    .max(20)
    .describe(
      'Domains the partner may send its welcome email from (it or a subdomain); set by operators',
    ),
});
export type PartnerSettings = z.infer<typeof PartnerSettings>;

export const DEFAULT_PARTNER_SETTINGS: PartnerSettings = {
  referralFeePercent: 10,
  linkRequestTtlDays: 7,
  branding: {},
  mailDomains: [],
};

export const Partner = z.object({
  id: z.uuid(),
  name: z.string(),
  ...PartnerSettings.shape,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Partner = z.infer<typeof Partner>;

export type PartnerChanges = Partial<PartnerSettings & { name: string }>;

interface PartnerRow {
  id: string;
  name: string;
  referral_fee_percent: string;
  link_request_ttl_days: number;
  branding: Branding;
  mail_domains: string[];
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `id, name, referral_fee_percent, link_request_ttl_days, branding, mail_domains, created_at, updated_at`;

const toPartner = (row: PartnerRow): Partner => ({
  id: row.id,
  name: row.name,
  // numeric comes back as a string; two decimals fit a double exactly enough to print.
  referralFeePercent: Number(row.referral_fee_percent),
  linkRequestTtlDays: row.link_request_ttl_days,
  branding: row.branding,
  mailDomains: row.mail_domains,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

/** The sort a partner-list cursor names: a cursor of another list is refused. */
export const PARTNER_CURSOR_SORT = 'partner-name';

/** Whether `cursor` is one `PartnerService.list` returned. */
export function isPartnerCursor(cursor: string): boolean {
  const keyset = decodeKeyset(cursor);
  return keyset?.sort === PARTNER_CURSOR_SORT && z.uuid().safeParse(keyset.id).success;
}

/** Partners: the tenants of the platform. The API key is shown once, stored hashed. */
export class PartnerService {
  constructor(private readonly pool: Pool) {}

  async create(
    name: string,
    settings: Partial<PartnerSettings> = {},
  ): Promise<{ partner: Partner; apiKey: string }> {
    const apiKey = generateApiKey();
    const s = { ...DEFAULT_PARTNER_SETTINGS, ...settings };
    const { rows } = await this.pool.query<PartnerRow>(
      `INSERT INTO partners (id, name, api_key_hash, referral_fee_percent, link_request_ttl_days, branding, mail_domains)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
      [
        randomUUID(),
        name,
        hashApiKey(apiKey),
        s.referralFeePercent,
        s.linkRequestTtlDays,
        s.branding,
        [...new Set(s.mailDomains)],
      ],
    );
    return { partner: toPartner(rows[0]!), apiKey };
  }

  /** Change what is given; the rest stays. Links already made keep their fee. */
  async update(id: string, changes: PartnerChanges): Promise<Partner | undefined> {
    if (!z.uuid().safeParse(id).success) return undefined;
    const { rows } = await this.pool.query<PartnerRow>(
      `UPDATE partners SET
         name = COALESCE($2, name),
         referral_fee_percent = COALESCE($3, referral_fee_percent),
         link_request_ttl_days = COALESCE($4, link_request_ttl_days),
         branding = COALESCE($5, branding),
         mail_domains = COALESCE($6, mail_domains),
         updated_at = now()
       WHERE id = $1 RETURNING ${COLUMNS}`,
      [
        id,
        changes.name ?? null,
        changes.referralFeePercent ?? null,
        changes.linkRequestTtlDays ?? null,
        changes.branding ?? null,
        changes.mailDomains ? [...new Set(changes.mailDomains)] : null,
      ],
    );
    return rows[0] && toPartner(rows[0]);
  }

  /** The partner an API key belongs to, or undefined. */
  async authenticate(apiKey: string): Promise<Partner | undefined> {
    if (!looksLikeApiKey(apiKey)) return undefined;
    const { rows } = await this.pool.query<PartnerRow>(
      `SELECT ${COLUMNS} FROM partners WHERE api_key_hash = $1`,
      [hashApiKey(apiKey)],
    );
    return rows[0] && toPartner(rows[0]);
  }

  async get(id: string): Promise<Partner | undefined> {
    if (!z.uuid().safeParse(id).success) return undefined;
    const { rows } = await this.pool.query<PartnerRow>(
      `SELECT ${COLUMNS} FROM partners WHERE id = $1`,
      [id],
    );
    return rows[0] && toPartner(rows[0]);
  }

  /**
   * Operators' list of partners, by name (then id), `limit` a page. The cursor
   * is the last row's name and id, so a rename between pages skips no one.
   */
  async list({ limit = 50, cursor }: { limit?: number; cursor?: string } = {}): Promise<
    Page<Partner>
  > {
    const after = cursor ? decodeKeyset(cursor) : undefined;
    const { rows } = await this.pool.query<PartnerRow>(
      `SELECT ${COLUMNS} FROM partners
       WHERE $1::text IS NULL OR (name, id) > ($1, $2::uuid)
       ORDER BY name, id LIMIT $3`,
      [after?.value ?? null, after?.id ?? null, limit + 1],
    );
    return toPage(rows, limit, toPartner, (row) =>
      encodeKeyset({ sort: PARTNER_CURSOR_SORT, value: row.name, id: row.id }),
    );
  }

  /** The first `limit` partners by creation, id and name: what `npm start` prints to sign in with. */
  async names(limit = 20): Promise<{ id: string; name: string }[]> {
    const { rows } = await this.pool.query<{ id: string; name: string }>(
      `SELECT id, name FROM partners ORDER BY created_at, id LIMIT $1`,
      [limit],
    );
    return rows;
  }

  async count(): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>(`SELECT count(*) AS n FROM partners`);
    return rows[0]!.n;
  }
}
