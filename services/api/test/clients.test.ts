import { expireDueLinkRequests } from '@referral/domain';
import { countRows, createHarness, type Harness } from './helpers/harness';
import { fields, type ApiClient } from './helpers/api-client';
import {
  eventsOf,
  expire,
  hostedPage,
  newCompany,
  onboardedClient,
  signOnboarding,
} from './helpers/clients';

let h: Harness;
let alice: { partnerId: string; api: ApiClient };
let bob: { partnerId: string; api: ApiClient };

beforeAll(async () => {
  h = await createHarness();
  alice = await h.newPartner('Alice Accounting');
  bob = await h.newPartner('Bob Books');
});
afterAll(() => h.close());

describe('POST /v1/clients for a company new to the platform', () => {
  it('answers 202 onboarding_required with an attributed client, and emits client.linked', async () => {
    const body = newCompany({ country: 'de', registrationNumber: ' hrb-99 001 ' });
    const res = await alice.api.post('/v1/clients', body);
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({
      outcome: 'onboarding_required',
      onboardingUrl: expect.stringMatching(new RegExp(`^${h.url}/onboarding/onb_[0-9a-f]{32}\\.`)),
      client: {
        externalTenantId: body.externalTenantId,
        country: 'DE',
        registrationNumber: 'hrb-99 001',
        attribution: 'attributed',
        feePercent: 10,
        linkStatus: 'active',
        onboardingStatus: 'pending',
        activeCaseCount: 0,
      },
    });
    expect(res.body.client.onboardingUrl).toBe(res.body.onboardingUrl);
    const [linked] = await eventsOf(h.pool, alice.partnerId, 'client.linked');
    expect(linked!.data).toMatchObject({
      clientId: res.body.client.id,
      attribution: 'attributed',
      feePercentage: 10,
    });
  });

  it('re-presents the same onboarding URL, and a fresh one once it expired', async () => {
    const body = newCompany();
    const first = await alice.api.post('/v1/clients', body);
    const again = await alice.api.post('/v1/clients', body);
    expect(again.status).toBe(202);
    expect(again.body.onboardingUrl).toBe(first.body.onboardingUrl);

    await expire(h.pool, 'onboarding_sessions', 'client_id', first.body.client.id);
    expect((await hostedPage(first.body.onboardingUrl)).status).toBe(410);
    expect(
      (await alice.api.get(`/v1/clients/${first.body.client.id}`)).body.onboardingUrl,
    ).toBeNull();
    const fresh = await alice.api.post('/v1/clients', body);
    expect(fresh.status).toBe(202);
    expect(fresh.body.onboardingUrl).not.toBe(first.body.onboardingUrl);
    expect((await hostedPage(fresh.body.onboardingUrl)).status).toBe(200);
  });

  it('answers 201 ready once the SDCA is signed, and emits client.onboarding_completed', async () => {
    const body = newCompany();
    const created = await alice.api.post('/v1/clients', body);
    const signed = await signOnboarding(created.body.onboardingUrl, 'Greta Berg');
    expect(signed.status).toBe(200);
    expect(signed.html).toContain('Onboarding complete');

    const ready = await alice.api.post('/v1/clients', body);
    expect(ready.status).toBe(201);
    expect(ready.body).toMatchObject({
      outcome: 'ready',
      client: { id: created.body.client.id, onboardingStatus: 'completed', onboardingUrl: null },
    });
    const completed = await eventsOf(h.pool, alice.partnerId, 'client.onboarding_completed');
    expect(completed.filter((e) => e.data.clientId === created.body.client.id)).toHaveLength(1);
    // Signing again changes nothing and emits nothing.
    expect((await signOnboarding(created.body.onboardingUrl)).status).toBe(200);
    const after = await eventsOf(h.pool, alice.partnerId, 'client.onboarding_completed');
    expect(after.filter((e) => e.data.clientId === created.body.client.id)).toHaveLength(1);
  });

  it('refuses an onboarding form without the box ticked or a name, and signs nothing', async () => {
    const created = await alice.api.post('/v1/clients', newCompany());
    const res = await hostedPage(created.body.onboardingUrl, { signerName: ' ' });
    expect(res.status).toBe(400);
    expect(res.html).toContain('role="alert"');
    expect(res.html).toContain('tick the box');
    expect(res.html).toContain('type your full name');
    const client = await alice.api.get(`/v1/clients/${created.body.client.id}`);
    expect(client.body.onboardingStatus).toBe('pending');
  });

  it('treats registration numbers that differ only in spaces, case or punctuation as one company', async () => {
    const body = newCompany({ registrationNumber: 'FN 123.456-x' });
    const first = await alice.api.post('/v1/clients', body);
    const same = await alice.api.post('/v1/clients', { ...body, registrationNumber: 'fn123456X' });
    expect(same.status).toBe(202);
    expect(same.body.client.id).toBe(first.body.client.id);
  });
});

describe('POST /v1/clients for a company already on the platform', () => {
  it('answers 409 approval_required with a link request that expires after the partner TTL', async () => {
    await h.partners.update(bob.partnerId, { linkRequestTtlDays: 3 });
    const body = newCompany();
    const mine = await onboardedClient(alice.api, body);
    const theirs = { ...body, externalTenantId: 'bob-1-' + body.externalTenantId };
    const res = await bob.api.post('/v1/clients', theirs);
    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({
      type: '/problems/approval-required',
      outcome: 'approval_required',
      clientId: mine.body.client.id,
      approvalUrl: expect.stringMatching(new RegExp(`^${h.url}/link-requests/lrq_`)),
    });
    const ttl = Date.parse(res.body.expiresAt) - Date.now();
    expect(Math.abs(ttl - 3 * 86_400_000)).toBeLessThan(60_000);

    const [requested] = await eventsOf(h.pool, bob.partnerId, 'client.link_requested');
    expect(requested!.data).toMatchObject({
      clientId: mine.body.client.id,
      externalTenantId: theirs.externalTenantId,
      approvalUrl: res.body.approvalUrl,
      expiresAt: res.body.expiresAt,
    });

    const pending = await bob.api.post('/v1/clients', theirs);
    expect(pending.status).toBe(409);
    expect(pending.body).toMatchObject({
      outcome: 'approval_pending',
      approvalUrl: res.body.approvalUrl,
      expiresAt: res.body.expiresAt,
    });
    expect(await eventsOf(h.pool, bob.partnerId, 'client.link_requested')).toHaveLength(1);
    // Until approved, Bob has no such client.
    expect((await bob.api.get(`/v1/clients/${mine.body.client.id}`)).status).toBe(404);
  });

  it('approval makes a non-attributed link with the fee of that moment; the page then says it is used', async () => {
    const carol = await h.newPartner('Carol Ledger');
    await h.partners.update(carol.partnerId, { referralFeePercent: 12.5 });
    const body = newCompany();
    await onboardedClient(alice.api, body);
    const req = await carol.api.post('/v1/clients', body);
    const page = await hostedPage(req.body.approvalUrl);
    expect(page.status).toBe(200);
    expect(page.html).toContain('Carol Ledger asks to link to');

    const approved = await hostedPage(req.body.approvalUrl, { decision: 'approve' });
    expect(approved.status).toBe(200);
    expect(approved.html).toContain('Link approved');
    const ready = await carol.api.post('/v1/clients', body);
    expect(ready.status).toBe(201);
    expect(ready.body.client).toMatchObject({ attribution: 'non_attributed', feePercent: 12.5 });
    const [linked] = await eventsOf(h.pool, carol.partnerId, 'client.linked');
    expect(linked!.data).toMatchObject({ attribution: 'non_attributed', feePercentage: 12.5 });

    // The fee is frozen: a later change applies to new links only.
    await h.partners.update(carol.partnerId, { referralFeePercent: 30 });
    expect((await carol.api.post('/v1/clients', body)).body.client.feePercent).toBe(12.5);
    expect((await carol.api.post('/v1/clients', newCompany())).body.client.feePercent).toBe(30);

    // Used: a clear page, no second link, no second event.
    const reused = await hostedPage(req.body.approvalUrl, { decision: 'reject' });
    expect(reused.status).toBe(410);
    expect(reused.html).toContain('Link approved');
    expect(await eventsOf(h.pool, carol.partnerId, 'client.linked')).toHaveLength(2);
    expect(await eventsOf(h.pool, carol.partnerId, 'client.link_rejected')).toHaveLength(0);
  });

  it('rejection links nothing, emits client.link_rejected, and a new call asks again', async () => {
    const body = newCompany();
    await onboardedClient(alice.api, body);
    const req = await bob.api.post('/v1/clients', body);
    const rejected = await hostedPage(req.body.approvalUrl, { decision: 'reject' });
    expect(rejected.status).toBe(200);
    expect(rejected.html).toContain('Link request rejected');
    const events = await eventsOf(h.pool, bob.partnerId, 'client.link_rejected');
    expect(events.map((e) => e.data.linkRequestId)).toContain(req.body.linkRequestId);
    expect((await bob.api.get(`/v1/clients/${req.body.clientId}`)).status).toBe(404);

    const again = await bob.api.post('/v1/clients', body);
    expect(again.body.outcome).toBe('approval_required');
    expect(again.body.approvalUrl).not.toBe(req.body.approvalUrl);
  });

  it('an expired request shows a clear page, changes nothing, and expires exactly once', async () => {
    const body = newCompany();
    await onboardedClient(alice.api, body);
    const req = await bob.api.post('/v1/clients', body);
    await expire(h.pool, 'link_requests', 'id', req.body.linkRequestId);

    const page = await hostedPage(req.body.approvalUrl, { decision: 'approve' });
    expect(page.status).toBe(410);
    expect(page.html).toContain('This link request has expired');
    expect((await bob.api.get(`/v1/clients/${req.body.clientId}`)).status).toBe(404);

    // Two sweeps at once (two dispatchers): one event.
    const swept = await Promise.all([
      expireDueLinkRequests(h.engine.outbox),
      expireDueLinkRequests(h.engine.outbox),
    ]);
    expect(swept[0] + swept[1]).toBeGreaterThanOrEqual(1);
    const expired = (await eventsOf(h.pool, bob.partnerId, 'client.link_expired')).filter(
      (e) => e.data.linkRequestId === req.body.linkRequestId,
    );
    expect(expired).toHaveLength(1);
    expect(await expireDueLinkRequests(h.engine.outbox)).toBe(0);

    const again = await bob.api.post('/v1/clients', body);
    expect(again.body.outcome).toBe('approval_required');
    expect(again.body.linkRequestId).not.toBe(req.body.linkRequestId);
  });

  it('a request past its TTL but not yet swept is expired by the next call, with its one event', async () => {
    const body = newCompany();
    await onboardedClient(alice.api, body);
    const req = await bob.api.post('/v1/clients', body);
    await expire(h.pool, 'link_requests', 'id', req.body.linkRequestId);
    const again = await bob.api.post('/v1/clients', body);
    expect(again.body.outcome).toBe('approval_required');
    await expireDueLinkRequests(h.engine.outbox);
    const expired = (await eventsOf(h.pool, bob.partnerId, 'client.link_expired')).filter(
      (e) => e.data.linkRequestId === req.body.linkRequestId,
    );
    expect(expired).toHaveLength(1);
  });
});

describe('POST /v1/clients conflicts and bad input', () => {
  it('answers 409 external_tenant_id_conflict when the id is already used for another company', async () => {
    const first = newCompany();
    await alice.api.post('/v1/clients', first);
    const before = await countRows(h.pool, 'clients');
    const res = await alice.api.post(
      '/v1/clients',
      newCompany({ externalTenantId: first.externalTenantId }),
    );
    expect(res.status).toBe(409);
    expect(res.body.outcome).toBe('external_tenant_id_conflict');
    expect(fields(res)).toEqual(['externalTenantId']);
    expect(await countRows(h.pool, 'clients')).toBe(before);
  });

  it('answers 409 linked_under_other_id when the partner already has the company under another id', async () => {
    const body = newCompany();
    await alice.api.post('/v1/clients', body);
    const res = await alice.api.post('/v1/clients', { ...body, externalTenantId: 'other-id' });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      outcome: 'linked_under_other_id',
      externalTenantId: body.externalTenantId,
    });
  });

  it('answers 400 naming every bad field, and writes nothing', async () => {
    const before = await countRows(h.pool, 'clients');
    const res = await alice.api.post('/v1/clients', {
      externalTenantId: '',
      companyName: 'x'.repeat(201),
      registrationNumber: '--',
      country: 'XX',
      contactEmail: 'not-an-email',
      extra: true,
    });
    expect(res.status).toBe(400);
    expect(fields(res).sort()).toEqual(
      [
        'companyName',
        'contactEmail',
        'country',
        'externalTenantId',
        'extra',
        'registrationNumber',
      ].sort(),
    );
    expect(await countRows(h.pool, 'clients')).toBe(before);
  });
});

describe('concurrent identical calls', () => {
  it('create one client and one link for a new company', async () => {
    const body = newCompany();
    const answers = await Promise.all(
      Array.from({ length: 12 }, () => alice.api.post('/v1/clients', body)),
    );
    expect(new Set(answers.map((a) => a.status))).toEqual(new Set([202]));
    expect(new Set(answers.map((a) => a.body.client.id)).size).toBe(1);
    expect(new Set(answers.map((a) => a.body.onboardingUrl)).size).toBe(1);
    const clientId = answers[0]!.body.client.id;
    expect(
      (await h.pool.query(`SELECT 1 FROM client_links WHERE client_id = $1`, [clientId])).rowCount,
    ).toBe(1);
    expect(
      (await h.pool.query(`SELECT 1 FROM onboarding_sessions WHERE client_id = $1`, [clientId]))
        .rowCount,
    ).toBe(1);
  });

  it('create one link request for an existing company', async () => {
    const body = newCompany();
    await onboardedClient(alice.api, body);
    const answers = await Promise.all(
      Array.from({ length: 12 }, () => bob.api.post('/v1/clients', body)),
    );
    const outcomes = answers.map((a) => a.body.outcome).sort();
    expect(outcomes.filter((o) => o === 'approval_required')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'approval_pending')).toHaveLength(11);
    expect(new Set(answers.map((a) => a.body.approvalUrl)).size).toBe(1);
  });
});

describe('reading clients', () => {
  it('lists the partner’s clients with filters, search and cursor paging', async () => {
    const dora = await h.newPartner('Dora');
    const names = ['Zeta Widgets', 'Eta Tools', 'Theta Foods'];
    const created = [];
    for (const companyName of names) {
      created.push(await dora.api.post('/v1/clients', newCompany({ companyName })));
    }
    await signOnboarding(created[1]!.body.onboardingUrl);
    const linked = newCompany({ companyName: 'Iota Linked' });
    await onboardedClient(alice.api, linked);
    const req = await dora.api.post('/v1/clients', linked);
    await hostedPage(req.body.approvalUrl, { decision: 'approve' });

    const all = await dora.api.get('/v1/clients');
    expect(all.body.data.map((c: { companyName: string }) => c.companyName)).toEqual([
      'Iota Linked',
      'Theta Foods',
      'Eta Tools',
      'Zeta Widgets',
    ]);
    const page1 = await dora.api.get('/v1/clients?limit=3');
    const page2 = await dora.api.get(`/v1/clients?limit=3&cursor=${page1.body.nextCursor}`);
    expect(page2.body).toMatchObject({ data: [{ companyName: 'Zeta Widgets' }], nextCursor: null });

    const names$ = async (q: string) =>
      (await dora.api.get(`/v1/clients?${q}`)).body.data.map(
        (c: { companyName: string }) => c.companyName,
      );
    expect(await names$('onboardingStatus=completed')).toEqual(['Iota Linked', 'Eta Tools']);
    expect(await names$('attribution=non_attributed')).toEqual(['Iota Linked']);
    expect(await names$('search=ta%20wid')).toEqual(['Zeta Widgets']);
    expect(await names$(`search=${created[2]!.body.client.externalTenantId}`)).toEqual([
      'Theta Foods',
    ]);
    expect(await names$('search=100%25')).toEqual([]);

    const bad = await dora.api.get('/v1/clients?onboardingStatus=done&attribution=x');
    expect(bad.status).toBe(400);
    expect(fields(bad).sort()).toEqual(['attribution', 'onboardingStatus']);
  });

  it('keeps partners apart on every client route', async () => {
    const created = await alice.api.post('/v1/clients', newCompany());
    const id = created.body.client.id;
    expect((await bob.api.get(`/v1/clients/${id}`)).status).toBe(404);
    expect((await bob.api.post(`/v1/clients/${id}/tokens`)).status).toBe(404);
    const bobs = await bob.api.get('/v1/clients?limit=100');
    expect(bobs.body.data.map((c: { id: string }) => c.id)).not.toContain(id);
    expect((await alice.api.get(`/v1/clients/${id}`)).status).toBe(200);
  });
});

describe('customer-API tokens', () => {
  it('mints a 30-minute token, stored hashed, that acts for that one client', async () => {
    const created = await alice.api.post('/v1/clients', newCompany());
    const minted = await alice.api.post(`/v1/clients/${created.body.client.id}/tokens`);
    expect(minted.status).toBe(201);
    expect(minted.body).toMatchObject({ tokenType: 'Bearer', clientId: created.body.client.id });
    const lifetime = Date.parse(minted.body.expiresAt) - Date.now();
    expect(lifetime).toBeGreaterThan(29 * 60_000);
    expect(lifetime).toBeLessThanOrEqual(30 * 60_000);
    // Stored as its SHA-256, and nowhere as itself.
    const stored = await h.pool.query(
      `SELECT 1 FROM customer_tokens WHERE token_hash = sha256(convert_to($1, 'UTF8'))`,
      [minted.body.token],
    );
    expect(stored.rowCount).toBe(1);
    const plain = await h.pool.query(
      `SELECT 1 FROM customer_tokens t WHERE row_to_json(t)::text LIKE $1`,
      [`%${minted.body.token}%`],
    );
    expect(plain.rowCount).toBe(0);

    const me = await alice.api.get('/v1/customer/me', { token: minted.body.token });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      client: { id: created.body.client.id },
      partnerId: alice.partnerId,
    });
    // A customer token is not an API key, nor the other way round.
    expect((await alice.api.get('/v1/clients', { token: minted.body.token })).status).toBe(401);
    expect((await alice.api.get('/v1/customer/me')).status).toBe(401);
  });

  it('answers 401 to an expired token, saying to mint a new one', async () => {
    const created = await alice.api.post('/v1/clients', newCompany());
    const minted = await alice.api.post(`/v1/clients/${created.body.client.id}/tokens`);
    await expire(h.pool, 'customer_tokens', 'client_id', created.body.client.id);
    const res = await alice.api.get('/v1/customer/me', { token: minted.body.token });
    expect(res.status).toBe(401);
    expect(res.body.type).toBe('/problems/customer-token-expired');
    expect(res.body.detail).toMatch(/mint a new one with POST \/v1\/clients\/\{id\}\/tokens/);
    expect(fields(res)).toEqual(['Authorization']);
  });
});

describe('archiving links', () => {
  it('archives and restores a link, each once, with client.link_archived and client.link_restored', async () => {
    const body = newCompany();
    const created = await alice.api.post('/v1/clients', body);
    const record = await h.admin.get(`/admin/clients/${created.body.client.id}`);
    expect(record.status).toBe(200);
    const linkId = record.body.links[0].id;
    expect(linkId).toBe(created.body.client.linkId);

    const archived = await h.admin.post(`/admin/links/${linkId}/archive`);
    expect(archived.status).toBe(200);
    expect(archived.body.archivedAt).toEqual(expect.any(String));
    expect((await h.admin.post(`/admin/links/${linkId}/archive`)).status).toBe(200);
    expect(await eventsOf(h.pool, alice.partnerId, 'client.link_archived')).toEqual([
      expect.objectContaining({
        data: expect.objectContaining({ linkId, clientId: created.body.client.id }),
      }),
    ]);

    const again = await alice.api.post('/v1/clients', body);
    expect(again.status).toBe(409);
    expect(again.body.outcome).toBe('link_archived');
    expect((await alice.api.post(`/v1/clients/${created.body.client.id}/tokens`)).status).toBe(409);
    expect((await alice.api.get(`/v1/clients?linkStatus=archived`)).body.data).toHaveLength(1);

    const restored = await h.admin.post(`/admin/links/${linkId}/restore`);
    expect(restored.body.archivedAt).toBeNull();
    expect(await eventsOf(h.pool, alice.partnerId, 'client.link_restored')).toHaveLength(1);
    expect((await alice.api.post('/v1/clients', body)).status).toBe(202);
  });

  it('answers 404 for a link or client that does not exist, and the routes are operator-only', async () => {
    expect((await h.admin.post('/admin/links/lnk_nope/archive')).status).toBe(404);
    expect((await h.admin.get('/admin/clients/cli_nope')).status).toBe(404);
    expect((await alice.api.post('/admin/links/lnk_nope/archive')).status).toBe(401);
  });
});

describe('hosted pages', () => {
  it('answer 404 to a token we did not issue, and run no script', async () => {
    const created = await alice.api.post('/v1/clients', newCompany());
    const forged = created.body.onboardingUrl.replace(/\.[\w-]+$/, '.' + 'A'.repeat(43));
    expect((await hostedPage(forged)).status).toBe(404);
    expect((await hostedPage(`${h.url}/link-requests/nonsense`)).status).toBe(404);
    const page = await hostedPage(created.body.onboardingUrl);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(page.html).not.toContain('<script');
  });

  it('wear the partner’s branding', async () => {
    const eve = await h.newPartner('Eve <Books>');
    await h.partners.update(eve.partnerId, {
      branding: {
        logoUrl: 'https://cdn.example.com/eve.svg',
        primaryColor: '#ffcc00',
        accentColor: '#003366',
      },
    });
    const created = await eve.api.post('/v1/clients', newCompany());
    const page = await hostedPage(created.body.onboardingUrl);
    expect(page.html).toMatch(
      /<img src="https:\/\/cdn.example.com\/eve.svg" alt="Eve &lt;Books&gt; logo"/,
    );
    // Text on each brand colour is whichever of black or white contrasts more.
    expect(page.html).toMatch(/--primary: #ffcc00;\s+--on-primary: #000000;/);
    expect(page.html).toMatch(/--accent: #003366;\s+--on-accent: #ffffff;/);
  });
});
