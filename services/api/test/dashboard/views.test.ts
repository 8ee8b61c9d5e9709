import {
  COUNT_CAP,
  CSV_ROW_CAP,
  CaseSortKey,
  ClientSortKey,
  EarningsSortKey,
  dashboardApi,
} from '@referral/dashboard-contract';
import { createHarness, type Harness } from '../helpers/harness';
import {
  dashboardAgent,
  seedCase,
  seedClient,
  seedFee,
  seedManyCases,
  type DashboardAgent,
} from '../helpers/dashboard';

let h: Harness;
let agent: DashboardAgent;
let partnerId: string;
let acme: string;
let globex: string;
const refs: Record<string, string> = {};

beforeAll(async () => {
  h = await createHarness();
  ({ partnerId } = await h.newPartner('Viewer'));
  acme = await seedClient(h.pool, partnerId, {
    companyName: 'Acme 100% Tools',
    externalTenantId: 'acme-1',
    linkedAt: '2026-01-10T00:00:00Z',
  });
  globex = await seedClient(h.pool, partnerId, {
    companyName: 'Globex',
    externalTenantId: 'globex-1',
    attribution: 'non_attributed',
    sdcaSigned: false,
    linkedAt: '2026-02-10T00:00:00Z',
  });
  const cases = [
    {
      key: 'a',
      client: acme,
      debtorName: 'Zeta Bau',
      status: 'active',
      amountMinor: 500_00,
      createdAt: '2026-03-01T10:00:00Z',
    },
    {
      key: 'b',
      client: acme,
      debtorName: 'Alpha Logistik',
      status: 'pending',
      amountMinor: 900_00,
      createdAt: '2026-03-02T10:00:00Z',
    },
    {
      key: 'c',
      client: globex,
      debtorName: 'Mitte Handel',
      status: 'closed',
      amountMinor: 100_00,
      createdAt: '2026-03-03T10:00:00Z',
    },
    {
      key: 'd',
      client: globex,
      debtorName: 'Beta Werke',
      status: 'paused',
      amountMinor: 700_00,
      createdAt: '2026-04-15T10:00:00Z',
    },
  ] as const;
  for (const c of cases) {
    const seeded = await seedCase(h.pool, c.client, c);
    refs[c.key] = seeded.reference;
    refs[`${c.key}-id`] = seeded.id;
  }
  await seedFee(h.pool, partnerId, refs['a-id']!, {
    stage: 'pending',
    paidAt: '2026-04-02T00:00:00Z',
    amountMinor: 1000_00,
  });
  await seedFee(h.pool, partnerId, refs['a-id']!, {
    stage: 'ready_to_invoice',
    paidAt: '2026-04-20T00:00:00Z',
    amountMinor: 2000_00,
  });
  await seedFee(h.pool, partnerId, refs['d-id']!, {
    stage: 'awaiting_platform_payment',
    paidAt: '2026-05-05T00:00:00Z',
    amountMinor: 4000_00,
  });
  await seedFee(h.pool, partnerId, refs['d-id']!, {
    stage: 'paid',
    paidAt: '2026-05-06T00:00:00Z',
    amountMinor: 3000_00,
  });
  agent = dashboardAgent(h.url);
  expect((await agent.login(partnerId)).status).toBe(200);
});
afterAll(() => h.close());

const refsOf = (body: { rows: { reference?: string; caseReference?: string }[] }) =>
  body.rows.map((r) => r.reference ?? r.caseReference);

describe('Cases view', () => {
  it('filters by tab, search (reference, debtor, client name; LIKE characters literal) and dates', async () => {
    const all = await agent.get(dashboardApi.cases);
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ page: 1, pageSize: 20, total: 4 });
    expect(refsOf(all.body)).toEqual([refs.d, refs.c, refs.b, refs.a]); // newest first
    expect(
      (await agent.get(`${dashboardApi.cases}?tab=active`)).body.rows.map(
        (r: { reference: string }) => r.reference,
      ),
    ).toEqual([refs.a]);
    expect(refsOf((await agent.get(`${dashboardApi.cases}?search=alpha`)).body)).toEqual([refs.b]);
    expect(refsOf((await agent.get(`${dashboardApi.cases}?search=${refs.c}`)).body)).toEqual([
      refs.c,
    ]);
    expect(refsOf((await agent.get(`${dashboardApi.cases}?search=globex`)).body)).toEqual([
      refs.d,
      refs.c,
    ]);
    expect(refsOf((await agent.get(`${dashboardApi.cases}?search=100%25`)).body)).toEqual([
      refs.b,
      refs.a,
    ]);
    expect((await agent.get(`${dashboardApi.cases}?search=_`)).body.total).toBe(0);
    const range = await agent.get(`${dashboardApi.cases}?from=2026-03-02&to=2026-03-03`);
    expect(refsOf(range.body)).toEqual([refs.c, refs.b]);
    const row = all.body.rows.find((r: { reference: string }) => r.reference === refs.a);
    expect(row).toMatchObject({
      clientName: 'Acme 100% Tools',
      debtorName: 'Zeta Bau',
      amountMinor: 50000,
      currency: 'EUR',
      status: 'active',
      collectionPartner: 'Nord Inkasso GmbH',
    });
  });

  it('sorts by every key both ways, stable', async () => {
    for (const sort of CaseSortKey.options) {
      const asc = await agent.get(`${dashboardApi.cases}?sort=${sort}&order=asc`);
      const desc = await agent.get(`${dashboardApi.cases}?sort=${sort}&order=desc`);
      expect([asc.status, desc.status]).toEqual([200, 200]);
      expect(asc.body.total).toBe(4);
    }
    expect(refsOf((await agent.get(`${dashboardApi.cases}?sort=debtor&order=asc`)).body)).toEqual([
      refs.b,
      refs.d,
      refs.c,
      refs.a,
    ]);
    expect(refsOf((await agent.get(`${dashboardApi.cases}?sort=amount&order=desc`)).body)).toEqual([
      refs.b,
      refs.d,
      refs.a,
      refs.c,
    ]);
    // Equal clients keep their ids' order (the tie-break), in the same direction.
    expect(refsOf((await agent.get(`${dashboardApi.cases}?sort=client&order=asc`)).body)).toEqual([
      refs.a,
      refs.b,
      refs.c,
      refs.d,
    ]);
  });

  it('names every invalid query field in one 400', async () => {
    const bad = await agent.get(`${dashboardApi.cases}?tab=open&sort=nope&page=0&from=yesterday`);
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'from',
      'page',
      'sort',
      'tab',
    ]);
  });

  it('counts cards by status over the date range only', async () => {
    expect((await agent.get(dashboardApi.casesSummary)).body).toEqual({
      total: 4,
      active: 1,
      pending: 1,
      closed: 1,
      paused: 1,
    });
    expect((await agent.get(`${dashboardApi.casesSummary}?from=2026-04-01`)).body).toEqual({
      total: 1,
      active: 0,
      pending: 0,
      closed: 0,
      paused: 1,
    });
  });

  it('shows a case in detail, with the balance, milestones and signatures; another’s reference is 404', async () => {
    const detail = await agent.get(dashboardApi.caseDetail(refs.a!));
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({
      reference: refs.a,
      remainingBalanceMinor: 0,
      collectionStartedAt: '2026-03-01T10:00:00.000Z',
      sdca: { required: true, signed: true },
      powerOfAttorney: { required: false, signed: false, signedAt: null },
      milestones: [
        { milestone: 'created', reached: true, at: '2026-03-01T10:00:00.000Z' },
        { milestone: 'collection_started', reached: true, at: '2026-03-01T10:00:00.000Z' },
        { milestone: 'in_collection', reached: false, at: null },
        { milestone: 'resolved', reached: false, at: null },
      ],
    });
    expect(detail.body.payouts).toHaveLength(2);
    expect(detail.body.revenue.collectedMinor).toBe(3000_00);
    expect((await agent.get(dashboardApi.caseDetail('DEB-99999999'))).status).toBe(404);
  });
});

describe('Earnings view', () => {
  it('lists fees by stage tab, search and payment dates, sorted by every key', async () => {
    const all = await agent.get(dashboardApi.earnings);
    expect(all.body.total).toBe(4);
    expect(all.body.rows.map((r: { stage: string }) => r.stage)).toEqual([
      'paid',
      'awaiting_platform_payment',
      'ready_to_invoice',
      'pending',
    ]);
    expect((await agent.get(`${dashboardApi.earnings}?tab=paid`)).body.total).toBe(1);
    expect((await agent.get(`${dashboardApi.earnings}?search=globex`)).body.total).toBe(2);
    expect((await agent.get(`${dashboardApi.earnings}?search=${refs.a}`)).body.total).toBe(2);
    expect(
      (await agent.get(`${dashboardApi.earnings}?from=2026-04-15&to=2026-05-05`)).body.total,
    ).toBe(2);
    for (const sort of EarningsSortKey.options) {
      for (const order of ['asc', 'desc']) {
        const page = await agent.get(`${dashboardApi.earnings}?sort=${sort}&order=${order}`);
        expect([page.status, page.body.total]).toEqual([200, 4]);
      }
    }
    const byFee = await agent.get(`${dashboardApi.earnings}?sort=referralFeeUsd&order=asc`);
    const fees = byFee.body.rows.map((r: { referralFeeUsdMinor: number }) => r.referralFeeUsdMinor);
    expect(fees).toEqual([...fees].sort((x, y) => x - y));
  });

  it('sums the cards, the monthly chart by stage and the invoiceable fees', async () => {
    const summary = (await agent.get(dashboardApi.earningsSummary)).body;
    // Fees are 10 % of 15 % of the payment: 1,500 / 3,000 / 6,000 / 4,500 cents.
    expect(summary.readyToInvoiceUsdMinor).toBe(3000);
    expect(summary.awaitingPaymentUsdMinor).toBe(6000);
    expect(summary.invoiceable).toEqual({ count: 1, usdMinor: 3000 });
    expect(summary.pendingUsdMinor).toBeGreaterThan(0);
    expect(summary.totalEarnedUsdMinor).toBe(summary.pendingUsdMinor + 3000 + 6000 + 4500);
    expect(summary.monthly.map((m: { month: string }) => m.month)).toEqual(['2026-04', '2026-05']);
    expect(summary.monthly[1].byStage).toMatchObject({
      paid: 4500,
      awaiting_platform_payment: 6000,
      pending: 0,
    });
    const may = (await agent.get(`${dashboardApi.earningsSummary}?from=2026-05-01`)).body;
    expect(may.totalEarnedUsdMinor).toBe(10500);
  });

  it('exports the invoice lines: every fee ready to invoice', async () => {
    const csv = await agent.get(dashboardApi.invoiceCsv);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('x-export-total')).toBe('1');
    const lines = csv.text.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(refs.a);
    expect(lines[1]).toContain('500.00,300.00,30.00,30.00');
  });
});

describe('Clients view', () => {
  it('filters by tab, search and link dates; sorts by every key; counts cards', async () => {
    const all = await agent.get(dashboardApi.clients);
    expect(all.body.rows.map((r: { companyName: string }) => r.companyName)).toEqual([
      'Globex',
      'Acme 100% Tools',
    ]);
    expect(all.body.rows[0]).toMatchObject({
      attribution: 'non_attributed',
      onboardingStatus: 'pending',
      activeCaseCount: 1,
      linkStatus: 'active',
    });
    expect(
      (await agent.get(`${dashboardApi.clients}?tab=unsigned_sdca`)).body.rows.map(
        (r: { clientId: string }) => r.clientId,
      ),
    ).toEqual([globex]);
    expect((await agent.get(`${dashboardApi.clients}?tab=non_attributed`)).body.total).toBe(1);
    expect((await agent.get(`${dashboardApi.clients}?search=acme`)).body.rows[0].clientId).toBe(
      acme,
    );
    expect((await agent.get(`${dashboardApi.clients}?search=globex-`)).body.rows[0].clientId).toBe(
      globex,
    );
    expect((await agent.get(`${dashboardApi.clients}?to=2026-01-31`)).body.total).toBe(1);
    for (const sort of ClientSortKey.options) {
      const asc = await agent.get(`${dashboardApi.clients}?sort=${sort}&order=asc`);
      expect([asc.status, asc.body.total]).toEqual([200, 2]);
    }
    expect(
      (await agent.get(`${dashboardApi.clients}?sort=company&order=asc`)).body.rows[0].clientId,
    ).toBe(acme);
    expect((await agent.get(dashboardApi.clientsSummary)).body).toEqual({
      total: 2,
      attributed: 1,
      onboardingComplete: 1,
    });
  });
});

describe('CSV exports', () => {
  it('caps at 1,000 rows in the list’s sort, says so in headers, and escapes formulas', async () => {
    const { partnerId: bulkPartner } = await h.newPartner('Bulk');
    const client = await seedClient(h.pool, bulkPartner, { companyName: 'Bulk Co' });
    const names = ['=HYPERLINK("http://evil.example","x")', '+1', '-2', '@SUM(A1)', 'Plain GmbH'];
    await seedManyCases(h.pool, client, CSV_ROW_CAP + 5, names);
    const bulk = dashboardAgent(h.url);
    await bulk.login(bulkPartner);
    const csv = await bulk.get(`${dashboardApi.casesCsv}?sort=createdAt&order=asc&page=7`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toMatch(
      /^attachment; filename="cases-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    expect(csv.headers.get('x-export-total')).toBe(String(CSV_ROW_CAP + 5));
    expect(csv.headers.get('x-export-capped')).toBe('true');
    const lines = csv.text.trim().split('\n');
    expect(lines).toHaveLength(CSV_ROW_CAP + 1);
    expect(lines[0]).toBe(
      'Reference,Client,Debtor,Amount,Currency,Status,Milestone,Collection partner,Created at,Last activity at',
    );
    const debtors = lines.slice(1, 6).map((l) => l.split(',')[2]);
    // i = 1..5 takes names[1], names[2], … in turn; amounts 10.01, 10.02, …
    expect(debtors).toEqual([
      "'+1",
      "'-2",
      "'@SUM(A1)",
      'Plain GmbH',
      `"'=HYPERLINK(""http://evil.example""`,
    ]);
    expect(lines[1]).toContain(',10.01,EUR,');

    const small = await agent.get(`${dashboardApi.casesCsv}?tab=active`);
    expect(small.headers.get('x-export-capped')).toBe('false');
    expect(small.headers.get('x-export-total')).toBe('1');
    const earnings = await agent.get(dashboardApi.earningsCsv);
    expect(earnings.headers.get('x-export-total')).toBe('4');
    const clients = await agent.get(dashboardApi.clientsCsv);
    expect(clients.text.trim().split('\n')).toHaveLength(3);
  });
});

describe('search and counts on a large book', () => {
  it('counts up to COUNT_CAP, pages few matches in the same order as many, and matches short terms at word starts', async () => {
    const { partnerId: bigPartner } = await h.newPartner('Big book');
    const client = await seedClient(h.pool, bigPartner, { companyName: 'Quartz Holding' });
    const names = ['Plain GmbH', 'Anna Schmidt', 'Bernd Schmidt', 'Zeta Bau', 'Omega AG'];
    await seedManyCases(h.pool, client, COUNT_CAP + 5, names);
    const big = dashboardAgent(h.url);
    await big.login(bigPartner);

    const all = await big.get(dashboardApi.cases);
    expect(all.body).toMatchObject({ total: COUNT_CAP, totalCapped: true });
    expect(all.body.rows).toHaveLength(20);
    // Many matches: a deep page in the same order as SQL's, whether the page's
    // ids come from the cases alone (amount) or from the joined rows (client).
    for (const [sort, column] of [
      ['amount', 'amount_minor'],
      ['client', '(SELECT company_name FROM clients c WHERE c.id = cases.client_id)'],
    ]) {
      const { rows } = await h.pool.query<{ reference: string }>(
        `SELECT reference FROM cases WHERE client_id = $1 ORDER BY ${column} ASC, id ASC
         LIMIT 20 OFFSET 1000`,
        [client],
      );
      const deep = await big.get(`${dashboardApi.cases}?sort=${sort}&order=asc&page=51`);
      expect(refsOf(deep.body)).toEqual(rows.map((r) => r.reference));
    }
    const csv = await big.get(dashboardApi.casesCsv);
    expect(csv.headers.get('x-export-total')).toBe(`${COUNT_CAP}+`);

    // Every fifth case: few enough to be counted, collected and sorted in SQL's order.
    const { rows: expected } = await h.pool.query<{ reference: string }>(
      `SELECT reference FROM cases WHERE client_id = $1 AND debtor_name = 'Zeta Bau'
       ORDER BY amount_minor DESC, id DESC`,
      [client],
    );
    const zeta = await big.get(`${dashboardApi.cases}?search=zeta&sort=amount&order=desc&page=2`);
    expect(zeta.body).toMatchObject({ total: expected.length, totalCapped: false });
    expect(refsOf(zeta.body)).toEqual(expected.slice(20, 40).map((r) => r.reference));

    // Under three characters: the start of a word, not anywhere.
    const total = async (search: string) =>
      (await big.get(`${dashboardApi.cases}?search=${encodeURIComponent(search)}`)).body.total;
    expect(await total('sc')).toBe(2 * expected.length); // Anna and Bernd Schmidt
    expect(await total('ch')).toBe(0);
    expect(await total('chm')).toBe(2 * expected.length);
    expect(await total('qu')).toBe(COUNT_CAP); // the client's name: every case
  });
});

describe('isolation', () => {
  it('a partner’s session never sees another partner’s cases, fees or clients, by any filter or id', async () => {
    const { partnerId: other } = await h.newPartner('Other');
    const b = dashboardAgent(h.url);
    await b.login(other);
    expect((await b.get(dashboardApi.cases)).body.total).toBe(0);
    expect((await b.get(`${dashboardApi.cases}?search=${refs.a}`)).body.total).toBe(0);
    expect((await b.get(dashboardApi.caseDetail(refs.a!))).status).toBe(404);
    expect((await b.get(dashboardApi.earnings)).body.total).toBe(0);
    expect((await b.get(dashboardApi.clients)).body.total).toBe(0);
    expect((await b.get(dashboardApi.casesSummary)).body.total).toBe(0);
    expect((await b.get(dashboardApi.earningsSummary)).body.totalEarnedUsdMinor).toBe(0);
    expect((await b.get(dashboardApi.clientsSummary)).body.total).toBe(0);
    expect((await b.get(dashboardApi.casesCsv)).headers.get('x-export-total')).toBe('0');
    expect((await b.get(dashboardApi.invoiceCsv)).headers.get('x-export-total')).toBe('0');
  });
});
