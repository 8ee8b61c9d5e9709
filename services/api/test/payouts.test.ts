import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadFxRates } from '@referral/domain';
import { createHarness, type Harness } from './helpers/harness';
import { apiClient, fields, type ApiClient } from './helpers/api-client';
import { eventsOf, hostedPage, newCompany } from './helpers/clients';
import { customerToken, newCase, readyClient } from './helpers/cases';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

type Partner = { partnerId: string; api: ApiClient };

async function partnerWithFee(name: string, referralFeePercent: number): Promise<Partner> {
  const created = await h.admin.post('/admin/partners', { name, referralFeePercent });
  return { partnerId: created.body.id, api: apiClient(h.url, created.body.apiKey) };
}

/** `other` asks for a link to a company `owner` brought, and the company approves. */
async function approvedLink(other: Partner, body: ReturnType<typeof newCompany>) {
  const asked = await other.api.post('/v1/clients', {
    ...body,
    externalTenantId: `${body.externalTenantId}-b`,
  });
  expect(asked.status).toBe(409);
  expect((await hostedPage(asked.body.approvalUrl, { decision: 'approve' })).status).toBe(200);
}

const pay = (reference: string, amountMinor: number, currency = 'EUR') =>
  h.admin.post(`/admin/cases/${reference}/payments`, {
    amountMinor,
    currency,
    paidAt: new Date().toISOString().slice(0, 10),
  });

const payoutOf = async (partner: Partner, reference: string) =>
  (await partner.api.get(`/v1/cases/${reference}`)).body.payouts as {
    id: string;
    referralFee: { amountMinor: number } | null;
    noFeeReason: string | null;
    noFeeExplanation: string | null;
  }[];

describe('attribution, decided when a payout is created', () => {
  it('applies each rule and records its reason code, on the case and in payout.created', async () => {
    const ann = await partnerWithFee('Ann (attributed)', 20);
    const ben = await partnerWithFee('Ben (non-attributed)', 25);
    const cal = await partnerWithFee('Cal (non-attributed)', 30);
    const company = newCompany();
    const { clientId, token: annToken } = await readyClient(ann.api, h.admin, company);
    await approvedLink(ben, company);
    const benToken = await customerToken(ben.api, clientId);

    const viaAnn = (await ann.api.post('/v1/cases', newCase(), { token: annToken })).body.reference;
    const viaBen = (await ben.api.post('/v1/cases', newCase(), { token: benToken })).body.reference;
    const webApp = (
      await h.admin.post('/admin/cases', { ...newCase(), clientId, source: 'web_app' })
    ).body.reference;
    // Cal links only now: the cases above existed before its link.
    await approvedLink(cal, { ...company, externalTenantId: `${company.externalTenantId}-c` });

    for (const ref of [viaAnn, viaBen, webApp]) expect((await pay(ref, 100000)).status).toBe(201);

    const reasons = async (p: Partner) =>
      Promise.all(
        [viaAnn, viaBen, webApp].map(async (ref) => {
          const [payout] = await payoutOf(p, ref);
          return payout!.referralFee ? 'fee' : payout!.noFeeReason;
        }),
      );
    // Rule 2: attributed earns whatever the source.
    expect(await reasons(ann)).toEqual(['fee', 'fee', 'fee']);
    // Rule 3: non-attributed earns only on cases created with its own token.
    expect(await reasons(ben)).toEqual([
      'not_created_with_partner_token',
      'fee',
      'non_attributed_other_source',
    ]);
    // Forward only: cases from before the link never earn.
    expect(await reasons(cal)).toEqual([
      'case_before_link',
      'case_before_link',
      'case_before_link',
    ]);

    // Rule: the link must be active at payout time.
    const record = await h.admin.get(`/admin/clients/${clientId}`);
    const annLink = record.body.links.find(
      (l: { partnerId: string }) => l.partnerId === ann.partnerId,
    );
    await h.admin.post(`/admin/links/${annLink.id}/archive`);
    await pay(viaAnn, 50000);
    const [, afterArchive] = await payoutOf(ann, viaAnn);
    expect(afterArchive).toMatchObject({
      referralFee: null,
      noFeeReason: 'link_archived',
      noFeeExplanation: expect.stringContaining('archived'),
    });

    // Rule 1: a partner with no link when the payment came has no fee on it.
    const dan = await partnerWithFee('Dan (linked after the payouts)', 10);
    await approvedLink(dan, { ...company, externalTenantId: `${company.externalTenantId}-d` });
    const [danView] = await payoutOf(dan, webApp);
    expect(danView).toMatchObject({ noFeeReason: 'no_link', referralFee: null });

    // payout.created tells each linked partner its own outcome.
    const benEvents = await eventsOf(h.pool, ben.partnerId, 'payout.created');
    expect(
      benEvents.map((e) => [e.data.caseReference, e.data.noFeeReason, e.data.referralFee !== null]),
    ).toEqual([
      [viaAnn, 'not_created_with_partner_token', false],
      [viaBen, null, true],
      [webApp, 'non_attributed_other_source', false],
      [viaAnn, 'not_created_with_partner_token', false],
    ]);
    const annEvents = await eventsOf(h.pool, ann.partnerId, 'payout.created');
    expect(annEvents[0]!.data).toMatchObject({
      paymentAmountMinor: 100000,
      // DE routes to Nord Inkasso: 15 % commission; Ann's fee is 20 % of it.
      platformRevenueMinor: 15000,
      referralFee: { amountMinor: 3000, currency: 'EUR', feePercentage: 20, usdMinor: 3246 },
      noFeeReason: null,
    });
    expect(annEvents[3]!.data).toMatchObject({ referralFee: null, noFeeReason: 'link_archived' });
  });

  it('snapshots the fee on the link: a later change of the partner’s fee does not apply', async () => {
    const eve = await partnerWithFee('Eve', 20);
    const { token } = await readyClient(eve.api, h.admin);
    const ref = (await eve.api.post('/v1/cases', newCase(), { token })).body.reference;
    await h.admin.patch(`/admin/partners/${eve.partnerId}`, { referralFeePercent: 50 });
    const res = await pay(ref, 100000);
    expect(res.body.attributions[0]).toMatchObject({ feeMinor: 3000 });
  });
});

describe('payments', () => {
  it('adds installments up to exactly what one payment would give, rounding included', async () => {
    const fay = await partnerWithFee('Fay', 12.5);
    const { token } = await readyClient(fay.api, h.admin);
    const installments = (
      await fay.api.post('/v1/cases', newCase({ amountMinor: 30009 }), { token })
    ).body.reference;
    const lump = (await fay.api.post('/v1/cases', newCase({ amountMinor: 30009 }), { token })).body
      .reference;
    const parts = [];
    for (const amount of [10003, 10003, 10003]) parts.push((await pay(installments, amount)).body);
    const whole = (await pay(lump, 30009)).body;

    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    // Rounded one by one, 15 % of 10003 is 1500 three times: 4500, a cent short of 4501.
    expect(parts.map((p) => p.platformRevenueMinor)).toEqual([1500, 1501, 1500]);
    expect(sum(parts.map((p) => p.platformRevenueMinor))).toBe(whole.platformRevenueMinor);
    expect(whole.platformRevenueMinor).toBe(4501);
    const fees = parts.map((p) => p.attributions[0].feeMinor);
    expect(sum(fees)).toBe(whole.attributions[0].feeMinor);
    expect(whole.attributions[0].feeMinor).toBe(563);

    const detail = (await fay.api.get(`/v1/cases/${installments}`)).body;
    expect(detail.totals).toEqual({ collectedMinor: 30009, referralFeeMinor: 563 });
    expect(detail.timeline.filter((t: { kind: string }) => t.kind === 'payment')).toHaveLength(3);
    expect(detail.timeline[1].summary).toBe('Payment of 100.03 EUR received');
  });

  it('refuses a payment in another currency, dated in the future, or on a case whose collection never started', async () => {
    const gus = await partnerWithFee('Gus', 10);
    const { token } = await readyClient(gus.api, h.admin);
    const ref = (await gus.api.post('/v1/cases', newCase(), { token })).body.reference;
    expect(fields(await pay(ref, 100, 'USD'))).toEqual(['currency']);
    const future = await h.admin.post(`/admin/cases/${ref}/payments`, {
      amountMinor: 100,
      currency: 'EUR',
      paidAt: '2999-01-01',
    });
    expect(fields(future)).toEqual(['paidAt']);
    expect(fields(await pay(ref, 0))).toEqual(['amountMinor']);
    const waiting = (
      await gus.api.post('/v1/cases', newCase({ country: 'BR', currency: 'BRL' }), { token })
    ).body.reference;
    const pending = await pay(waiting, 100, 'BRL');
    expect(pending.status).toBe(409);
    expect(pending.body.type).toBe('/problems/case-not-started');
    // Routed, but waiting for Austria's power of attorney: no payment either.
    const unsigned = (
      await gus.api.post('/v1/cases', newCase({ country: 'AT', allowPendingContracts: true }), {
        token,
      })
    ).body;
    expect(unsigned).toMatchObject({ status: 'pending', collectionPartner: { id: 'cp_alpen' } });
    expect((await pay(unsigned.reference, 100)).body.detail).toContain('contracts_missing');
    // Closed while pending, it never started: still no payment.
    await h.admin.patch(`/admin/cases/${unsigned.reference}`, { status: 'closed' });
    const closed = await pay(unsigned.reference, 100);
    expect(closed.status).toBe(409);
    expect(closed.body.detail).toContain('never started (closed)');
    expect((await pay('DEB-1', 100)).status).toBe(404);
    expect((await gus.api.get(`/v1/cases/${ref}`)).body.payouts).toEqual([]);
  });
});

describe('revenue stages', () => {
  async function feesOf(partner: Partner, count: number) {
    const { token } = await readyClient(partner.api, h.admin);
    const ids: string[] = [];
    for (let i = 0; i < count; i += 1) {
      const ref = (await partner.api.post('/v1/cases', newCase(), { token })).body.reference;
      ids.push((await pay(ref, 100000)).body.attributions[0].transactionId);
    }
    return ids;
  }

  it('moves only forward (409 otherwise); a bulk move is all or nothing', async () => {
    const hal = await partnerWithFee('Hal', 20);
    const [a, b, c] = await feesOf(hal, 3);
    const move = (id: string, stage: string) =>
      h.admin.post(`/admin/transactions/${id}/stage`, { stage });

    expect((await move(a!, 'confirmed')).body.moved[0]).toMatchObject({
      previousStage: 'pending',
      stage: 'confirmed',
      usdLocked: false,
    });
    const back = await move(a!, 'pending');
    expect(back.status).toBe(409);
    expect(back.body.transactions).toEqual([{ id: a, stage: 'confirmed' }]);
    expect((await move(a!, 'confirmed')).status).toBe(409);
    expect(fields(await move(a!, 'invoiced'))).toEqual(['stage']);
    expect((await move('txn_00000000000000000000000000000000', 'paid')).status).toBe(404);

    // "The collection partner's invoice for these was received": b and c move, a would go back.
    const bulk = await h.admin.post('/admin/transactions/stage', {
      transactionIds: [b, c, a],
      stage: 'pending',
    });
    expect(bulk.status).toBe(409);
    expect(fields(bulk)).toEqual(['transactionIds.0', 'transactionIds.1', 'transactionIds.2']);
    const ok = await h.admin.post('/admin/transactions/stage', {
      transactionIds: [b, c],
      stage: 'awaiting_collection_partner',
    });
    expect(ok.body.moved.map((m: { stage: string }) => m.stage)).toEqual([
      'awaiting_collection_partner',
      'awaiting_collection_partner',
    ]);
    const mixed = await h.admin.post('/admin/transactions/stage', {
      transactionIds: [a, b],
      stage: 'confirmed',
    });
    expect(mixed.status).toBe(409);
    // Nothing moved: a is still confirmed.
    const report = await hal.api.get('/v1/reporting/transactions');
    expect(
      Object.fromEntries(
        report.body.data.map((t: { transactionId: string; stage: string }) => [
          t.transactionId,
          t.stage,
        ]),
      ),
    ).toEqual({
      [a!]: 'confirmed',
      [b!]: 'awaiting_collection_partner',
      [c!]: 'awaiting_collection_partner',
    });

    const events = await eventsOf(h.pool, hal.partnerId, 'transaction.stage_changed');
    expect(events.map((e) => [e.data.previousStage, e.data.stage])).toEqual([
      [null, 'pending'],
      [null, 'pending'],
      [null, 'pending'],
      ['pending', 'confirmed'],
      ['pending', 'awaiting_collection_partner'],
      ['pending', 'awaiting_collection_partner'],
    ]);
  });

  it('locks the USD amount at ready_to_invoice; unlocked amounts follow a new FX file', async () => {
    const ivy = await partnerWithFee('Ivy', 20);
    const [locked, floating] = await feesOf(ivy, 2);
    const moved = await h.admin.post(`/admin/transactions/${locked}/stage`, {
      stage: 'ready_to_invoice',
    });
    // 3000 EUR cents at 1.082 USD/EUR.
    expect(moved.body.moved[0]).toMatchObject({ usdMinor: 3246, usdLocked: true });

    const dir = await mkdtemp(join(tmpdir(), 'fx-'));
    const file = join(dir, 'rates.csv');
    await writeFile(file, 'currency,minor_units,usd_per_unit\nEUR,2,1.5\n');
    await loadFxRates(h.pool, file);
    try {
      const usd = async () =>
        Object.fromEntries(
          (await ivy.api.get('/v1/reporting/transactions')).body.data.map(
            (t: { transactionId: string; referralFeeUsdMinor: number; usdLocked: boolean }) => [
              t.transactionId,
              [t.referralFeeUsdMinor, t.usdLocked],
            ],
          ),
        );
      expect(await usd()).toEqual({ [locked!]: [3246, true], [floating!]: [4500, false] });
      // Later stages keep the locked amount.
      await h.admin.post(`/admin/transactions/stage`, {
        transactionIds: [locked, floating],
        stage: 'paid',
      });
      expect(await usd()).toEqual({ [locked!]: [3246, true], [floating!]: [4500, true] });
      const paid = (await eventsOf(h.pool, ivy.partnerId, 'transaction.stage_changed')).filter(
        (e) => e.data.stage === 'paid',
      );
      expect(
        Object.fromEntries(
          paid.map((e) => [
            e.data.transactionId,
            [e.data.reportingStage, e.data.usdAmountMinor, e.data.usdLocked],
          ]),
        ),
      ).toEqual({
        [locked!]: ['recognized_paid', 3246, true],
        [floating!]: ['recognized_paid', 4500, true],
      });
    } finally {
      await writeFile(file, 'currency,minor_units,usd_per_unit\nEUR,2,1.0820\n');
      await loadFxRates(h.pool, file);
    }
  });
});

describe('GET /v1/reporting/transactions', () => {
  it('pages through rows whose sums equal the totals, per stage, under every filter', async () => {
    const jo = await partnerWithFee('Jo', 20);
    const { clientId, token } = await readyClient(jo.api, h.admin);
    const stages = [
      'pending',
      'confirmed',
      'ready_to_invoice',
      'awaiting_platform_payment',
      'paid',
    ];
    const refs: string[] = [];
    for (let i = 0; i < 10; i += 1) {
      const ref = (
        await jo.api.post('/v1/cases', newCase({ amountMinor: 10000 + i * 777 }), { token })
      ).body.reference;
      refs.push(ref);
      const txn = (await pay(ref, 10000 + i * 777)).body.attributions[0].transactionId;
      const stage = stages[i % stages.length]!;
      if (stage !== 'pending') await h.admin.post(`/admin/transactions/${txn}/stage`, { stage });
    }

    const all = async (query: string) => {
      const rows: { referralFeeUsdMinor: number; stage: string; reportingStage: string }[] = [];
      let cursor: string | null = null;
      let totals;
      do {
        const res = await jo.api.get(
          `/v1/reporting/transactions?limit=3${query}${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(res.status).toBe(200);
        rows.push(...res.body.data);
        totals = res.body.totals;
        cursor = res.body.nextCursor;
      } while (cursor);
      return { rows, totals };
    };
    const sumOf = (rows: { referralFeeUsdMinor: number }[]) =>
      rows.reduce((s, r) => s + r.referralFeeUsdMinor, 0);

    const { rows, totals } = await all('');
    expect(rows).toHaveLength(10);
    expect(totals.count).toBe(10);
    expect(totals.referralFeeUsdMinor).toBe(sumOf(rows));
    for (const stage of Object.keys(totals.byStage)) {
      const of = rows.filter((r) => r.stage === stage);
      expect({ stage, ...totals.byStage[stage] }).toEqual({
        stage,
        count: of.length,
        referralFeeUsdMinor: sumOf(of),
      });
    }
    expect(totals.byReportingStage.unrecognized.count).toBe(4);

    const recognized = await all('&reportingStage=recognized_invoiced');
    expect(recognized.rows.map((r) => r.stage)).toEqual([
      'awaiting_platform_payment',
      'awaiting_platform_payment',
    ]);
    expect(recognized.totals.referralFeeUsdMinor).toBe(sumOf(recognized.rows));
    expect((await all('&stage=paid')).rows).toHaveLength(2);
    expect((await all(`&caseReference=${refs[3]}`)).rows).toHaveLength(1);
    expect((await all(`&clientId=${clientId}`)).rows).toHaveLength(10);
    expect((await all('&from=2000-01-01&to=2000-12-31')).totals.count).toBe(0);

    const [row] = (await all(`&caseReference=${refs[0]}`)).rows as unknown as Record<
      string,
      unknown
    >[];
    expect(row).toMatchObject({
      caseReference: refs[0],
      clientId,
      invoiceAmountMinor: 10000,
      platformRevenueMinor: 1500,
      referralFeeMinor: 300,
      collectionPartner: { id: 'cp_nordinkasso', name: 'Nord Inkasso GmbH' },
      usdLocked: false,
    });
    expect(fields(await jo.api.get('/v1/reporting/transactions?stage=done'))).toEqual(['stage']);
    // Another partner's report is its own.
    expect(
      (await (await partnerWithFee('Kit', 10)).api.get('/v1/reporting/transactions')).body.totals
        .count,
    ).toBe(0);
  });
});
