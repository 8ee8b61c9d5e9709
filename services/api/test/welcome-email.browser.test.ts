import type { Browser } from 'playwright-core';
import { startSmtpServer, waitFor, type TestSmtpServer } from '@referral/testing';
import { launchChromium } from './helpers/browser';
import { createHarness, type Harness } from './helpers/harness';
import { newCompany } from './helpers/clients';
import { startWelcomeEmailWorker } from './helpers/welcome-email';

// A client signs its onboarding in a real browser; the partner's welcome
// email arrives at a real SMTP server, sent by the dispatcher's worker.
let h: Harness;
let browser: Browser;
let smtp: TestSmtpServer;
let stopWorker: (() => Promise<void>) | undefined;

beforeAll(async () => {
  h = await createHarness();
  smtp = await startSmtpServer();
  stopWorker = startWelcomeEmailWorker(h, smtp.url).stop;
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await stopWorker?.();
  await smtp?.close();
  await h.close();
});

it('signing the onboarding page in Chromium sends the partner’s welcome email', async () => {
  const partner = await h.newPartner('Ledgerly');
  await h.partners.update(partner.partnerId, { mailDomains: ['ledgerly.example'] });
  const saved = await partner.api.request('PUT', '/v1/welcome-email', {
    body: {
      from: { address: 'hello@ledgerly.example', name: 'Ledgerly' },
      subject: 'Welcome aboard, {{client.companyName}}',
      html: '<p>Hi {{client.signerName}}, {{client.companyName}} is set up with {{partner.name}}.</p>',
    },
  });
  expect(saved.status).toBe(201);
  const body = newCompany({ companyName: 'Fjord <Fisk> AS', country: 'NO' });
  const created = await partner.api.post('/v1/clients', body);

  const context = await browser.newContext({ javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    await page.goto(created.body.onboardingUrl);
    await page.getByLabel(/I accept the SDCA/).check();
    await page.getByLabel('Your full name (your typed signature)').fill('Ingrid Dahl');
    await page.getByRole('button', { name: 'Sign and complete onboarding' }).click();
    await page.getByRole('heading', { name: 'Onboarding complete' }).waitFor();
  } finally {
    await context.close();
  }

  await waitFor(() => smtp.messages.length === 1, { what: 'the welcome email' });
  const [mail] = smtp.messages;
  expect(mail!.to && !Array.isArray(mail!.to) && mail!.to.text).toBe(body.contactEmail);
  expect(mail!.from?.text).toBe('"Ledgerly" <hello@ledgerly.example>');
  expect(mail!.subject).toBe('Welcome aboard, Fjord <Fisk> AS');
  expect(mail!.html).toBe('<p>Hi Ingrid Dahl, Fjord &lt;Fisk&gt; AS is set up with Ledgerly.</p>');
});
