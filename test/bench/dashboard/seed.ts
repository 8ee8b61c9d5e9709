import { randomBytes, randomUUID } from 'node:crypto';
import type { Pool, PoolClient } from '@referral/db';
import { loadFxRates } from '@referral/domain';
import { COMPANY_TRADES, COMPANY_WORDS, FIRST_NAMES, LAST_NAMES, LEGAL_FORMS } from './seed-names';

export interface SeedPlan {
  /** The measured partner: its clients, cases on them and fees (transactions). */
  clients: number;
  cases: number;
  fees: number;
  /** The second partner, there so every isolation filter has rows to exclude. */
  otherClients: number;
  otherCases: number;
  otherFees: number;
}

export interface SeededData {
  partnerId: string;
  otherPartnerId: string;
  /** Rows per table after seeding, for the report. */
  rows: Record<string, number>;
  seconds: number;
}

/**
 * A time-ordered id shaped like `newId()` (12 hex digits of epoch ms, then
 * random hex), stamped with the row's own creation time rather than now.
 */
const idAt = (prefix: string, at: string) =>
  `'${prefix}_' || lpad(to_hex((extract(epoch FROM ${at}) * 1000)::bigint), 12, '0') || '7'` +
  ` || substr(md5(random()::text), 1, 19)`;

/** A random element of a text[] parameter. */
const pick = (param: string) => `(${param})[1 + floor(random() * cardinality(${param}))::int]`;

// The debtor countries and their currencies. DE and GB repeat to weigh the
// mix toward them, as real traffic is. The unrouted ones have no collection
// partner (collection_routes): their cases wait as `no_collection_partner`.
// prettier-ignore
const ROUTED = [
  ['DE', 'EUR'], ['DE', 'EUR'], ['DE', 'EUR'], ['AT', 'EUR'], ['CH', 'CHF'], ['NL', 'EUR'],
  ['BE', 'EUR'], ['GB', 'GBP'], ['GB', 'GBP'], ['IE', 'EUR'], ['FR', 'EUR'], ['ES', 'EUR'],
  ['PT', 'EUR'], ['SE', 'SEK'], ['DK', 'DKK'], ['NO', 'NOK'], ['US', 'USD'], ['US', 'USD'],
];
const UNROUTED = [
  ['PL', 'PLN'],
  ['IT', 'EUR'],
  ['FI', 'EUR'],
];

/**
 * Fill the bench database for the dashboard: set-based SQL (generate_series),
 * not the domain's commands, so 100,000 cases take seconds. Every row
 * satisfies the schema's CHECKs; values are spread the way real data is
 * (skewed clients, two years of dates, mixed statuses and stages).
 */
export async function seedDashboard(pool: Pool, plan: SeedPlan): Promise<SeededData> {
  const started = performance.now();
  await loadFxRates(pool);
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    // Same random numbers each run: the same names, dates and mixes.
    await client.query('SELECT setseed(0.4242)');
    const partnerId = await insertPartner(client, 'Bench Partner');
    const otherPartnerId = await insertPartner(client, 'Other Partner');

    // Clients 1..clients are the partner's; the last tenth of them are shared
    // with the other partner, which brought them (attributed there). The other
    // partner's own clients follow.
    const shared = Math.floor(plan.clients / 10);
    const total = plan.clients + plan.otherClients;
    await insertClients(client, total);
    await insertLinks(client, partnerId, 1, plan.clients, plan.clients - shared + 1);
    await insertLinks(client, otherPartnerId, plan.clients - shared + 1, total, total + 1);

    await insertCases(client, partnerId, 1, plan.clients, plan.cases);
    await insertCases(client, otherPartnerId, plan.clients + 1, total, plan.otherCases);
    await insertActivity(client);

    await insertPayouts(client, partnerId, plan.fees, 'fee');
    // Payouts on clients the partner did not bring: attributions without a fee.
    await insertPayouts(client, partnerId, Math.floor(plan.fees / 20), 'no_fee');
    await insertPayouts(client, otherPartnerId, plan.otherFees, 'fee');
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
  // Fresh statistics, as autovacuum would have them for tables this old.
  await pool.query('VACUUM ANALYZE');
  const { rows } = await pool.query<{ partner_id: string; other_partner_id: string }>(
    `SELECT (SELECT id FROM partners WHERE name = 'Bench Partner') AS partner_id,
            (SELECT id FROM partners WHERE name = 'Other Partner') AS other_partner_id`,
  );
  return {
    partnerId: rows[0]!.partner_id,
    otherPartnerId: rows[0]!.other_partner_id,
    rows: await countRows(pool),
    seconds: Math.round((performance.now() - started) / 100) / 10,
  };
}

async function insertPartner(client: PoolClient, name: string): Promise<string> {
  const id = randomUUID();
  await client.query(`INSERT INTO partners (id, name, api_key_hash) VALUES ($1, $2, $3)`, [
    id,
    name,
    randomBytes(32),
  ]);
  return id;
}

/** Clients `cli_…` numbered 1..count in their registration number; 8% have not signed the SDCA. */
async function insertClients(client: PoolClient, count: number): Promise<void> {
  await client.query(
    `INSERT INTO clients (id, country, registration_number, registration_key, company_name,
                          contact_email, contact_name, sdca_signed_at, sdca_signed_by,
                          kyc_status, kyc_verified_at, created_at)
     SELECT ${idAt('cli', 'created_at')}, country, 'HRB ' || (100000 + n), 'HRB' || (100000 + n),
            company_name, 'finance-' || n || '@client.example', contact_name,
            CASE WHEN signed THEN created_at + interval '2 days' END,
            CASE WHEN signed THEN contact_name END,
            'verified', created_at + interval '1 day', created_at
     FROM (SELECT n, (ARRAY['DE','DE','AT','NL','GB','FR','SE','US'])[1 + n % 8] AS country,
                  ${pick('$1::text[]')} || ' ' ||
                    CASE WHEN random() < 0.5 THEN ${pick('$2::text[]')} ELSE ${pick('$3::text[]')} END
                    || ' ' || ${pick('$4::text[]')} AS company_name,
                  ${pick('$5::text[]')} || ' ' || ${pick('$2::text[]')} AS contact_name,
                  random() >= 0.08 AS signed,
                  now() - interval '900 days' + interval '120 days' * random() AS created_at
           FROM generate_series(1, $6::int) n) s
     ORDER BY n`,
    [COMPANY_WORDS, LAST_NAMES, COMPANY_TRADES, LEGAL_FORMS, FIRST_NAMES, count],
  );
}

/**
 * Links of `partnerId` to clients `first..last` (by registration number);
 * from `nonAttributedFrom` on, another partner brought the client first.
 */
async function insertLinks(
  client: PoolClient,
  partnerId: string,
  first: number,
  last: number,
  nonAttributedFrom: number,
): Promise<void> {
  await client.query(
    `INSERT INTO client_links (id, partner_id, client_id, external_tenant_id, attribution,
                               fee_percent, linked_at, archived_at)
     SELECT ${idAt('lnk', 'linked_at')}, $1, id, 'ACME-' || lpad(n::text, 5, '0'),
            CASE WHEN n >= $4 THEN 'non_attributed' ELSE 'attributed' END,
            (ARRAY[10, 10, 10, 12.5, 15, 8])[1 + n % 6], linked_at,
            CASE WHEN n % 37 = 0 THEN linked_at + interval '400 days' END
     FROM (SELECT id, substr(registration_number, 5)::int - 100000 AS n,
                  created_at + interval '3 days' AS linked_at FROM clients) c
     WHERE n BETWEEN $2 AND $3`,
    [partnerId, first, last, nonAttributedFrom],
  );
}

/**
 * `count` cases on clients `first..last`, skewed (a few clients have
 * hundreds), created over two years and inserted in that order, so
 * references (from the sequence) and ids grow with time as they do live.
 */
async function insertCases(
  client: PoolClient,
  partnerId: string,
  first: number,
  last: number,
  count: number,
): Promise<void> {
  await client.query(
    `WITH r AS (
       SELECT i, $2::int + floor(($3::int - $2::int + 1) * random() ^ 2)::int AS client_n,
              random() AS s, random() AS kind, random() AS src, random() AS amount,
              now() - interval '730 days' * random() AS created_at
       FROM generate_series(1, $4::int) i
     ), d AS (
       SELECT r.*,
              CASE WHEN s < 0.10 THEN 'pending' WHEN s < 0.60 THEN 'active'
                   WHEN s < 0.65 THEN 'paused' ELSE 'closed' END AS status,
              CASE WHEN s < 0.05 THEN 'no_collection_partner'
                   WHEN s < 0.10 THEN 'contracts_missing' END AS pending_reason,
              CASE WHEN kind < 0.55 THEN ${pick('$5::text[]')} || ' ' || ${pick('$6::text[]')}
                   ELSE CASE WHEN random() < 0.5 THEN ${pick('$6::text[]')} ELSE ${pick('$7::text[]')} END
                        || ' ' || ${pick('$8::text[]')} || ' ' || ${pick('$9::text[]')}
              END AS debtor_name
       FROM r
     ), placed AS (
       SELECT d.*, cl.id AS client_id,
              CASE WHEN unrouted THEN ($12::text[])[ix % cardinality($12::text[]) + 1]
                   ELSE ($10::text[])[ix % cardinality($10::text[]) + 1] END AS country,
              CASE WHEN unrouted THEN ($13::text[])[ix % cardinality($13::text[]) + 1]
                   ELSE ($11::text[])[ix % cardinality($11::text[]) + 1] END AS currency
       FROM (SELECT d.*, pending_reason = 'no_collection_partner' AS unrouted,
                    floor(random() * 1000)::int AS ix FROM d) d
       JOIN clients cl ON cl.registration_number = 'HRB ' || (100000 + d.client_n)
     )
     INSERT INTO cases (id, client_id, source, source_partner_id, debtor_name, debtor_type,
                        debtor_country, debtor_email, invoice_number, amount_minor, currency,
                        issue_date, due_date, status, milestone, pending_reason,
                        collection_partner_id, commission_percent, started_at, created_at, updated_at,
                        last_activity_at)
     SELECT ${idAt('case', 'p.created_at')}, p.client_id,
            CASE WHEN src < 0.5 THEN 'partner_api' WHEN src < 0.7 THEN 'web_app'
                 WHEN src < 0.85 THEN 'csv_import' WHEN src < 0.95 THEN 'integration'
                 ELSE 'client_api_key' END,
            CASE WHEN src < 0.5 THEN $1::uuid END,
            p.debtor_name, CASE WHEN kind < 0.55 THEN 'person' ELSE 'company' END,
            p.country, 'ap-' || p.i || '@debtor.example', 'INV-' || lpad(p.i::text, 7, '0'),
            floor(exp(ln(5000) + random() * ln(1000)))::bigint, p.currency,
            (p.created_at - interval '30 days')::date, p.created_at::date,
            p.status,
            CASE p.status WHEN 'pending' THEN 'created' WHEN 'closed' THEN 'resolved'
                 WHEN 'paused' THEN 'in_collection'
                 ELSE (ARRAY['collection_started', 'in_collection'])[1 + (p.i % 2)] END,
            p.pending_reason,
            cp.id, cp.commission_percent,
            CASE WHEN p.status <> 'pending' THEN least(now(), p.created_at + interval '4 days') END,
            p.created_at, least(now(), p.created_at + interval '20 days'),
            least(now(), p.created_at + interval '20 days')
     FROM placed p
     LEFT JOIN collection_routes rt ON rt.country = p.country AND p.status <> 'pending'
     LEFT JOIN collection_partners cp ON cp.id = rt.collection_partner_id
     ORDER BY p.created_at`,
    [
      partnerId,
      first,
      last,
      count,
      FIRST_NAMES,
      LAST_NAMES,
      COMPANY_WORDS,
      COMPANY_TRADES,
      LEGAL_FORMS,
      ROUTED.map(([country]) => country),
      ROUTED.map(([, currency]) => currency),
      UNROUTED.map(([country]) => country),
      UNROUTED.map(([, currency]) => currency),
    ],
  );
}

/** A timeline for about half the cases: created, and for a third of the rest a status change. */
async function insertActivity(client: PoolClient): Promise<void> {
  await client.query(
    `INSERT INTO case_activity (case_id, kind, summary, at)
     SELECT id, 'created', 'Case created', created_at FROM cases WHERE random() < 0.5
     UNION ALL
     SELECT id, 'status_changed', 'Collection started', started_at
     FROM cases WHERE started_at IS NOT NULL AND random() < 0.35
     ORDER BY 4`,
  );
}

/**
 * `count` payouts on the partner's collecting cases, each with the
 * partner's attribution: a fee and its transaction (`fee`: the partner
 * brought the client or created the case) or the reason for none
 * (`no_fee`). Another partner that brought the client gets its fee too.
 */
async function insertPayouts(
  client: PoolClient,
  partnerId: string,
  count: number,
  kind: 'fee' | 'no_fee',
): Promise<void> {
  const earns = `(l.attribution = 'attributed' OR c.source_partner_id IS NOT DISTINCT FROM l.partner_id)`;
  await client.query(`DROP TABLE IF EXISTS eligible, new_payouts`);
  await client.query(
    `CREATE TEMP TABLE eligible AS
     SELECT row_number() OVER (ORDER BY c.id) AS rn, c.id, c.client_id, c.currency, c.amount_minor,
            c.commission_percent, c.started_at, l.id AS link_id, l.fee_percent
     FROM cases c JOIN client_links l ON l.client_id = c.client_id AND l.partner_id = $1
     WHERE c.started_at IS NOT NULL AND ${kind === 'fee' ? earns : `NOT ${earns}`}`,
    [partnerId],
  );
  await client.query(
    `CREATE TEMP TABLE new_payouts AS
     SELECT ${idAt('pay', 'paid_at')} AS id, *, round(amount_minor * commission_percent / 100)::bigint AS revenue
     FROM (SELECT e.id AS case_id, e.client_id, e.link_id, e.fee_percent, e.currency, e.commission_percent,
                  greatest(1, floor(e.amount_minor * (0.1 + 0.9 * r.a)))::bigint AS amount_minor,
                  e.started_at + (now() - e.started_at) * r.p AS paid_at
           FROM (SELECT 1 + floor(random() * (SELECT count(*) FROM eligible))::int AS rn,
                        random() AS a, random() AS p
                 FROM generate_series(1, $1::int)) r
           JOIN eligible e USING (rn)) x`,
    [count],
  );
  await client.query('ANALYZE new_payouts');
  await client.query(
    `INSERT INTO payouts (id, case_id, amount_minor, currency, paid_at, commission_percent,
                          platform_revenue_minor, created_at)
     SELECT id, case_id, amount_minor, currency, paid_at, commission_percent, revenue, paid_at
     FROM new_payouts ORDER BY paid_at`,
  );
  // This partner's attribution, then the fee of any other partner that brought the client.
  await client.query(
    `WITH a AS (
       INSERT INTO payout_attributions (id, payout_id, partner_id, link_id, fee_percent, fee_minor,
                                        no_fee_reason)
       SELECT 'pat_' || substr(np.id, 5), np.id, $1, np.link_id,
              CASE WHEN $2 THEN np.fee_percent END,
              CASE WHEN $2 THEN round(np.revenue * np.fee_percent / 100)::bigint END,
              CASE WHEN NOT $2 THEN 'non_attributed_other_source' END
       FROM new_payouts np
       UNION ALL
       SELECT 'pat_' || substr(md5(random()::text), 1, 32), np.id, l.partner_id, l.id,
              l.fee_percent, round(np.revenue * l.fee_percent / 100)::bigint, NULL
       FROM new_payouts np
       JOIN client_links l ON l.client_id = np.client_id AND l.partner_id <> $1
                          AND l.attribution = 'attributed'
       RETURNING id, payout_id, partner_id, fee_minor
     )
     INSERT INTO transactions (id, attribution_id, partner_id, stage, usd_minor, locked_at,
                               created_at, stage_changed_at)
     SELECT 'txn_' || substr(a.id, 5), a.id, a.partner_id, s.stage,
            CASE WHEN s.locked THEN usd_minor(a.fee_minor, np.currency) END,
            CASE WHEN s.locked THEN least(now(), np.paid_at + interval '30 days') END,
            np.paid_at, least(now(), np.paid_at + interval '30 days')
     FROM a JOIN new_payouts np ON np.id = a.payout_id
     CROSS JOIN LATERAL (
       SELECT stage, stage IN ('ready_to_invoice', 'awaiting_platform_payment', 'paid') AS locked
       FROM (SELECT CASE
         WHEN np.paid_at > now() - interval '30 days' THEN
           (ARRAY['pending', 'confirmed', 'awaiting_collection_partner'])[1 + floor(random() * 3)::int]
         ELSE (ARRAY['confirmed', 'awaiting_collection_partner', 'ready_to_invoice',
                     'awaiting_platform_payment', 'paid', 'paid', 'paid'])[1 + floor(random() * 7)::int]
         END AS stage) x
     ) s
     WHERE a.fee_minor IS NOT NULL`,
    [partnerId, kind === 'fee'],
  );
}

async function countRows(pool: Pool): Promise<Record<string, number>> {
  const tables = [
    'partners',
    'clients',
    'client_links',
    'cases',
    'case_activity',
    'payouts',
    'payout_attributions',
    'transactions',
  ];
  const { rows } = await pool.query<Record<string, number>>(
    `SELECT ${tables.map((t) => `(SELECT count(*) FROM ${t})::int AS ${t}`).join(', ')}`,
  );
  return rows[0]!;
}
