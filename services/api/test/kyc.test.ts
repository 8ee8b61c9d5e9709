import { apiClient, fields, type ApiClient, type ApiResponse } from './helpers/api-client';
import { ADMIN_TOKEN, countRows, createHarness, type Harness } from './helpers/harness';
import { eventsOf, newCompany, onboardedClient } from './helpers/clients';
import { customerToken, newCase } from './helpers/cases';
import { waitFor } from '@referral/testing';
import { KYC_FORM, PDF, PNG, kycForm, postKyc, rawPost } from './helpers/kyc';

let h: Harness;
let alice: { partnerId: string; api: ApiClient };
let bob: { partnerId: string; api: ApiClient };
beforeAll(async () => {
  h = await createHarness();
  alice = await h.newPartner('Alice Books');
  bob = await h.newPartner('Bob Ledger');
  await h.partners.update(alice.partnerId, { branding: { primaryColor: '#0a3d62' } });
});
afterAll(() => h.close());

/** A client of Alice, onboarded (SDCA signed), not KYC-verified; also linked to Bob. */
async function unverifiedClient() {
  const body = newCompany();
  const ready = await onboardedClient(alice.api, body);
  const clientId = ready.body.client.id as string;
  const asked = await bob.api.post('/v1/clients', {
    ...body,
    externalTenantId: `${body.externalTenantId}-b`,
  });
  await fetch(asked.body.approvalUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'decision=approve',
  });
  return { clientId, token: await customerToken(alice.api, clientId) };
}

const postCase = (token: string, body: unknown) => alice.api.post('/v1/cases', body, { token });

/** Rows a submission could write; none may change when one is refused. */
async function kycRows() {
  return {
    submissions: await countRows(h.pool, 'kyc_submissions'),
    documents: await countRows(h.pool, 'kyc_documents'),
    events: await countRows(h.pool, 'webhook_events'),
  };
}

describe('the kyc-required 422', () => {
  it('carries a solutionUrl to the KYC form, the same while open, whatever allowPendingContracts says', async () => {
    const { token } = await unverifiedClient();
    const body = newCase();
    const first = await postCase(token, body);
    expect(first.status).toBe(422);
    expect(first.body).toMatchObject({
      type: '/problems/kyc-required',
      outcome: 'kyc_required',
      missing: ['kyc'],
      kycStatus: 'required',
      solutionUrl: expect.stringMatching(/\/kyc\/kys_/),
      solutionUrlExpiresAt: expect.any(String),
    });
    expect(Date.parse(first.body.solutionUrlExpiresAt)).toBeGreaterThan(Date.now());
    const again = await postCase(token, body);
    expect(again.body.solutionUrl).toBe(first.body.solutionUrl);
    const pending = await postCase(token, newCase({ allowPendingContracts: true }));
    expect(pending.status).toBe(422);
    expect(pending.body).toMatchObject({
      outcome: 'kyc_required',
      solutionUrl: first.body.solutionUrl,
    });

    const page = await fetch(first.body.solutionUrl);
    const text = await page.text();
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("form-action 'self'");
    expect(text).toContain('Alice Books');
    expect(text).toContain('--primary: #0a3d62');
    expect(text).toContain('enctype="multipart/form-data"');
  });

  it('answers 404 for an unknown token and 410 for an expired link, changing nothing', async () => {
    const { token } = await unverifiedClient();
    const { body } = await postCase(token, newCase());
    const forged = body.solutionUrl.replace(/\.[^.]+$/, '.' + 'A'.repeat(43));
    expect((await fetch(forged)).status).toBe(404);
    const id = /\/kyc\/(kys_[0-9a-f]+)\./.exec(body.solutionUrl)![1];
    await h.pool.query(
      `UPDATE kyc_sessions SET expires_at = now() - interval '1 second' WHERE id = $1`,
      [id],
    );
    expect((await fetch(body.solutionUrl)).status).toBe(410);
    const before = await kycRows();
    expect((await postKyc(body.solutionUrl, KYC_FORM, PDF)).status).toBe(410);
    expect(await kycRows()).toEqual(before);
    // A new request gives a new link.
    const renewed = await postCase(token, newCase());
    expect(renewed.body.solutionUrl).not.toBe(body.solutionUrl);
  });
});

describe('submitting, approving and rejecting', () => {
  it('submit → kyc_submitted to every linked partner; approve → verified, and the same case request succeeds', async () => {
    const receiverA = await h.receiver();
    const receiverB = await h.receiver();
    for (const [p, r] of [
      [alice, receiverA],
      [bob, receiverB],
    ] as const) {
      const sub = await p.api.post('/v1/webhooks/subscriptions', {
        url: r.url,
        eventTypes: ['client.kyc_submitted', 'client.kyc_verified'],
      });
      expect(sub.status).toBe(201);
    }
    h.startDispatcher();
    const { clientId, token } = await unverifiedClient();
    const caseBody = newCase();
    const refused = await postCase(token, caseBody);

    const submitted = await postKyc(refused.body.solutionUrl, KYC_FORM, PDF);
    expect(submitted.status).toBe(200);
    expect(submitted.html).toContain('Details submitted');
    const client = await alice.api.get(`/v1/clients/${clientId}`);
    expect(client.body).toMatchObject({ kycStatus: 'submitted', kycVerified: false });
    // Nothing personal reaches a partner's API.
    const json = JSON.stringify(client.body);
    for (const secret of ['1980-05-17', 'Hauptstraße', 'Ingrid', 'passport.pdf']) {
      expect(json).not.toContain(secret);
    }
    // Under review: the page shows it, a second submission is refused, cases stay blocked.
    const page = await fetch(refused.body.solutionUrl);
    expect(await page.text()).toContain('Under review');
    const before = await kycRows();
    expect((await postKyc(refused.body.solutionUrl, KYC_FORM, PDF)).status).toBe(409);
    expect(await kycRows()).toEqual(before);
    expect((await postCase(token, caseBody)).body).toMatchObject({ kycStatus: 'submitted' });

    await waitFor(() => receiverA.requests.length >= 1 && receiverB.requests.length >= 1, {
      what: 'client.kyc_submitted at both partners',
    });
    for (const r of [receiverA, receiverB]) {
      const event = JSON.parse(r.requests[0]!.body);
      expect(event).toMatchObject({ type: 'client.kyc_submitted', data: { clientId } });
      expect(Object.keys(event.data).sort()).toEqual(
        ['clientId', 'externalTenantId', 'submissionId', 'submittedAt'].sort(),
      );
    }

    const review = await h.admin.get(`/admin/clients/${clientId}/kyc`);
    expect(review.status).toBe(200);
    expect(review.body).toMatchObject({
      kycStatus: 'submitted',
      submission: {
        status: 'submitted',
        legalRepresentative: 'Ingrid Dahl',
        dateOfBirth: '1980-05-17',
        address: { line1: 'Hauptstraße 5', postalCode: '10115', city: 'Berlin', country: 'DE' },
        beneficialOwners: [{ name: 'Ingrid Dahl', percent: 60 }],
        partnerId: alice.partnerId,
        document: {
          contentType: 'application/pdf',
          byteSize: PDF.content.length,
          fileName: 'passport.pdf',
        },
      },
    });
    expect(review.body.submission.document).not.toHaveProperty('content');
    const doc = await fetch(`${h.url}/admin/clients/${clientId}/kyc/document`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(doc.status).toBe(200);
    expect(doc.headers.get('content-type')).toBe('application/pdf');
    expect(doc.headers.get('x-content-type-options')).toBe('nosniff');
    expect(doc.headers.get('content-disposition')).toMatch(/^attachment; filename="passport.pdf"/);
    expect(Buffer.from(await doc.arrayBuffer())).toEqual(PDF.content);

    const approved = await h.admin.post(`/admin/clients/${clientId}/kyc/approve`);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({
      kycStatus: 'verified',
      submission: { status: 'approved' },
    });
    expect((await alice.api.get(`/v1/clients/${clientId}`)).body).toMatchObject({
      kycStatus: 'verified',
      kycVerified: true,
    });
    await waitFor(() => receiverA.requests.length >= 2 && receiverB.requests.length >= 2, {
      what: 'client.kyc_verified at both partners',
    });
    const verified = receiverB.requests
      .map((r) => JSON.parse(r.body))
      .find((e) => e.type === 'client.kyc_verified');
    expect(verified).toMatchObject({
      type: 'client.kyc_verified',
      data: { clientId, verifiedAt: expect.any(String) },
    });
    // A debtor in Germany needs only the SDCA, signed at onboarding.
    const retried = await postCase(token, caseBody);
    expect(retried.status).toBe(201);
    expect(await fetch(refused.body.solutionUrl).then((r) => r.text())).toContain(
      'Company verified',
    );
    // Nothing left to review.
    const again = await h.admin.post(`/admin/clients/${clientId}/kyc/approve`);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({
      type: '/problems/kyc-nothing-to-review',
      kycStatus: 'verified',
    });
  });

  it('reject → kyc_rejected with the reason and a link, the document deleted; the client submits again', async () => {
    const { clientId, token } = await unverifiedClient();
    const refused = await postCase(token, newCase());
    const url = refused.body.solutionUrl as string;
    expect((await postKyc(url, KYC_FORM, PNG)).status).toBe(200);
    const first = (await h.admin.get(`/admin/clients/${clientId}/kyc`)).body.submission.id;

    const noReason = await h.admin.post(`/admin/clients/${clientId}/kyc/reject`, {});
    expect(noReason.status).toBe(400);
    expect(fields(noReason)).toEqual(['reason']);
    const long = await h.admin.post(`/admin/clients/${clientId}/kyc/reject`, {
      reason: 'x'.repeat(1001),
    });
    expect(fields(long)).toEqual(['reason']);

    const reason = 'The passport scan is unreadable; upload a sharper one.';
    const rejected = await h.admin.post(`/admin/clients/${clientId}/kyc/reject`, { reason });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({
      kycStatus: 'rejected',
      submission: { status: 'rejected', reason, document: null },
    });
    const { rows } = await h.pool.query(`SELECT 1 FROM kyc_documents WHERE submission_id = $1`, [
      first,
    ]);
    expect(rows).toHaveLength(0);
    for (const p of [alice, bob]) {
      const events = (await eventsOf(h.pool, p.partnerId, 'client.kyc_rejected')).filter(
        (e) => e.data.clientId === clientId,
      );
      expect(events).toHaveLength(1);
      expect(events[0]!.data).toMatchObject({
        reason,
        solutionUrl: expect.stringMatching(/\/kyc\/kys_/),
      });
    }
    const aliceEvent = (await eventsOf(h.pool, alice.partnerId, 'client.kyc_rejected')).find(
      (e) => e.data.clientId === clientId,
    );
    expect(aliceEvent!.data.solutionUrl).toBe(url);
    expect((await postCase(token, newCase())).body).toMatchObject({
      kycStatus: 'rejected',
      solutionUrl: url,
    });

    const page = await fetch(url).then((r) => r.text());
    expect(page).toContain(reason);
    expect(page).toContain('Submit for verification');
    const resubmitted = await postKyc(url, KYC_FORM, { ...PDF, fileName: 'Reisepaß.pdf' });
    expect(resubmitted.status).toBe(200);
    const review = (await h.admin.get(`/admin/clients/${clientId}/kyc`)).body;
    expect(review).toMatchObject({
      kycStatus: 'submitted',
      submission: { status: 'submitted', reason: null },
    });
    expect(review.submission.id).not.toBe(first);
    expect(review.submission.document.fileName).toBe('Reisepaß.pdf');
    // One submission and at most one document per client, ever.
    const kept = await h.pool.query(
      `SELECT (SELECT count(*)::int FROM kyc_submissions WHERE client_id = $1) AS submissions,
              (SELECT count(*)::int FROM kyc_documents d JOIN kyc_submissions s ON s.id = d.submission_id
               WHERE s.client_id = $1) AS documents`,
      [clientId],
    );
    expect(kept.rows[0]).toEqual({ submissions: 1, documents: 1 });
  });

  it('verifying out of band (POST /admin/clients/:id/kyc) emits client.kyc_verified once', async () => {
    const { clientId } = await unverifiedClient();
    expect((await h.admin.post(`/admin/clients/${clientId}/kyc`)).body).toMatchObject({
      kycStatus: 'verified',
      kycVerifiedAt: expect.any(String),
    });
    await h.admin.post(`/admin/clients/${clientId}/kyc`);
    const events = (await eventsOf(h.pool, alice.partnerId, 'client.kyc_verified')).filter(
      (e) => e.data.clientId === clientId,
    );
    expect(events).toHaveLength(1);
    const nothing = await h.admin.post(`/admin/clients/${clientId}/kyc/reject`, { reason: 'late' });
    expect(nothing.status).toBe(409);
  });

  it('lists the review queue oldest first, a page at a time, and each decided state apart', async () => {
    const first = await unverifiedClient();
    const second = await unverifiedClient();
    const third = await unverifiedClient();
    for (const client of [first, second, third]) {
      const refused = await postCase(client.token, newCase());
      expect((await postKyc(refused.body.solutionUrl, KYC_FORM, PDF)).status).toBe(200);
    }
    await h.admin.post(`/admin/clients/${second.clientId}/kyc/reject`, { reason: 'Blurred scan' });

    // Every submission of this file's other tests is in the queue too: read it all, page by page.
    const waiting: string[] = [];
    let cursor: string | null = null;
    do {
      const page: ApiResponse = await h.admin.get(
        `/admin/kyc-submissions?limit=1${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.status).toBe(200);
      expect(page.body.data.length).toBeLessThanOrEqual(1);
      waiting.push(...page.body.data.map((k: { clientId: string }) => k.clientId));
      cursor = page.body.nextCursor;
    } while (cursor);
    const ours = waiting.filter((id) => [first, second, third].some((c) => c.clientId === id));
    expect(ours).toEqual([first.clientId, third.clientId]);

    const rejected = await h.admin.get('/admin/kyc-submissions?status=rejected&limit=100');
    expect(rejected.body.data).toContainEqual(
      expect.objectContaining({
        clientId: second.clientId,
        status: 'rejected',
        decidedAt: expect.any(String),
      }),
    );
    const bad = await h.admin.get('/admin/kyc-submissions?status=pending&limit=0');
    expect(bad.status).toBe(400);
    expect(fields(bad).sort()).toEqual(['limit', 'status']);
    expect((await alice.api.get('/admin/kyc-submissions')).status).toBe(401);
  });

  it('keeps the admin KYC routes from partners, and answers 404 for an unknown client', async () => {
    const { clientId } = await unverifiedClient();
    for (const path of ['kyc', 'kyc/document']) {
      expect((await alice.api.get(`/admin/clients/${clientId}/${path}`)).status).toBe(401);
    }
    expect((await alice.api.post(`/admin/clients/${clientId}/kyc/approve`)).status).toBe(401);
    expect((await h.admin.get(`/admin/clients/cli_nope/kyc`)).status).toBe(404);
    expect((await h.admin.post(`/admin/clients/cli_nope/kyc/approve`)).status).toBe(404);
    expect((await h.admin.get(`/admin/clients/${clientId}/kyc/document`)).status).toBe(404);
    const anonymous = apiClient(h.url, 'nope');
    expect((await anonymous.get(`/admin/clients/${clientId}/kyc`)).status).toBe(401);
  });
});

describe('bad uploads change nothing', () => {
  let url: string;
  beforeAll(async () => {
    const { token } = await unverifiedClient();
    url = (await postCase(token, newCase())).body.solutionUrl;
  });

  const html = (name: string) => ({
    content: Buffer.from('<!doctype html><script>alert(1)</script>'),
    fileName: name,
    type: 'application/pdf',
  });

  it.each([
    [
      'a text file',
      { content: Buffer.from('hello'), fileName: 'id.txt', type: 'text/plain' },
      400,
      'must be a PDF, JPEG or PNG',
    ],
    ['HTML disguised as a PDF', html('passport.pdf'), 400, 'must be a PDF, JPEG or PNG'],
    [
      'a file over 5 MB',
      { ...PDF, content: Buffer.concat([PDF.content, Buffer.alloc(5 * 1024 * 1024)]) },
      413,
      'larger than 5 MB',
    ],
    ['no file', undefined, 400, 'attach an identity document'],
  ])('refuses %s, with the error linked to the field', async (_name, file, status, message) => {
    const before = await kycRows();
    const res = await postKyc(url, KYC_FORM, file);
    expect(res.status).toBe(status);
    expect(res.html).toContain('<a href="#document">');
    expect(res.html).toContain(message);
    // The typed values come back; the file never does.
    expect(res.html).toContain('value="Ingrid Dahl"');
    expect(await kycRows()).toEqual(before);
  });

  it('refuses two files', async () => {
    const before = await kycRows();
    const res = await postKyc(url, KYC_FORM, PDF, PNG);
    expect(res.status).toBe(400);
    expect(res.html).toContain('attach one document only');
    expect(await kycRows()).toEqual(before);
  });

  it('refuses malformed multipart, oversized fields and too many fields', async () => {
    const before = await kycRows();
    const truncated = await rawPost(
      url,
      'multipart/form-data; boundary=XYZ',
      '--XYZ\r\nContent-Disposition: form-data; name="legalRepresentative"\r\n\r\nIngrid',
    );
    expect(truncated.status).toBe(400);
    expect(truncated.html).toContain('the form could not be read');
    const noBoundary = await rawPost(url, 'multipart/form-data', 'whatever');
    expect(noBoundary.status).toBe(400);
    const long = await postKyc(url, { ...KYC_FORM, legalRepresentative: 'x'.repeat(5000) }, PDF);
    expect(long.status).toBe(400);
    const many = await postKyc(
      url,
      {
        ...KYC_FORM,
        ...Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`extra${i}`, 'x'])),
      },
      PDF,
    );
    expect(many.status).toBe(400);
    expect(await kycRows()).toEqual(before);
  });

  it('refuses invalid details, naming each field, and keeps what was typed', async () => {
    const before = await kycRows();
    const res = await postKyc(
      url,
      kycForm({
        dateOfBirth: '2015-02-30',
        country: 'Germany',
        owner1Percent: '20',
        noOwnerOver25: 'yes',
        confirm: '',
      }),
      PDF,
    );
    expect(res.status).toBe(400);
    // Every failing field at once, the owner rows too.
    for (const id of ['dateOfBirth', 'country', 'confirm', 'owner1Percent', 'noOwnerOver25']) {
      expect(res.html).toContain(`<a href="#${id}">`);
    }
    const minor = await postKyc(
      url,
      kycForm({ dateOfBirth: new Date().toISOString().slice(0, 10) }),
      PDF,
    );
    expect(minor.html).toContain('must be in the past');
    const owners = await postKyc(url, kycForm({ owner1Percent: '20' }), PDF);
    expect(owners.html).toContain('more than 25 and at most 100');
    const none = await postKyc(url, kycForm({ owner1Name: '', owner1Percent: '' }), PDF);
    expect(none.html).toContain('<a href="#noOwnerOver25">');
    const over = await postKyc(url, kycForm({ owner2Name: 'Per Dahl', owner2Percent: '50' }), PDF);
    expect(over.html).toContain('add up to more than 100');
    expect(await kycRows()).toEqual(before);
  });
});
