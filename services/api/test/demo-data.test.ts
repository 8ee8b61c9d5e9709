import { seedDemoData, isEmptyPlatform, type DemoSummary } from '@referral/demo-data';
import { apiClient } from './helpers/api-client';
import { createHarness, type Harness } from './helpers/harness';

let h: Harness;
let summary: DemoSummary;
let demoPartner: { partnerId: string; apiKey: string };
beforeAll(async () => {
  h = await createHarness();
  demoPartner = await h.newPartner('Demo Partner');
  expect(await isEmptyPlatform(h.pool)).toBe(true);
  summary = await seedDemoData(
    { pool: h.pool, partners: h.partners, domain: h.domain },
    { alsoFor: [demoPartner.partnerId] },
  );
}, 180_000);
afterAll(() => h.close());

const counts = async (sql: string) =>
  Object.fromEntries(
    (await h.pool.query<{ key: string; n: number }>(sql)).rows.map((r) => [r.key, r.n]),
  );

describe('the demo data (npm run seed, and npm start on an empty database)', () => {
  it('holds a few partners, ~50 clients of both attributions and ~1,000 cases across statuses, sources and countries', async () => {
    expect(await isEmptyPlatform(h.pool)).toBe(false);
    expect(summary.partners.map((p) => p.name)).toEqual([
      'Northwind Accounting',
      'Ledgerly',
      'Cashflow Cloud',
    ]);
    expect(summary.clients).toBe(50);
    expect(summary.cases).toBeGreaterThanOrEqual(900);
    const attributions = await counts(
      `SELECT attribution AS key, count(*)::int AS n FROM client_links GROUP BY 1`,
    );
    expect(attributions.attributed).toBe(50);
    expect(attributions.non_attributed).toBeGreaterThanOrEqual(10);

    const statuses = await counts(`SELECT status AS key, count(*)::int AS n FROM cases GROUP BY 1`);
    expect(Object.keys(statuses).sort()).toEqual(['active', 'closed', 'paused', 'pending']);
    const sources = await counts(`SELECT source AS key, count(*)::int AS n FROM cases GROUP BY 1`);
    expect(Object.keys(sources)).toHaveLength(5);
    const countries = await counts(
      `SELECT debtor_country AS key, count(*)::int AS n FROM cases GROUP BY 1`,
    );
    expect(Object.keys(countries).length).toBeGreaterThanOrEqual(10);
    const pending = await counts(
      `SELECT pending_reason AS key, count(*)::int AS n FROM cases WHERE status = 'pending' GROUP BY 1`,
    );
    expect(Object.keys(pending).sort()).toEqual(['contracts_missing', 'no_collection_partner']);
    const spread = await h.pool.query<{ days: number }>(
      `SELECT extract(day FROM max(created_at) - min(created_at))::int AS days FROM cases`,
    );
    expect(spread.rows[0]!.days).toBeGreaterThan(200);
  });

  it('has fees in every revenue stage and every way of earning none, which the reporting API adds up', async () => {
    const stages = await counts(
      `SELECT stage AS key, count(*)::int AS n FROM transactions GROUP BY 1`,
    );
    expect(Object.keys(stages)).toHaveLength(6);
    const reasons = await counts(
      `SELECT coalesce(no_fee_reason, 'fee') AS key, count(*)::int AS n FROM payout_attributions GROUP BY 1`,
    );
    expect(Object.keys(reasons).sort()).toEqual(
      [
        'case_before_link',
        'fee',
        'link_archived',
        'non_attributed_other_source',
        'not_created_with_partner_token',
      ].sort(),
    );

    // The demo partner of `npm start` got clients and earnings too.
    const api = apiClient(h.url, demoPartner.apiKey);
    let usd = 0;
    let rows = 0;
    let cursor: string | null = null;
    let total = 0;
    do {
      const page = await api.get(
        `/v1/reporting/transactions?limit=100${cursor ? `&cursor=${cursor}` : ''}`,
      );
      for (const row of page.body.data) usd += row.referralFeeUsdMinor;
      rows += page.body.data.length;
      total = page.body.totals.referralFeeUsdMinor;
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(rows).toBeGreaterThan(50);
    expect(usd).toBe(total);
    const cases = await api.get('/v1/cases?limit=100');
    expect(cases.body.data.length).toBeGreaterThan(50);
  });
});
