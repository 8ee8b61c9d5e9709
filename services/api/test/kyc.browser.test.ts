import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './helpers/browser';
import { createHarness, type Harness } from './helpers/harness';
import { eventsOf, onboardedClient } from './helpers/clients';
import { customerToken, newCase } from './helpers/cases';
import { PDF } from './helpers/kyc';
import { screenshot, seriousViolations } from './dashboard-browser/world';

// The KYC form in a real browser, opened from a real 422's solutionUrl.
let h: Harness;
let browser: Browser;
let partner: Awaited<ReturnType<Harness['newPartner']>>;

beforeAll(async () => {
  h = await createHarness();
  browser = await launchChromium();
  partner = await h.newPartner('Ledgerly');
  await h.partners.update(partner.partnerId, {
    branding: { primaryColor: '#0a3d62', accentColor: '#e58e26' },
  });
});
afterAll(async () => {
  await browser?.close();
  await h.close();
});

/** A client that cannot open cases yet, its customer token, and the 422 it gets. */
async function refusedCase() {
  const ready = await onboardedClient(partner.api);
  const clientId = ready.body.client.id as string;
  const token = await customerToken(partner.api, clientId);
  const body = newCase();
  const refused = await partner.api.post('/v1/cases', body, { token });
  expect(refused.status).toBe(422);
  return { clientId, token, body, solutionUrl: refused.body.solutionUrl as string };
}

async function fillDetails(page: Page) {
  await page.getByLabel('Full name', { exact: true }).fill('Ingrid Dahl');
  await page.getByLabel('Date of birth', { exact: true }).fill('1980-05-17');
  await page.getByLabel('Street and number').fill('Hauptstraße 5');
  await page.getByLabel('Postal code').fill('10115');
  await page.getByLabel('City').fill('Berlin');
  await page.getByLabel('Country').fill('DE');
  await page.getByLabel('Owner 1: full name').fill('Ingrid Dahl');
  await page.getByLabel('Owner 1: share in %').fill('60');
  await page.getByLabel(/I confirm these details are correct/).check();
}

describe('the KYC form', () => {
  it('takes the details and a document; after approval the same case request succeeds', async () => {
    const { clientId, token, body, solutionUrl } = await refusedCase();
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(solutionUrl);
    await expect(page.title()).resolves.toBe('Verify your company · Ledgerly');

    // Nothing filled in: the summary is announced and links to each field.
    await page.getByRole('button', { name: 'Submit for verification' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    const links = await alert.getByRole('link').allTextContents();
    expect(links).toContain('enter the legal representative’s full name');
    expect(await page.getByLabel('Full name', { exact: true }).getAttribute('aria-invalid')).toBe(
      'true',
    );

    // A web page renamed .pdf: refused by its content; typed values stay, the file does not.
    await fillDetails(page);
    await page.getByLabel('Passport or ID card').setInputFiles({
      name: 'passport.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('<!doctype html><h1>not a passport</h1>'),
    });
    await page.getByRole('button', { name: 'Submit for verification' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').getByRole('link').allTextContents()).toEqual([
      'the document must be a PDF, JPEG or PNG file',
    ]);
    expect(await page.getByLabel('Full name', { exact: true }).inputValue()).toBe('Ingrid Dahl');
    expect(await page.getByLabel('Passport or ID card').inputValue()).toBe('');
    await screenshot(page, 'kyc-form');

    await page.getByLabel(/I confirm these details are correct/).check();
    await page.getByLabel('Passport or ID card').setInputFiles({
      name: PDF.fileName,
      mimeType: PDF.type,
      buffer: PDF.content,
    });
    await page.getByRole('button', { name: 'Submit for verification' }).click();
    await page.getByRole('heading', { name: 'Details submitted' }).waitFor();
    expect(await eventsOf(h.pool, partner.partnerId, 'client.kyc_submitted')).toHaveLength(1);

    // Opened again while under review: no form.
    await page.goto(solutionUrl);
    await page.getByRole('heading', { name: 'Under review' }).waitFor();
    expect(await page.getByRole('button').count()).toBe(0);

    expect((await h.admin.post(`/admin/clients/${clientId}/kyc/approve`)).status).toBe(200);
    const retried = await partner.api.post('/v1/cases', body, { token });
    expect(retried.status).toBe(201);
    await page.goto(solutionUrl);
    await page.getByRole('heading', { name: 'Company verified' }).waitFor();
    await context.close();
  });

  it('is reachable by keyboard in a sensible order, every field labelled, no serious axe violations', async () => {
    const { solutionUrl } = await refusedCase();
    // axe runs script in the page: this context allows it (the page itself has none).
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await page.goto(solutionUrl);
    const focusedId = () =>
      page.evaluate(
        () =>
          (globalThis as unknown as { document: { activeElement: { id: string } } }).document
            .activeElement.id,
      );
    await page.keyboard.press('Tab');
    expect(await focusedId()).toBe('legalRepresentative');
    await page.keyboard.press('Tab');
    expect(await focusedId()).toBe('dateOfBirth');
    expect(await seriousViolations(page)).toEqual([]);
    // With errors shown too.
    await page.getByRole('button', { name: 'Submit for verification' }).click();
    await page.getByRole('alert').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  });
});
