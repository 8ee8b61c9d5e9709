import { randomUUID } from 'node:crypto';
import { CSRF_HEADER } from '@referral/dashboard-contract';
import type { Pool } from '@referral/db';
import type { Json } from './api-client';

export interface DashboardResponse {
  status: number;
  headers: Headers;
  /** Parsed when the reply is JSON. */
  body: Json;
  text: string;
}

/**
 * A browser's view of the dashboard: a cookie jar over fetch, and the CSRF
 * token of the last sign-in or GET session, sent on writes unless told not to.
 */
export interface DashboardAgent {
  cookies: Map<string, string>;
  csrfToken: string | undefined;
  request(
    method: string,
    path: string,
    options?: { body?: unknown; csrf?: boolean; headers?: Record<string, string> },
  ): Promise<DashboardResponse>;
  get(path: string): Promise<DashboardResponse>;
  login(partnerId: string): Promise<DashboardResponse>;
}

export function dashboardAgent(baseUrl: string): DashboardAgent {
  const agent: DashboardAgent = {
    cookies: new Map(),
    csrfToken: undefined,
    async request(method, path, options = {}) {
      const cookie = [...agent.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      const response = await fetch(baseUrl + path, {
        method,
        redirect: 'manual',
        headers: {
          ...(cookie ? { cookie } : {}),
          ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(options.csrf !== false && agent.csrfToken ? { [CSRF_HEADER]: agent.csrfToken } : {}),
          ...options.headers,
        },
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
      });
      for (const set of response.headers.getSetCookie()) {
        const [pair] = set.split(';');
        const [name, ...value] = pair!.split('=');
        const expired = /expires=Thu, 01 Jan 1970/i.test(set) || /max-age=0/i.test(set);
        if (expired) agent.cookies.delete(name!);
        else agent.cookies.set(name!, value.join('='));
      }
      const text = await response.text();
      const json = /json/.test(response.headers.get('content-type') ?? '');
      const body = json && text ? (JSON.parse(text) as Json) : undefined;
      if (body?.csrfToken) agent.csrfToken = body.csrfToken as string;
      return { status: response.status, headers: response.headers, body, text };
    },
    get: (path) => agent.request('GET', path),
    login: (partnerId) => agent.request('POST', '/dashboard/api/session', { body: { partnerId } }),
  };
  return agent;
}

let seq = 0;
const next = () => `${process.pid}-${(seq += 1)}`;

/** A client linked to the partner, inserted directly (the dashboard only reads). */
export async function seedClient(
  pool: Pool,
  partnerId: string,
  options: {
    companyName?: string;
    externalTenantId?: string;
    attribution?: 'attributed' | 'non_attributed';
    sdcaSigned?: boolean;
    linkedAt?: string;
  } = {},
): Promise<string> {
  const n = next();
  const clientId = `cli_seed_${n}`;
  await pool.query(
    `INSERT INTO clients (id, country, registration_number, registration_key, company_name,
                          contact_email, sdca_signed_at, sdca_signed_by)
     VALUES ($1, 'DE', $2, $2, $3, 'ap@client.example', $4, $5)`,
    [
      clientId,
      `HRB-${n}`,
      options.companyName ?? `Company ${n}`,
      options.sdcaSigned === false ? null : '2026-01-01T00:00:00Z',
      options.sdcaSigned === false ? null : 'Greta Berg',
    ],
  );
  await pool.query(
    `INSERT INTO client_links (id, partner_id, client_id, external_tenant_id, attribution,
                               fee_percent, linked_at)
     VALUES ($1, $2, $3, $4, $5, 10, $6)`,
    [
      `lnk_seed_${n}`,
      partnerId,
      clientId,
      options.externalTenantId ?? `tenant-${n}`,
      options.attribution ?? 'attributed',
      options.linkedAt ?? '2026-01-01T00:00:00Z',
    ],
  );
  return clientId;
}

export interface SeededCase {
  id: string;
  reference: string;
}

/** A case of the client; active and paused cases have started with Nord Inkasso. */
export async function seedCase(
  pool: Pool,
  clientId: string,
  options: {
    debtorName?: string;
    status?: 'pending' | 'active' | 'paused' | 'closed';
    amountMinor?: number;
    createdAt?: string;
  } = {},
): Promise<SeededCase> {
  const n = next();
  const status = options.status ?? 'active';
  const started = status === 'active' || status === 'paused';
  const { rows } = await pool.query<SeededCase>(
    `INSERT INTO cases (id, client_id, source, debtor_name, debtor_type, debtor_country,
                        debtor_email, invoice_number, amount_minor, currency, issue_date, due_date,
                        status, milestone, pending_reason, collection_partner_id,
                        commission_percent, started_at, created_at, updated_at)
     VALUES ($1, $2, 'web_app', $3, 'company', 'DE', 'ap@debtor.example', $4, $5, 'EUR',
             '2026-01-01', '2026-02-01', $6, $7, $8, $9, $10, $11, $12, $12)
     RETURNING id, reference`,
    [
      `case_seed_${n}`,
      clientId,
      options.debtorName ?? `Debtor ${n}`,
      `INV-${n}`,
      options.amountMinor ?? 100_00,
      status,
      started ? 'collection_started' : 'created',
      status === 'pending' ? 'contracts_missing' : null,
      started ? 'cp_nordinkasso' : null,
      started ? 15 : null,
      started ? (options.createdAt ?? '2026-03-01T00:00:00Z') : null,
      options.createdAt ?? '2026-03-01T00:00:00Z',
    ],
  );
  return rows[0]!;
}

/** A payout of the case with the partner's fee (10 % of the revenue) in `stage`. */
export async function seedFee(
  pool: Pool,
  partnerId: string,
  caseId: string,
  options: { stage?: string; paidAt?: string; amountMinor?: number } = {},
): Promise<string> {
  const n = next();
  const amount = options.amountMinor ?? 1000_00;
  const revenue = Math.round(amount * 0.15);
  const fee = Math.round(revenue * 0.1);
  const stage = options.stage ?? 'pending';
  const locked = !['pending', 'confirmed', 'awaiting_collection_partner'].includes(stage);
  await pool.query(
    `INSERT INTO payouts (id, case_id, amount_minor, currency, paid_at, commission_percent,
                          platform_revenue_minor)
     VALUES ($1, $2, $3, 'EUR', $4, 15, $5)`,
    [`pay_seed_${n}`, caseId, amount, options.paidAt ?? '2026-04-01T00:00:00Z', revenue],
  );
  await pool.query(
    `INSERT INTO payout_attributions (id, payout_id, partner_id, link_id, fee_percent, fee_minor)
     SELECT $1, $2, $3, l.id, 10, $4 FROM cases k
     JOIN client_links l ON l.client_id = k.client_id AND l.partner_id = $3 WHERE k.id = $5`,
    [`att_seed_${n}`, `pay_seed_${n}`, partnerId, fee, caseId],
  );
  const transactionId = `txn_seed_${n}`;
  await pool.query(
    `INSERT INTO transactions (id, attribution_id, partner_id, stage, usd_minor, locked_at)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [
      transactionId,
      `att_seed_${n}`,
      partnerId,
      stage,
      locked ? fee : null,
      locked ? new Date() : null,
    ],
  );
  return transactionId;
}

/** `count` cases of the client in one statement, debtor names from `names` in turn. */
export async function seedManyCases(
  pool: Pool,
  clientId: string,
  count: number,
  names: string[],
): Promise<void> {
  const tag = randomUUID().slice(0, 8);
  await pool.query(
    `INSERT INTO cases (id, client_id, source, debtor_name, debtor_type, debtor_country,
                        debtor_email, invoice_number, amount_minor, currency, issue_date, due_date,
                        status, milestone, created_at)
     SELECT 'case_bulk_' || $2 || '_' || i, $1, 'web_app', ($3::text[])[1 + i % cardinality($3::text[])],
            'company', 'DE', 'ap@debtor.example', 'BULK-' || $2 || '-' || i, 1000 + i, 'EUR',
            '2026-01-01', '2026-02-01', 'closed', 'created',
            '2026-05-01'::timestamptz + i * interval '1 minute'
     FROM generate_series(1, $4) AS i`,
    [clientId, tag, names, count],
  );
}
