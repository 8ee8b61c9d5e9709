import { createHarness, type Harness } from './helpers/harness';
import type { ApiClient } from './helpers/api-client';
import { eventsOf, expire, hostedPage, newCompany, signOnboarding } from './helpers/clients';

// Users at onboarding: the client adds the people who will use the platform
// on its onboarding page, before it signs; operators see them, and the
// signing's client.onboarding_completed counts them.
let h: Harness;
let alice: { partnerId: string; api: ApiClient };

beforeAll(async () => {
  h = await createHarness();
  alice = await h.newPartner('Alice Accounting');
});
afterAll(() => h.close());

/** POST the page's users form as a browser would, without following the redirect. */
async function postUsers(onboardingUrl: string, form: Record<string, string>) {
  const response = await fetch(`${onboardingUrl}/users`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
    redirect: 'manual',
  });
  return {
    status: response.status,
    location: response.headers.get('location'),
    html: await response.text(),
  };
}

async function newClient(overrides: Record<string, unknown> = {}) {
  const created = await alice.api.post('/v1/clients', newCompany(overrides));
  expect(created.status).toBe(202);
  return { url: created.body.onboardingUrl as string, id: created.body.client.id as string };
}

async function usersOf(clientId: string): Promise<number> {
  const { rows } = await h.pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM client_users WHERE client_id = $1`,
    [clientId],
  );
  return rows[0]!.n;
}

const ada = { name: 'Ada Berg', email: 'ada@fjord.example', role: 'admin' };
const ben = { name: 'Ben Holm', email: 'ben@fjord.example', role: 'viewer' };

describe('adding users on the onboarding page', () => {
  it('stores each user, lists them, counts them at signing and shows them to operators', async () => {
    const client = await newClient();
    const token = client.url.split('/onboarding/')[1]!;

    const added = await postUsers(client.url, ada);
    expect(added.status).toBe(303);
    expect(added.location).toBe(`/onboarding/${token}#users`);
    expect((await postUsers(client.url, ben)).status).toBe(303);

    const page = await hostedPage(client.url);
    expect(page.html).toContain('2 users');
    expect(page.html).toMatch(/<td>Ada Berg<\/td>\s*<td>ada@fjord.example<\/td>\s*<td>Admin<\/td>/);
    expect(page.html).toMatch(
      /<td>Ben Holm<\/td>\s*<td>ben@fjord.example<\/td>\s*<td>Viewer<\/td>/,
    );

    expect((await signOnboarding(client.url, 'Ada Berg')).status).toBe(200);
    const [completed] = await eventsOf(h.pool, alice.partnerId, 'client.onboarding_completed');
    expect(completed?.data).toMatchObject({ clientId: client.id, userCount: 2 });

    const record = await h.admin.get(`/admin/clients/${client.id}`);
    expect(record.status).toBe(200);
    expect(record.body.users).toEqual([
      { id: expect.stringMatching(/^usr_/), ...ada, addedAt: expect.any(String) },
      { id: expect.stringMatching(/^usr_/), ...ben, addedAt: expect.any(String) },
    ]);
    // Partners hear how many, not who: the people are the client's to share.
    const seen = await alice.api.get(`/v1/clients/${client.id}`);
    expect(JSON.stringify(seen.body)).not.toContain('ada@fjord.example');
  });

  it('counts no users when the client adds none', async () => {
    const partner = await h.newPartner('Nobody Added');
    const created = await partner.api.post('/v1/clients', newCompany());
    await signOnboarding(created.body.onboardingUrl);
    const [completed] = await eventsOf(h.pool, partner.partnerId, 'client.onboarding_completed');
    expect(completed?.data.userCount).toBe(0);
  });

  it('refuses an invalid user with errors linked to each field, keeping what was typed', async () => {
    const client = await newClient();
    const refused = await postUsers(client.url, {
      name: ' ',
      email: 'not-an-email',
      role: 'owner',
    });
    expect(refused.status).toBe(400);
    expect(refused.html).toContain('role="alert"');
    expect(refused.html).toContain('<a href="#userName">enter the user’s full name</a>');
    expect(refused.html).toContain(
      '<a href="#userEmail">enter an email address like name@company.com</a>',
    );
    expect(refused.html).toContain('<a href="#userRole">choose the user’s role</a>');
    expect(refused.html).toMatch(/id="userEmail"[^>]*value="not-an-email"[^>]*aria-invalid="true"/);
    // The signature form still posts to the page itself, not to the users path.
    expect(refused.html).toMatch(
      /<form\s+method="post"\s+action="\/onboarding\/[^"/]+"\s+novalidate\s*>/,
    );

    expect((await postUsers(client.url, {})).status).toBe(400);
    expect((await postUsers(client.url, { ...ada, name: 'Ada\u0007Berg' })).html).toContain(
      'must not contain control characters',
    );
    expect(
      (await postUsers(client.url, { ...ada, email: `${'a'.repeat(250)}@x.example` })).status,
    ).toBe(400);
    expect(await usersOf(client.id)).toBe(0);
  });

  it('escapes what the client typed, in the list and in the form', async () => {
    const client = await newClient();
    const name = '<script>alert("x")</script> & Co';
    expect((await postUsers(client.url, { ...ada, name })).status).toBe(303);
    const page = await hostedPage(client.url);
    expect(page.html).not.toContain('<script>');
    expect(page.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co');

    const refused = await postUsers(client.url, { name, email: '"><b>x', role: 'member' });
    expect(refused.status).toBe(400);
    expect(refused.html).toContain('value="&quot;&gt;&lt;b&gt;x"');
  });

  it('refuses an email already among the company’s users, whatever its case', async () => {
    const client = await newClient();
    await postUsers(client.url, ada);
    const again = await postUsers(client.url, { ...ben, email: 'ADA@Fjord.Example' });
    expect(again.status).toBe(400);
    expect(again.html).toContain('this email address is already one of your users');
    expect(await usersOf(client.id)).toBe(1);
  });

  it('keeps one user when the same one is added five times at once', async () => {
    const client = await newClient();
    const answers = await Promise.all(Array.from({ length: 5 }, () => postUsers(client.url, ada)));
    expect(answers.map((a) => a.status).sort()).toEqual([303, 400, 400, 400, 400]);
    expect(await usersOf(client.id)).toBe(1);
  });

  it('removes a user, and only one of this company’s', async () => {
    const client = await newClient();
    const other = await newClient();
    await postUsers(client.url, ada);
    await postUsers(other.url, ben);
    const [adaRow] = (
      await h.pool.query<{ id: string }>(`SELECT id FROM client_users WHERE client_id = $1`, [
        client.id,
      ])
    ).rows;
    const [benRow] = (
      await h.pool.query<{ id: string }>(`SELECT id FROM client_users WHERE client_id = $1`, [
        other.id,
      ])
    ).rows;

    // Another company's user, through this company's page: nothing happens.
    expect((await postUsers(client.url, { remove: benRow!.id })).status).toBe(303);
    expect(await usersOf(other.id)).toBe(1);

    expect((await postUsers(client.url, { remove: adaRow!.id })).status).toBe(303);
    expect(await usersOf(client.id)).toBe(0);
    expect((await hostedPage(client.url)).html).toContain('No users added yet.');
    // A second click on the same button finds it gone and shows the page again.
    expect((await postUsers(client.url, { remove: adaRow!.id })).status).toBe(303);
  });

  it('takes at most 20 users, then offers no more rows', async () => {
    const client = await newClient();
    for (let i = 0; i < 20; i += 1) {
      const added = await postUsers(client.url, {
        name: `User ${i}`,
        email: `user${i}@fjord.example`,
        role: 'member',
      });
      expect(added.status).toBe(303);
    }
    const past = await postUsers(client.url, { ...ada });
    expect(past.status).toBe(400);
    expect(past.html).toContain('you can add at most 20 users');
    expect(await usersOf(client.id)).toBe(20);
    const page = await hostedPage(client.url);
    expect(page.html).toContain('20 users is the most you can add here.');
    expect(page.html).not.toContain('Add a user');
  });

  it('changes nothing once the SDCA is signed (409) or the link expired (410), or for a forged token', async () => {
    const signed = await newClient();
    await postUsers(signed.url, ada);
    await signOnboarding(signed.url);
    const late = await postUsers(signed.url, ben);
    expect(late.status).toBe(409);
    expect(late.html).toContain('Onboarding complete');
    const [adaRow] = (
      await h.pool.query<{ id: string }>(`SELECT id FROM client_users WHERE client_id = $1`, [
        signed.id,
      ])
    ).rows;
    expect((await postUsers(signed.url, { remove: adaRow!.id })).status).toBe(409);
    expect(await usersOf(signed.id)).toBe(1);

    const expired = await newClient();
    await expire(h.pool, 'onboarding_sessions', 'client_id', expired.id);
    expect((await postUsers(expired.url, ada)).status).toBe(410);
    expect((await postUsers(expired.url, { name: '' })).status).toBe(410);
    expect(await usersOf(expired.id)).toBe(0);

    const forged = signed.url.replace(/\.[\w-]+$/, '.' + 'A'.repeat(43));
    expect((await postUsers(forged, ada)).status).toBe(404);
  });
});
