import { countRows, createHarness, type Harness } from './helpers/harness';
import { fields, type ApiClient } from './helpers/api-client';
import { eventsOf, hostedPage, newCompany } from './helpers/clients';
import {
  customerToken,
  newCase,
  readyClient,
  signContracts,
  signOnboarding,
  unsignedClient,
} from './helpers/cases';

let h: Harness;
let alice: { partnerId: string; api: ApiClient };
beforeAll(async () => {
  h = await createHarness();
  alice = await h.newPartner('Alice');
});
afterAll(() => h.close());

const postCase = (token: string, body: unknown) => alice.api.post('/v1/cases', body, { token });

describe('POST /v1/cases: input', () => {
  it('answers 400 naming every failing field, and writes nothing', async () => {
    const { token } = await readyClient(alice.api, h.admin);
    const before = await countRows(h.pool, 'cases');
    const res = await postCase(token, {
      debtor: { name: '', type: 'robot', country: 'ZZ' },
      invoice: {
        number: 'X',
        amountMinor: 0,
        currency: 'euro',
        issueDate: '2026-13-01',
        dueDate: 'soon',
      },
    });
    expect(res.status).toBe(400);
    expect(fields(res).sort()).toEqual(
      [
        'debtor.name',
        'debtor.type',
        'debtor.country',
        'debtor.email',
        'invoice.amountMinor',
        'invoice.currency',
        'invoice.issueDate',
        'invoice.dueDate',
      ].sort(),
    );
    const dates = await postCase(token, {
      ...newCase(),
      invoice: { ...newCase().invoice, issueDate: '2026-10-02', dueDate: '2026-10-01' },
    });
    expect(fields(dates)).toEqual(['invoice.dueDate']);
    const unknownCurrency = await postCase(token, newCase({ currency: 'XAU' }));
    expect(unknownCurrency.status).toBe(400);
    expect(fields(unknownCurrency)).toEqual(['invoice.currency']);
    expect(await countRows(h.pool, 'cases')).toBe(before);
  });

  it('gives each case a sequential DEB-<number>, and one case per invoice (409 names the case)', async () => {
    const { token } = await readyClient(alice.api, h.admin);
    const first = await postCase(token, newCase());
    const second = await postCase(token, newCase());
    expect(first.status).toBe(201);
    expect(first.headers.get('location')).toBe(`/v1/cases/${first.body.reference}`);
    const n = (ref: string) => Number(ref.slice(4));
    expect(first.body.reference).toMatch(/^DEB-\d+$/);
    expect(n(second.body.reference)).toBe(n(first.body.reference) + 1);

    const body = newCase();
    const created = await postCase(token, body);
    const again = await postCase(token, body);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({
      type: '/problems/duplicate-invoice',
      reference: created.body.reference,
    });
  });
});

describe('POST /v1/cases: KYC and contracts', () => {
  it('refuses a client without KYC with 422 kyc-required, whatever allowPendingContracts says', async () => {
    const created = await alice.api.post('/v1/clients', newCompany());
    await signOnboarding(created.body.onboardingUrl);
    const token = await customerToken(alice.api, created.body.client.id);
    const before = await countRows(h.pool, 'cases');
    for (const allowPendingContracts of [false, true]) {
      const res = await postCase(token, newCase({ allowPendingContracts }));
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({
        type: '/problems/kyc-required',
        outcome: 'kyc_required',
        missing: ['kyc'],
        kycStatus: 'required',
        solutionUrl: expect.stringMatching(/\/kyc\/kys_/),
      });
    }
    expect(await countRows(h.pool, 'cases')).toBe(before);
    expect((await alice.api.get(`/v1/clients/${created.body.client.id}`)).body).toMatchObject({
      kycVerified: false,
      kycStatus: 'required',
    });
  });

  it('answers 422 contract-required for an unsigned SDCA, once per URL in events; after signing the same request succeeds', async () => {
    const client = await unsignedClient(alice.api, h.admin);
    const body = newCase();
    const res = await postCase(client.token, body);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({
      type: '/problems/contract-required',
      outcome: 'contract_required',
      missing: ['sdca'],
      solutionUrl: expect.stringMatching(/\/contracts\/csg_/),
    });
    const again = await postCase(client.token, body);
    expect(again.body.solutionUrl).toBe(res.body.solutionUrl);
    const events = (await eventsOf(h.pool, alice.partnerId, 'case.contract_required')).filter(
      (e) => e.data.clientId === client.clientId,
    );
    expect(events).toHaveLength(1);
    expect(events[0]!.data).toMatchObject({
      missing: ['sdca'],
      solutionUrl: res.body.solutionUrl,
      debtorCountry: 'DE',
      caseReference: null,
    });

    const page = await hostedPage(res.body.solutionUrl);
    expect(page.status).toBe(200);
    expect(page.html).toContain('Standard Debt Collection Agreement');
    expect((await signContracts(res.body.solutionUrl)).status).toBe(200);
    // Signing the SDCA on this page completes onboarding too.
    expect(
      (await eventsOf(h.pool, alice.partnerId, 'client.onboarding_completed')).some(
        (e) => e.data.clientId === client.clientId,
      ),
    ).toBe(true);
    const retried = await postCase(client.token, body);
    expect(retried.status).toBe(201);
    expect(retried.body).toMatchObject({ status: 'active', pendingReason: null });
    // The page, opened again, says it is done.
    expect((await hostedPage(res.body.solutionUrl)).html).toContain('Contracts signed');
  });

  it('asks for the power of attorney and JPA the debtor’s country needs (ES), then routes the case to Iberia', async () => {
    const { token } = await readyClient(alice.api, h.admin);
    const body = newCase({ country: 'ES' });
    const res = await postCase(token, body);
    expect(res.status).toBe(422);
    expect(res.body.missing).toEqual(['power_of_attorney', 'jpa']);
    const form = await signContracts(res.body.solutionUrl, '');
    expect(form.status).toBe(400);
    expect(form.html).toContain('type your full name to sign');
    expect((await signContracts(res.body.solutionUrl)).status).toBe(200);

    const retried = await postCase(token, body);
    expect(retried.status).toBe(201);
    expect(retried.body.collectionPartner).toEqual({ id: 'cp_iberia', name: 'Iberia Cobros S.L.' });
    // Signed per country: an Austrian debtor still needs Austria's power of attorney.
    const at = await postCase(token, newCase({ country: 'AT' }));
    expect(at.body.missing).toEqual(['power_of_attorney']);
  });

  it('with allowPendingContracts creates the case pending; signing starts it (case.status_changed)', async () => {
    const client = await unsignedClient(alice.api, h.admin);
    const res = await postCase(
      client.token,
      newCase({ country: 'AT', allowPendingContracts: true }),
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'pending',
      milestone: 'created',
      pendingReason: 'contracts_missing',
      createdWithYourToken: true,
      source: 'partner_api',
    });
    const required = (await eventsOf(h.pool, alice.partnerId, 'case.contract_required')).find(
      (e) => e.data.caseReference === res.body.reference,
    );
    expect(required!.data.missing).toEqual(['sdca', 'power_of_attorney']);

    const detail = await alice.api.get(`/v1/cases/${res.body.reference}`);
    expect(detail.body.contracts).toEqual([
      { type: 'sdca', status: 'missing', signedAt: null },
      { type: 'power_of_attorney', status: 'missing', signedAt: null },
    ]);
    await signContracts(required!.data.solutionUrl as string);
    const started = await alice.api.get(`/v1/cases/${res.body.reference}`);
    expect(started.body).toMatchObject({
      status: 'active',
      milestone: 'collection_started',
      pendingReason: null,
      collectionPartner: { id: 'cp_alpen' },
    });
    expect(started.body.contracts.every((c: { status: string }) => c.status === 'signed')).toBe(
      true,
    );
    const changed = (await eventsOf(h.pool, alice.partnerId, 'case.status_changed')).filter(
      (e) => e.data.reference === res.body.reference,
    );
    expect(
      changed.map((e) => [
        e.data.previousStatus,
        e.data.status,
        e.data.previousMilestone,
        e.data.milestone,
      ]),
    ).toEqual([['pending', 'active', 'created', 'collection_started']]);
  });
});

describe('routing', () => {
  it('routes by the debtor’s country; a country with no collection partner waits until an operator adds one', async () => {
    const { token } = await readyClient(alice.api, h.admin);
    const de = await postCase(token, newCase({ country: 'DE' }));
    const gb = await postCase(token, newCase({ country: 'GB' }));
    expect(de.body.collectionPartner.name).toBe('Nord Inkasso GmbH');
    // Routed at once, so collection starts at once: as answered, read and announced.
    expect(de.body).toMatchObject({ status: 'active', milestone: 'collection_started' });
    expect((await alice.api.get(`/v1/cases/${de.body.reference}`)).body.milestone).toBe(
      'collection_started',
    );
    const deCreated = (await eventsOf(h.pool, alice.partnerId, 'case.created')).find(
      (e) => e.data.reference === de.body.reference,
    );
    expect(deCreated!.data).toMatchObject({ status: 'active', milestone: 'collection_started' });
    expect(gb.body.collectionPartner.name).toBe('Thames Recoveries Ltd');

    const jp = await postCase(
      token,
      newCase({ country: 'JP', currency: 'JPY', amountMinor: 90000 }),
    );
    expect(jp.status).toBe(201);
    expect(jp.body).toMatchObject({
      status: 'pending',
      milestone: 'created',
      pendingReason: 'no_collection_partner',
      collectionPartner: null,
    });
    const created = (await eventsOf(h.pool, alice.partnerId, 'case.created')).find(
      (e) => e.data.reference === jp.body.reference,
    );
    expect(created!.data).toMatchObject({
      status: 'pending',
      milestone: 'created',
      pendingReason: 'no_collection_partner',
    });

    const routing = await h.admin.get('/admin/routing');
    expect(routing.body.routes.map((r: { country: string }) => r.country)).toEqual(
      expect.arrayContaining(['DE', 'AT', 'GB', 'US', 'ES']),
    );
    const bad = await h.admin.request('PUT', '/admin/routing/JP', {
      body: { collectionPartnerId: 'cp_nope' },
    });
    expect(fields(bad)).toEqual(['collectionPartnerId']);
    const set = await h.admin.request('PUT', '/admin/routing/JP', {
      body: { collectionPartnerId: 'cp_liberty' },
    });
    expect(set.status).toBe(200);
    expect(set.body.casesStarted).toBeGreaterThanOrEqual(1);
    expect((await alice.api.get(`/v1/cases/${jp.body.reference}`)).body).toMatchObject({
      status: 'active',
      milestone: 'collection_started',
      collectionPartner: { id: 'cp_liberty' },
    });
    const jpStarted = (await eventsOf(h.pool, alice.partnerId, 'case.status_changed')).filter(
      (e) => e.data.reference === jp.body.reference,
    );
    expect(jpStarted.map((e) => [e.data.status, e.data.milestone])).toEqual([
      ['active', 'collection_started'],
    ]);
  });
});

describe('case progress (admin)', () => {
  it('moves statuses and milestones forward only, each with case.status_changed and a timeline line', async () => {
    const { token } = await readyClient(alice.api, h.admin);
    const { reference } = (await postCase(token, newCase())).body;
    const move = (body: object) => h.admin.patch(`/admin/cases/${reference}`, body);

    // It started on creation, so it is past created and at collection_started already.
    const again = await move({ milestone: 'collection_started' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ allowed: ['in_collection', 'resolved'] });
    expect((await move({ status: 'paused', reason: 'Debtor disputes the amount' })).status).toBe(
      200,
    );
    expect((await move({ status: 'active', milestone: 'in_collection' })).body).toMatchObject({
      status: 'active',
      milestone: 'in_collection',
    });
    const back = await move({ milestone: 'created' });
    expect(back.status).toBe(409);
    expect(back.body).toMatchObject({ allowed: ['resolved'] });
    expect(fields(back)).toEqual(['milestone']);
    expect((await move({ status: 'active' })).status).toBe(409);
    expect((await move({ status: 'closed', milestone: 'resolved' })).status).toBe(200);
    const afterClose = await move({ status: 'active' });
    expect(afterClose.status).toBe(409);
    expect(afterClose.body.detail).toContain('From closed: nothing');
    expect(fields(await move({}))).toEqual(['status']);
    expect((await h.admin.patch('/admin/cases/DEB-1', { status: 'closed' })).status).toBe(404);

    const events = (await eventsOf(h.pool, alice.partnerId, 'case.status_changed')).filter(
      (e) => e.data.reference === reference,
    );
    expect(
      events.map((e) => [
        e.data.previousStatus,
        e.data.status,
        e.data.previousMilestone,
        e.data.milestone,
      ]),
    ).toEqual([
      ['active', 'paused', 'collection_started', 'collection_started'],
      ['paused', 'active', 'collection_started', 'in_collection'],
      ['active', 'closed', 'in_collection', 'resolved'],
    ]);
    expect(events[0]!.data.reason).toBe('Debtor disputes the amount');

    await h.admin.post(`/admin/cases/${reference}/messages`, {
      from: 'collection_partner',
      body: 'The debtor asked for an installment plan.',
    });
    await h.admin.post(`/admin/cases/${reference}/messages`, { from: 'client', body: 'Agreed.' });
    const detail = (await alice.api.get(`/v1/cases/${reference}`)).body;
    expect(detail.messages.map((m: { from: string }) => m.from)).toEqual([
      'collection_partner',
      'client',
    ]);
    expect(detail.timeline.map((t: { kind: string }) => t.kind)).toEqual([
      'created',
      'status_changed',
      'status_changed',
      'status_changed',
      'message',
      'message',
    ]);
    expect(detail.timeline[1].summary).toContain('Debtor disputes the amount');
    expect((await alice.api.get(`/v1/clients/${detail.clientId}`)).body.activeCaseCount).toBe(0);
  });
});

describe('creation sources', () => {
  it('records the source; cases from the client’s own channels come through the admin API', async () => {
    const { clientId, token } = await readyClient(alice.api, h.admin);
    for (const source of ['web_app', 'csv_import', 'client_api_key', 'integration']) {
      const res = await h.admin.post('/admin/cases', { ...newCase(), clientId, source });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ source, sourcePartnerId: null, status: 'active' });
      const seen = (await alice.api.get(`/v1/cases/${res.body.reference}`)).body;
      expect(seen).toMatchObject({ source, createdWithYourToken: false });
    }
    const viaToken = await postCase(token, newCase());
    expect((await h.admin.get(`/admin/cases/${viaToken.body.reference}`)).body).toMatchObject({
      source: 'partner_api',
      sourcePartnerId: alice.partnerId,
    });
    expect(
      (await h.admin.post('/admin/cases', { ...newCase(), clientId, source: 'partner_api' }))
        .status,
    ).toBe(400);
    expect(viaToken.body).toMatchObject({ source: 'partner_api', createdWithYourToken: true });
    expect((await alice.api.get(`/v1/clients/${clientId}`)).body.activeCaseCount).toBe(5);
    const missing = await h.admin.post('/admin/cases', {
      ...newCase(),
      clientId: 'cli_nope',
      source: 'web_app',
    });
    expect(missing.status).toBe(404);
    expect(fields(missing)).toEqual(['clientId']);
  });
});

describe('contracts when the client acts on its own', () => {
  it('answers the admin API with a platform-branded signing page, and tells every linked partner', async () => {
    const client = await unsignedClient(alice.api, h.admin);
    const bob = await h.newPartner('Bob');
    const res = await h.admin.post('/admin/cases', {
      ...newCase(),
      clientId: client.clientId,
      source: 'integration',
    });
    expect(res.status).toBe(422);
    const page = await hostedPage(res.body.solutionUrl);
    expect(page.html).toContain('<title>Sign contracts · Debt collection platform</title>');
    const told = (await eventsOf(h.pool, alice.partnerId, 'case.contract_required')).filter(
      (e) => e.data.solutionUrl === res.body.solutionUrl,
    );
    expect(told).toHaveLength(1);
    expect(await eventsOf(h.pool, bob.partnerId, 'case.contract_required')).toEqual([]);
  });
});

describe('partner reads', () => {
  it('lists with status, search, date range, sort and cursor paging; another partner sees none of it', async () => {
    const dora = await h.newPartner('Dora');
    const { clientId, token } = await readyClient(dora.api, h.admin);
    const amounts = [5000, 1000, 9000, 3000, 7000];
    const refs: string[] = [];
    for (const amountMinor of amounts) {
      refs.push(
        (await dora.api.post('/v1/cases', newCase({ amountMinor }), { token })).body.reference,
      );
    }
    await h.admin.patch(`/admin/cases/${refs[0]}`, { status: 'paused' });

    const byAmount: number[] = [];
    let cursor: string | null = null;
    do {
      const q: string = `/v1/cases?sort=-amount&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await dora.api.get(q);
      expect(page.status).toBe(200);
      byAmount.push(
        ...page.body.data.map((c: { invoice: { amountMinor: number } }) => c.invoice.amountMinor),
      );
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(byAmount).toEqual([9000, 7000, 5000, 3000, 1000]);

    const newest = await dora.api.get('/v1/cases?limit=2');
    expect(newest.body.data.map((c: { reference: string }) => c.reference)).toEqual([
      refs[4],
      refs[3],
    ]);
    const wrongSort = await dora.api.get(`/v1/cases?sort=amount&cursor=${newest.body.nextCursor}`);
    expect(fields(wrongSort)).toEqual(['cursor']);

    const paused = await dora.api.get('/v1/cases?status=paused');
    expect(paused.body.data.map((c: { reference: string }) => c.reference)).toEqual([refs[0]]);
    const byRef = await dora.api.get(`/v1/cases?search=${refs[2]}`);
    expect(byRef.body.data.map((c: { reference: string }) => c.reference)).toEqual([refs[2]]);
    const today = new Date().toISOString().slice(0, 10);
    expect((await dora.api.get(`/v1/cases?from=${today}&to=${today}`)).body.data).toHaveLength(5);
    expect((await dora.api.get('/v1/cases?to=2020-01-01')).body.data).toHaveLength(0);
    expect(
      (await dora.api.get(`/v1/cases?clientId=${clientId}&search=debtor`)).body.data,
    ).toHaveLength(5);
    expect(fields(await dora.api.get('/v1/cases?status=open&sort=debtor'))).toEqual([
      'status',
      'sort',
    ]);

    expect((await alice.api.get(`/v1/cases/${refs[0]}`)).status).toBe(404);
    expect((await alice.api.get(`/v1/cases?search=${refs[0]}`)).body.data).toEqual([]);
  });

  it('refuses a customer token once its partner’s link is archived (403)', async () => {
    const { clientId, token } = await readyClient(alice.api, h.admin);
    const record = await h.admin.get(`/admin/clients/${clientId}`);
    await h.admin.post(`/admin/links/${record.body.links[0].id}/archive`);
    const res = await postCase(token, newCase());
    expect(res.status).toBe(403);
    expect(res.body.type).toBe('/problems/link-archived');
  });
});
