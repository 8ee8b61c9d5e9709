import fc from 'fast-check';
import { apiClient, type Json } from '../helpers/api-client';
import { hostedPage, newCompany } from '../helpers/clients';
import { dashboardAgent } from '../helpers/dashboard';
import { createHarness, type Harness } from '../helpers/harness';
import { METACHARACTERS } from './hostile-values';

/**
 * Valid free text full of SQL and HTML metacharacters and unicode is taken as
 * it is: stored and read back byte for byte (the queries are parameterised,
 * nothing is stripped or mangled), and where a page shows it, shown as text.
 * Seeded like hostile-inputs: SECURITY_SEED=<n> replays a run.
 */
const SEED = Number(process.env.SECURITY_SEED ?? Date.now() % 2 ** 31);
const RUNS = 12;

/**
 * Printable text the fields take as it is: no lone surrogate (refused: UTF-8
 * cannot hold one), no control characters (hostile-inputs covers those),
 * nothing to trim at either end (names are trimmed), within 200 characters.
 */
const acceptable = (s: string) =>
  s.length > 0 && s.length <= 200 && !/[\p{Cc}\p{Cs}]/u.test(s) && s.trim() === s;

const EXTRA = [
  "O'Brien & Söhne <GmbH>",
  "Robert'); DROP TABLE partners;--",
  "x' UNION SELECT api_key_hash FROM partners --",
  "\\x00\\n E'\\\\' $$ $tag$ ::text",
  '&amp; &lt;b&gt; &#39; &#x27;',
  '\u202eevil\u202c \u200b\u200d 🏳️‍🌈 ﷽ Z̤͔ͧ̑̓ä͖̭̈̇',
];
const fixed = [...METACHARACTERS, ...EXTRA].filter(acceptable);

const freeText = fc
  .oneof(
    fc.constantFrom(...fixed),
    fc
      .tuple(
        fc.constantFrom(...fixed),
        fc.string({ unit: 'grapheme', maxLength: 24 }),
        fc.constantFrom(...fixed),
      )
      .map((parts) => parts.join(' ')),
  )
  .filter(acceptable);

/** The page's text: what a browser shows once the entities are read. */
const pageText = (html: string) =>
  html
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#(?:39|x27);/g, "'")
    .replace(/&amp;/g, '&');

function expectShownAsText(html: string, value: string, where: string): void {
  expect({ where, value, shown: pageText(html).includes(value) }).toEqual({
    where,
    value,
    shown: true,
  });
  // With any of <>"' in it, the raw value in the markup would be markup.
  if (/[<>"']/.test(value))
    expect({ where, value, raw: html.includes(value) }).toEqual({ where, value, raw: false });
}

let h: Harness;
beforeAll(async () => {
  console.log(`metacharacter round trip: seed ${SEED} (replay with SECURITY_SEED=${SEED})`);
  h = await createHarness();
}, 60_000);
afterAll(() => h.close());

it('partner, client and subscription text comes back byte for byte, and pages show it as text', async () => {
  const record = fc.record({
    partnerName: freeText,
    companyName: freeText,
    contactName: freeText,
    description: freeText,
  });
  await fc.assert(
    fc.asyncProperty(record, async (text) => {
      const where = JSON.stringify(text);
      // 1. The partner's name, through the admin API.
      const partner = await h.admin.post('/admin/partners', { name: text.partnerName });
      expect({ where, status: partner.status }).toEqual({ where, status: 201 });
      const readPartner = await h.admin.get(`/admin/partners/${partner.body.id}`);
      expect(readPartner.body.name).toBe(text.partnerName);
      const api = apiClient(h.url, partner.body.apiKey as string);

      // 2. A client's company and contact name, through the partner API.
      const created = await api.post(
        '/v1/clients',
        newCompany({ companyName: text.companyName, contactName: text.contactName }),
      );
      expect({ where, status: created.status }).toEqual({ where, status: 202 });
      const client = (await api.get(`/v1/clients/${created.body.client.id}`)).body as Json;
      expect({ companyName: client.companyName, contactName: client.contactName }).toEqual({
        companyName: text.companyName,
        contactName: text.contactName,
      });
      const { rows } = await h.pool.query<{ company_name: string }>(
        'SELECT company_name FROM clients WHERE id = $1',
        [client.id],
      );
      expect(Buffer.from(rows[0]!.company_name)).toEqual(Buffer.from(text.companyName));

      // 3. The onboarding page shows all three as text.
      const page = await hostedPage(created.body.onboardingUrl as string);
      expect(page.status).toBe(200);
      for (const value of [text.partnerName, text.companyName, text.contactName])
        expectShownAsText(page.html, value, 'onboarding page');

      // 4. A subscription's description, through the partner API.
      const sub = await api.post('/v1/webhooks/subscriptions', {
        url: 'http://127.0.0.1:9/hook',
        eventTypes: ['*'],
        description: text.description,
      });
      expect({ where, status: sub.status }).toEqual({ where, status: 201 });
      const readSub = await api.get(`/v1/webhooks/subscriptions/${sub.body.id}`);
      expect(readSub.body.description).toBe(text.description);

      // 5. The dashboard API gives the same text back.
      const dashboard = dashboardAgent(h.url);
      expect((await dashboard.login(partner.body.id as string)).status).toBe(200);
      const clients = await dashboard.get('/dashboard/api/clients');
      const subs = await dashboard.get('/dashboard/api/webhooks/subscriptions');
      expect({
        companyNames: (clients.body.rows as Json[]).map((c) => c.companyName),
        descriptions: (subs.body.subscriptions as Json[]).map((s) => s.description),
      }).toEqual({ companyNames: [text.companyName], descriptions: [text.description] });
    }),
    { seed: SEED, numRuns: RUNS, endOnFailure: true },
  );
}, 120_000);
