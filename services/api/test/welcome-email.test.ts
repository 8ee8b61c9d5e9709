import { randomUUID } from 'node:crypto';
import { countRows, createHarness, type Harness } from './helpers/harness';
import { fields, type ApiClient } from './helpers/api-client';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

const template = (overrides: Record<string, unknown> = {}) => ({
  from: { address: 'welcome@mail.acme.example', name: 'Acme Accounting' },
  replyTo: 'support@acme.example',
  subject: 'Welcome, {{client.companyName}}',
  html: '<p>Hello {{#if client.contactName}}{{client.contactName}}{{else}}there{{/if}},</p><p>{{partner.name}}</p>',
  ...overrides,
});

const put = (api: ApiClient, body: unknown, path = '/v1/welcome-email') =>
  api.request('PUT', path, { body });

/** A partner whose mail domain an operator authorised. */
async function sendingPartner(name = 'Acme', mailDomains = ['acme.example']) {
  const partner = await h.newPartner(name);
  const res = await h.admin.patch(`/admin/partners/${partner.partnerId}`, { mailDomains });
  expect(res.status).toBe(200);
  expect(res.body.mailDomains).toEqual(mailDomains);
  return partner;
}

describe('sending domains', () => {
  it('operators authorise them; a partner cannot save a sender on any other domain (422 naming from.address)', async () => {
    const acme = await sendingPartner('Acme, domains');
    for (const address of ['welcome@acme.example.org', 'welcome@notacme.example', 'a@example']) {
      const res = await put(acme.api, template({ from: { address } }));
      expect(res.status).toBe(address === 'a@example' ? 400 : 422);
      expect(fields(res)).toEqual(['from.address']);
    }
    expect(await countRows(h.pool, 'welcome_email_templates')).toBe(0);

    // The domain itself and any subdomain of it are fine.
    expect((await put(acme.api, template({ from: { address: 'hi@acme.example' } }))).status).toBe(
      201,
    );
    expect((await put(acme.api, template())).status).toBe(200);
  });

  it('a partner with no authorised domain is told to ask for one', async () => {
    const bare = await h.newPartner('No domains');
    const res = await put(bare.api, template());
    expect(res.status).toBe(422);
    expect(res.body.detail).toMatch(/No sending domain is authorised yet/);
  });

  it('refuses a malformed domain', async () => {
    const { partnerId } = await h.newPartner('Bad domain');
    const res = await h.admin.patch(`/admin/partners/${partnerId}`, {
      mailDomains: ['ok.example', 'not a domain'],
    });
    expect(res.status).toBe(400);
    expect(fields(res)).toEqual(['mailDomains.1']);
  });
});

describe('template validation: a 400 naming the field, and nothing stored', () => {
  it.each([
    [
      'a syntax error in the subject',
      { subject: 'Hi {{client.companyName' },
      'subject',
      /Parse error/,
    ],
    [
      'a syntax error in the body',
      { html: '<p>{{#if client.country}}open</p>' },
      'html',
      /Parse error on line 1/,
    ],
    [
      'an unknown variable',
      { html: '<p>{{client.iban}}</p>' },
      'html',
      /unknown variable \{\{client\.iban\}\}/,
    ],
    [
      'an unknown variable in the subject',
      { subject: '{{companyName}}' },
      'subject',
      /unknown variable/,
    ],
    ['a triple-stash', { html: '<p>{{{client.companyName}}}</p>' }, 'html', /not allowed/],
    ['an unescaped {{& }}', { html: '<p>{{& client.companyName}}</p>' }, 'html', /not allowed/],
    [
      'a helper',
      { html: '<p>{{lookup client "companyName"}}</p>' },
      'html',
      /helpers are not allowed/,
    ],
    ['an each block', { html: '{{#each client}}x{{/each}}' }, 'html', /only blocks/],
    ['a partial', { html: '{{> header}}' }, 'html', /PartialStatement is not allowed/],
    ['a subject over 200 characters', { subject: 'x'.repeat(201) }, 'subject', /200/],
    ['a body over 100 KB', { html: 'x'.repeat(100 * 1024 + 1) }, 'html', /102400/],
    ['an empty body', { html: '' }, 'html', /1/],
    ['a bad reply-to', { replyTo: 'not an address' }, 'replyTo', /email/i],
    ['an unknown field', { bcc: 'spy@example.com' }, 'bcc', /unknown field/],
  ])('%s', async (_label, change, field, message) => {
    const acme = await sendingPartner(`Acme ${randomUUID()}`);
    const res = await put(acme.api, template(change));
    expect(res.status).toBe(400);
    expect(fields(res)).toEqual([field]);
    expect(res.body.errors[0].message).toMatch(message);
    expect((await acme.api.get('/v1/welcome-email')).status).toBe(404);
  });
});

describe('the template', () => {
  it('round trips: PUT creates, GET reads, PUT replaces, DELETE removes', async () => {
    const acme = await sendingPartner('Acme, round trip');
    expect((await acme.api.get('/v1/welcome-email')).status).toBe(404);

    const created = await put(acme.api, template());
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      from: { address: 'welcome@mail.acme.example', name: 'Acme Accounting' },
      replyTo: 'support@acme.example',
      subject: 'Welcome, {{client.companyName}}',
      html: template().html,
      enabled: true,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect((await acme.api.get('/v1/welcome-email')).body).toEqual(created.body);

    const replaced = await put(acme.api, {
      from: { address: 'hello@acme.example' },
      subject: 'Hi',
      html: '<p>Hi</p>',
      enabled: false,
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({
      from: { address: 'hello@acme.example', name: null },
      replyTo: null,
      enabled: false,
    });

    expect((await acme.api.delete('/v1/welcome-email')).status).toBe(204);
    expect((await acme.api.get('/v1/welcome-email')).status).toBe(404);
    expect((await acme.api.delete('/v1/welcome-email')).status).toBe(404);
  });

  it('is each partner’s own: another partner neither sees nor changes it', async () => {
    const acme = await sendingPartner('Acme, isolated');
    const other = await sendingPartner('Other', ['other.example']);
    await put(acme.api, template());
    expect((await other.api.get('/v1/welcome-email')).status).toBe(404);
    expect((await other.api.delete('/v1/welcome-email')).status).toBe(404);
    expect((await other.api.get('/v1/welcome-email/messages')).body.data).toEqual([]);
    // Its own sender must be on its own domains, not on Acme's.
    expect((await put(other.api, template())).status).toBe(422);
    expect((await acme.api.get('/v1/welcome-email')).status).toBe(200);
  });

  it('operators read, replace and delete any partner’s under /admin/partners/:id/welcome-email', async () => {
    const acme = await sendingPartner('Acme, admin');
    const path = `/admin/partners/${acme.partnerId}/welcome-email`;
    expect((await h.admin.get(path)).status).toBe(404);
    expect((await put(h.admin, template(), path)).status).toBe(201);
    expect((await acme.api.get('/v1/welcome-email')).body.subject).toBe(template().subject);
    expect((await h.admin.get(`${path}/messages`)).body).toEqual({ data: [], nextCursor: null });
    expect(
      (await put(h.admin, template({ from: { address: 'x@elsewhere.example' } }), path)).status,
    ).toBe(422);
    expect((await h.admin.delete(path)).status).toBe(204);
    expect((await h.admin.get(`/admin/partners/${randomUUID()}/welcome-email`)).status).toBe(404);
    expect(
      (await put(h.admin, template(), `/admin/partners/${randomUUID()}/welcome-email`)).status,
    ).toBe(404);
  });
});

describe('preview', () => {
  it('renders with a sample client whose company name shows the escaping, and stores nothing', async () => {
    const acme = await sendingPartner('Acme & Co');
    const res = await acme.api.post('/v1/welcome-email/preview', {
      subject: 'Welcome {{client.companyName}}\r\nBcc: x@example.com',
      html: '<h1>{{client.companyName}}</h1><p>{{partner.name}}</p>',
    });
    expect(res.status).toBe(200);
    expect(res.body.subject).toBe('Welcome Müller & Söhne <GmbH> Bcc: x@example.com');
    expect(res.body.html).toBe('<h1>Müller &amp; Söhne &lt;GmbH&gt;</h1><p>Acme &amp; Co</p>');
    expect(res.body.text).toMatch(/MÜLLER & SÖHNE <GMBH>/);
    expect(await countRows(h.pool, 'welcome_emails')).toBe(0);
  });

  it('previews the saved template when the body names none, and is a 404 without one', async () => {
    const acme = await sendingPartner('Acme, preview saved');
    expect((await acme.api.post('/v1/welcome-email/preview', {})).status).toBe(404);
    await put(acme.api, template());
    const res = await acme.api.post('/v1/welcome-email/preview', {});
    expect(res.status).toBe(200);
    expect(res.body.subject).toBe('Welcome, Müller & Söhne <GmbH>');
  });

  it('refuses a bad template as PUT does', async () => {
    const acme = await sendingPartner('Acme, preview bad');
    const res = await acme.api.post('/v1/welcome-email/preview', { html: '{{nope}}' });
    expect(res.status).toBe(400);
    expect(fields(res)).toEqual(['html']);
  });
});
