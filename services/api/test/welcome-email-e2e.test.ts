import type { WelcomeEmailWorkerOptions } from '@referral/domain';
import {
  startSmtpServer,
  startTcpProxy,
  waitFor,
  type ParsedMail,
  type TestSmtpServer,
} from '@referral/testing';
import { createHarness, type Harness } from './helpers/harness';
import { startWelcomeEmailWorker } from './helpers/welcome-email';
import { apiClient, type ApiClient } from './helpers/api-client';
import { newCase, signContracts, unsignedClient } from './helpers/cases';
import { hostedPage, newCompany, signOnboarding } from './helpers/clients';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  // Workers before servers: a stopping worker finishes its sends first.
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function smtpServer(reply?: TestSmtpServer['reply']) {
  const server = await startSmtpServer(reply);
  cleanups.push(() => server.close());
  return server;
}

/** The dispatcher's welcome-email worker with test timings, stopped after the test. */
function startWorker(smtpUrl: string, options: Partial<WelcomeEmailWorkerOptions> = {}) {
  const { worker, stop } = startWelcomeEmailWorker(h, smtpUrl, options);
  cleanups.push(stop);
  return worker;
}

const HTML =
  '<h1>Welcome, {{client.companyName}}!</h1>' +
  '<p>Dear {{#if client.contactName}}{{client.contactName}}{{else}}customer{{/if}}, ' +
  'signed by {{client.signerName}} on {{client.signedAt}}.</p><p>{{partner.name}}</p>';

/** A partner allowed to send from `domain`, with a welcome email template. */
async function partnerWithTemplate(name: string, domain = 'acme.example') {
  const partner = await h.newPartner(name);
  await h.partners.update(partner.partnerId, { mailDomains: [domain] });
  const res = await partner.api.request('PUT', '/v1/welcome-email', {
    body: {
      from: { address: `welcome@mail.${domain}`, name },
      replyTo: `support@${domain}`,
      subject: 'Welcome to {{partner.name}}, {{client.companyName}}',
      html: HTML,
    },
  });
  expect(res.status).toBe(201);
  return partner;
}

/** Register a new client with `api`; the onboarding URL it gets. */
async function newClient(api: ApiClient, overrides: Record<string, unknown> = {}) {
  const company = newCompany(overrides);
  const res = await api.post('/v1/clients', company);
  expect(res.status).toBe(202);
  return { company, clientId: res.body.client.id as string, url: res.body.onboardingUrl as string };
}

const to = (server: TestSmtpServer, address: string): ParsedMail[] =>
  server.messages.filter((m) => m.to && !Array.isArray(m.to) && m.to.value[0]?.address === address);

async function rowsOf(clientId: string) {
  const { rows } = await h.pool.query<{
    partner_id: string;
    status: string;
    attempts: number;
    message_id: string | null;
    last_error: string | null;
  }>(
    `SELECT partner_id, status, attempts, message_id, last_error FROM welcome_emails
     WHERE client_id = $1 ORDER BY created_at`,
    [clientId],
  );
  return rows;
}

describe('the welcome email', () => {
  it('arrives from the partner’s sender when its client signs the SDCA, client fields HTML-escaped', async () => {
    const smtp = await smtpServer();
    startWorker(smtp.url);
    const acme = await partnerWithTemplate('Acme & Partners');
    const hostile = `Evil <script>alert("x")</script> & 'Co'`;
    const { company, clientId, url } = await newClient(acme.api, { companyName: hostile });

    expect((await signOnboarding(url, 'Greta <b>Berg</b>')).status).toBe(200);
    await waitFor(() => to(smtp, company.contactEmail).length === 1, { what: 'the welcome email' });

    const [mail] = to(smtp, company.contactEmail);
    expect(mail!.from?.value).toEqual([
      { address: 'welcome@mail.acme.example', name: 'Acme & Partners' },
    ]);
    expect(mail!.replyTo?.value[0]?.address).toBe('support@acme.example');
    // The subject is a header, not HTML: the name as it is, on one line.
    expect(mail!.subject).toBe(`Welcome to Acme & Partners, ${hostile}`);
    const today = new Date().toISOString().slice(0, 10);
    expect(mail!.html).toBe(
      '<h1>Welcome, Evil &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;Co&#x27;!</h1>' +
        `<p>Dear Greta Berg, signed by Greta &lt;b&gt;Berg&lt;/b&gt; on ${today}.</p>` +
        '<p>Acme &amp; Partners</p>',
    );
    expect(mail!.text).toContain('Dear Greta Berg');
    expect(mail!.messageId).toMatch(/^<wem_[0-9a-f]{32}@mail\.acme\.example>$/);

    await waitFor(async () => (await rowsOf(clientId))[0]?.status === 'sent', {
      what: 'recorded as sent',
    });
    const messages = await acme.api.get('/v1/welcome-email/messages');
    expect(messages.body.data).toEqual([
      expect.objectContaining({
        clientId,
        to: company.contactEmail,
        subject: mail!.subject,
        status: 'sent',
        attempts: 1,
        messageId: mail!.messageId,
        lastError: null,
        sentAt: expect.any(String),
        nextAttemptAt: null,
      }),
    ]);
  });

  it('is not sent, and not even queued, for a partner without a template or with it disabled', async () => {
    const smtp = await smtpServer();
    startWorker(smtp.url);
    const bare = await h.newPartner('No template');
    const disabled = await partnerWithTemplate('Disabled', 'disabled.example');
    await disabled.api.request('PUT', '/v1/welcome-email', {
      body: {
        from: { address: 'hi@disabled.example' },
        subject: 'x',
        html: '<p>x</p>',
        enabled: false,
      },
    });
    const a = await newClient(bare.api);
    const b = await newClient(disabled.api);
    await signOnboarding(a.url);
    await signOnboarding(b.url);

    // A signing with a template, after them: once its email is in, theirs would be too.
    const acme = await partnerWithTemplate('Acme, control');
    const c = await newClient(acme.api);
    await signOnboarding(c.url);
    await waitFor(() => to(smtp, c.company.contactEmail).length === 1, {
      what: 'the control email',
    });

    expect(to(smtp, a.company.contactEmail)).toEqual([]);
    expect(to(smtp, b.company.contactEmail)).toEqual([]);
    expect(await rowsOf(a.clientId)).toEqual([]);
    expect(await rowsOf(b.clientId)).toEqual([]);
  });

  it('is not queued once an operator withdrew the sender’s domain', async () => {
    const acme = await partnerWithTemplate('Acme, withdrawn', 'withdrawn.example');
    const patched = await h.admin.patch(`/admin/partners/${acme.partnerId}`, {
      mailDomains: ['other.example'],
    });
    expect(patched.status).toBe(200);
    const { clientId, url } = await newClient(acme.api);
    expect((await signOnboarding(url)).status).toBe(200);
    // The row would have been written in the signing's transaction.
    expect(await rowsOf(clientId)).toEqual([]);
  });

  it('goes out once per partner: two linked partners with templates, one email each from its own domain', async () => {
    const smtp = await smtpServer();
    startWorker(smtp.url);
    const alice = await partnerWithTemplate('Alice', 'alice.example');
    const bob = await partnerWithTemplate('Bob', 'bob.example');
    const { company, url } = await newClient(alice.api);
    // Bob links to the same (unsigned) company through a link request the client approves.
    const conflict = await bob.api.post('/v1/clients', { ...company, externalTenantId: 'bob-1' });
    expect(conflict.status).toBe(409);
    expect((await hostedPage(conflict.body.approvalUrl, { decision: 'approve' })).status).toBe(200);

    await signOnboarding(url);
    await waitFor(() => to(smtp, company.contactEmail).length === 2, {
      what: 'two welcome emails',
    });
    const senders = to(smtp, company.contactEmail).map((m) => m.from?.value[0]?.address);
    expect(senders.sort()).toEqual(['welcome@mail.alice.example', 'welcome@mail.bob.example']);
  });

  it('is not queued for a partner whose link to the client is archived', async () => {
    const acme = await partnerWithTemplate('Acme, archived', 'archived.example');
    const { clientId, url } = await newClient(acme.api);
    const client = await acme.api.get(`/v1/clients/${clientId}`);
    expect((await h.admin.post(`/admin/links/${client.body.linkId}/archive`)).status).toBe(200);
    expect((await signOnboarding(url)).status).toBe(200);
    const { rows } = await h.pool.query(`SELECT sdca_signed_at FROM clients WHERE id = $1`, [
      clientId,
    ]);
    expect(rows[0].sdca_signed_at).toBeInstanceOf(Date);
    expect(await rowsOf(clientId)).toEqual([]);
  });

  it('goes out too when the SDCA is signed on a case’s contract-signing page, and only once', async () => {
    const smtp = await smtpServer();
    startWorker(smtp.url);
    const acme = await partnerWithTemplate('Acme, contracts');
    const client = await unsignedClient(acme.api, h.admin);
    const refused = await apiClient(h.url, client.token).post('/v1/cases', newCase());
    expect(refused.status).toBe(422);
    expect((await signContracts(refused.body.solutionUrl)).status).toBe(200);
    // The onboarding page, posted afterwards, finds the SDCA signed: no second email.
    await signOnboarding(client.onboardingUrl);

    await waitFor(async () => (await rowsOf(client.clientId))[0]?.status === 'sent', {
      what: 'sent',
    });
    expect(await rowsOf(client.clientId)).toHaveLength(1);
    expect(
      smtp.messages.filter((m) => m.subject?.startsWith('Welcome to Acme, contracts')),
    ).toHaveLength(1);
  });

  it('goes out exactly once when the signing page is posted again, and concurrently', async () => {
    const smtp = await smtpServer();
    startWorker(smtp.url);
    const acme = await partnerWithTemplate('Acme, repeated');
    const { company, clientId, url } = await newClient(acme.api);

    const posts = await Promise.all([1, 2, 3, 4].map(() => signOnboarding(url)));
    expect(posts.map((p) => p.status).every((s) => s < 500)).toBe(true);
    await signOnboarding(url);
    await waitFor(() => to(smtp, company.contactEmail).length >= 1, { what: 'the welcome email' });
    await waitFor(async () => (await rowsOf(clientId))[0]?.status === 'sent', { what: 'sent' });

    // A later email in the same worker's path: had a second been queued, it would be in by now.
    const control = await newClient(acme.api);
    await signOnboarding(control.url);
    await waitFor(() => to(smtp, control.company.contactEmail).length === 1, { what: 'control' });
    expect(to(smtp, company.contactEmail)).toHaveLength(1);
    expect(await rowsOf(clientId)).toHaveLength(1);
  });
});

describe('when SMTP fails', () => {
  it('retries with backoff while the server is down, then delivers exactly once, attempts and error recorded', async () => {
    const smtp = await smtpServer();
    const proxy = await startTcpProxy({ host: '127.0.0.1', port: smtp.port });
    cleanups.push(() => proxy.close());
    await proxy.cut();
    startWorker(proxy.through(smtp.url));
    const acme = await partnerWithTemplate('Acme, SMTP down');
    const { company, clientId, url } = await newClient(acme.api);
    await signOnboarding(url);

    await waitFor(async () => ((await rowsOf(clientId))[0]?.attempts ?? 0) >= 3, {
      what: 'three failed attempts',
    });
    const down = (await rowsOf(clientId))[0]!;
    expect(down).toMatchObject({ status: 'pending', message_id: null });
    expect(down.last_error).toMatch(/ECONNECTION|ECONNREFUSED/);
    expect(smtp.attempts).toBe(0);

    await proxy.restore();
    await waitFor(() => to(smtp, company.contactEmail).length === 1, {
      what: 'the email, once up',
    });
    await waitFor(async () => (await rowsOf(clientId))[0]?.status === 'sent', { what: 'sent' });
    const sent = (await rowsOf(clientId))[0]!;
    expect(sent.attempts).toBeGreaterThanOrEqual(4);
    expect(sent.message_id).toBe(to(smtp, company.contactEmail)[0]!.messageId);
    expect(to(smtp, company.contactEmail)).toHaveLength(1);
  });

  it('retries a 451 (try later), records it, and delivers once', async () => {
    const smtp = await smtpServer((i) =>
      i < 2 ? { accept: false, code: 451, message: 'greylisted, try later' } : { accept: true },
    );
    startWorker(smtp.url);
    const acme = await partnerWithTemplate('Acme, greylisted');
    const { company, clientId, url } = await newClient(acme.api);
    await signOnboarding(url);

    await waitFor(async () => (await rowsOf(clientId))[0]?.status === 'sent', { what: 'sent' });
    expect(smtp.attempts).toBe(3);
    expect(to(smtp, company.contactEmail)).toHaveLength(1);
    expect((await rowsOf(clientId))[0]).toMatchObject({
      attempts: 3,
      last_error: expect.stringMatching(/451 greylisted/),
    });
  });

  it('gives up at once on a permanent 5xx, and after the last attempt otherwise', async () => {
    const smtp = await smtpServer(() => ({ accept: false, code: 550, message: 'no such user' }));
    startWorker(smtp.url, { retryBaseMs: 5 });
    const acme = await partnerWithTemplate('Acme, rejected');
    const rejected = await newClient(acme.api);
    await signOnboarding(rejected.url);
    await waitFor(async () => (await rowsOf(rejected.clientId))[0]?.status === 'failed', {
      what: 'failed',
    });
    expect((await rowsOf(rejected.clientId))[0]).toMatchObject({
      attempts: 1,
      last_error: expect.stringMatching(/550 no such user/),
    });

    smtp.reply = () => ({ accept: false, code: 421, message: 'busy' });
    const busy = await newClient(acme.api);
    await signOnboarding(busy.url);
    await waitFor(async () => (await rowsOf(busy.clientId))[0]?.status === 'failed', {
      what: 'failed after 8 attempts',
    });
    expect((await rowsOf(busy.clientId))[0]!.attempts).toBe(8);
    const listed = await acme.api.get('/v1/welcome-email/messages?limit=1');
    expect(listed.body.data[0]).toMatchObject({
      status: 'failed',
      attempts: 8,
      nextAttemptAt: null,
    });
    expect(listed.body.nextCursor).toEqual(expect.any(String));
    const next = await acme.api.get(
      `/v1/welcome-email/messages?limit=1&cursor=${listed.body.nextCursor}`,
    );
    expect(next.body.data[0]).toMatchObject({ clientId: rejected.clientId, status: 'failed' });
  });

  it('loses nothing while no worker runs: the email queued at signing goes out when one starts', async () => {
    const smtp = await smtpServer();
    const acme = await partnerWithTemplate('Acme, no dispatcher');
    const { company, clientId, url } = await newClient(acme.api);
    await signOnboarding(url);
    expect((await rowsOf(clientId))[0]).toMatchObject({ status: 'pending', attempts: 0 });

    startWorker(smtp.url);
    await waitFor(() => to(smtp, company.contactEmail).length === 1, { what: 'the email' });
  });

  it('a worker that died mid-send: the email is sent again once its lease ends, with the same Message-ID', async () => {
    const smtp = await smtpServer();
    const acme = await partnerWithTemplate('Acme, crashed worker');
    const { company, clientId, url } = await newClient(acme.api);
    await signOnboarding(url);
    // A worker claimed it (lease ahead) and died: nobody may take it until the lease ends.
    await h.pool.query(
      `UPDATE welcome_emails SET attempts = 1, next_attempt_at = now() + interval '1 hour' WHERE client_id = $1`,
      [clientId],
    );
    const worker = startWorker(smtp.url);
    expect(await worker.drain()).toBe(0);
    expect(to(smtp, company.contactEmail)).toEqual([]);

    await h.pool.query(`UPDATE welcome_emails SET next_attempt_at = now() WHERE client_id = $1`, [
      clientId,
    ]);
    await waitFor(async () => (await rowsOf(clientId))[0]?.status === 'sent', { what: 'sent' });
    expect((await rowsOf(clientId))[0]!.attempts).toBe(2);

    // Had the first worker got the message through before dying, the relay now holds two
    // copies; the same Message-ID makes the second recognisably the same message.
    const [first] = to(smtp, company.contactEmail);
    await h.pool.query(
      `UPDATE welcome_emails SET status = 'pending', next_attempt_at = now() WHERE client_id = $1`,
      [clientId],
    );
    await waitFor(() => to(smtp, company.contactEmail).length === 2, { what: 'the resend' });
    expect(to(smtp, company.contactEmail)[1]!.messageId).toBe(first!.messageId);
  });

  it('sends each email once with several workers (dispatcher replicas) on one database', async () => {
    const smtp = await smtpServer();
    const acme = await partnerWithTemplate('Acme, replicas');
    const clients = await Promise.all([1, 2, 3, 4, 5, 6].map(() => newClient(acme.api)));
    await Promise.all(clients.map((c) => signOnboarding(c.url)));
    for (let i = 0; i < 3; i += 1) startWorker(smtp.url, { concurrency: 2 });
    for (const c of clients) {
      await waitFor(() => to(smtp, c.company.contactEmail).length === 1, { what: 'each email' });
    }
    for (const c of clients) {
      await waitFor(async () => (await rowsOf(c.clientId))[0]?.status === 'sent', { what: 'sent' });
      expect(to(smtp, c.company.contactEmail)).toHaveLength(1);
    }
  });
});
