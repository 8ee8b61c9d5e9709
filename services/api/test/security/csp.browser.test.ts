import type { BrowserContext, Page } from 'playwright-core';
import { newCompany } from '../helpers/clients';
import { createDashboardWorld, type DashboardWorld } from '../dashboard-browser/world';

/**
 * The Content-Security-Policy in a real browser: the dashboard and the hosted
 * pages work under it, and Chromium reports no violation (a blocked script,
 * style or image would be one), through every view and a Radix dialog.
 */
let w: DashboardWorld;
let context: BrowserContext;
let page: Page;
const violations: string[] = [];

beforeAll(async () => {
  w = await createDashboardWorld({ clients: 6, cases: 40 });
  ({ context, page } = await w.newPage());
  // Every violation the page sees, as the browser reports it to scripts and to the console.
  await context.addInitScript({
    content: `document.addEventListener('securitypolicyviolation', (e) =>
      console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));`,
  });
  page.on('console', (msg) => {
    if (/Content Security Policy|CSP violation/i.test(msg.text())) violations.push(msg.text());
  });
  await w.signIn(page);
}, 120_000);
afterAll(async () => {
  await context?.close();
  await w?.close();
});

beforeEach(() => violations.splice(0));

it('the dashboard: every view and the onboarding dialog, with no CSP violation', async () => {
  const created = await w.partner.api.post(
    '/v1/clients',
    newCompany({ companyName: 'Csp Probe GmbH' }),
  );
  expect(created.status).toBe(202);
  await page.goto('/dashboard/cases');
  await page.getByRole('table', { name: 'Cases' }).locator('tbody tr').first().waitFor();
  await page.goto('/dashboard/earnings');
  await page.locator('.recharts-surface').first().waitFor();
  await page.goto('/dashboard/webhooks');
  await page.getByRole('heading', { name: 'Delivery log' }).waitFor();
  await page.goto('/dashboard/clients?tab=unsigned_sdca&search=Csp');
  await page.getByRole('button', { name: 'Onboarding link for Csp Probe GmbH' }).click();
  await page.getByRole('dialog', { name: 'Onboarding link for Csp Probe GmbH' }).waitFor();
  await page.keyboard.press('Escape');
  expect(violations).toEqual([]);
});

it('a hosted page: styled by its nonce, with no CSP violation', async () => {
  const created = await w.partner.api.post('/v1/clients', newCompany());
  await page.goto(created.body.onboardingUrl);
  await page.getByRole('button', { name: /sign/i }).first().waitFor();
  // The frame's own stylesheet applied: the header takes the partner colour.
  const background = await page.evaluate(
    'getComputedStyle(document.querySelector("header")).backgroundColor',
  );
  expect(background).not.toBe('rgba(0, 0, 0, 0)');
  expect(violations).toEqual([]);
});
