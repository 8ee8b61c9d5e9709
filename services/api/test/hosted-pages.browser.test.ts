import type { Browser, BrowserContext } from 'playwright-core';
import { launchChromium } from './helpers/browser';
import { createHarness, type Harness } from './helpers/harness';
import { eventsOf, expire, newCompany, onboardedClient } from './helpers/clients';
import { newCase, readyClient } from './helpers/cases';
import { screenshot, seriousViolations } from './dashboard-browser/world';

// The hosted pages in a real browser with JavaScript off, as a client opens
// them from the link its partner sent.
let h: Harness;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  h = await createHarness();
  browser = await launchChromium();
  context = await browser.newContext({ javaScriptEnabled: false });
});
afterAll(async () => {
  await browser?.close();
  await h.close();
});

describe('the onboarding page', () => {
  it('shows the company, refuses an unticked form with linked errors, then signs', async () => {
    const partner = await h.newPartner('Ledgerly');
    await h.partners.update(partner.partnerId, {
      branding: { primaryColor: '#0a3d62', accentColor: '#e58e26' },
    });
    const body = newCompany({ companyName: 'Fjord Fisk AS', country: 'NO' });
    const created = await partner.api.post('/v1/clients', body);
    const page = await context.newPage();
    await page.goto(created.body.onboardingUrl);

    await expect(page.title()).resolves.toBe('Onboarding · Ledgerly');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Confirm your company and sign the agreement',
    );
    expect(await page.getByText('Fjord Fisk AS').count()).toBeGreaterThan(0);

    // Nothing ticked, no name: the error summary is announced and links to each field.
    await page.getByRole('button', { name: 'Sign and complete onboarding' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.getByRole('link').allTextContents()).toEqual([
      'tick the box to confirm the details and accept the SDCA',
      'type your full name to sign',
    ]);
    expect(await page.getByLabel(/I accept the SDCA/).getAttribute('aria-invalid')).toBe('true');

    await page.getByLabel(/I accept the SDCA/).check();
    await page.getByLabel('Your full name (your typed signature)').fill('Ingrid Dahl');
    await page.getByRole('button', { name: 'Sign and complete onboarding' }).click();
    await page.getByRole('heading', { name: 'Onboarding complete' }).waitFor();

    const client = await partner.api.get(`/v1/clients/${created.body.client.id}`);
    expect(client.body.onboardingStatus).toBe('completed');
    const completed = await eventsOf(h.pool, partner.partnerId, 'client.onboarding_completed');
    expect(completed).toHaveLength(1);
    await page.close();
  });

  it('wears the partner’s colours', async () => {
    const partner = await h.newPartner('Tinted');
    await h.partners.update(partner.partnerId, { branding: { primaryColor: '#0a3d62' } });
    const created = await partner.api.post('/v1/clients', newCompany());
    // Computed styles need script in the test, not in the page.
    const page = await (await browser.newContext()).newPage();
    await page.goto(created.body.onboardingUrl);
    // Runs in the browser; the DOM types are not in this Node project's lib.
    const colours = await page.locator('header').evaluate((el) => {
      const style = (
        globalThis as unknown as {
          getComputedStyle(e: unknown): { backgroundColor: string; color: string };
        }
      ).getComputedStyle(el);
      return [style.backgroundColor, style.color];
    });
    expect(colours).toEqual(['rgb(10, 61, 98)', 'rgb(255, 255, 255)']);
    await page.context().close();
  });
});

describe('the link-approval page', () => {
  it('approves with one click; opened again it says the request was used', async () => {
    const alice = await h.newPartner('Alice');
    const bob = await h.newPartner('Bob');
    const body = newCompany({ companyName: 'Vela Textiles' });
    await onboardedClient(alice.api, body);
    const req = await bob.api.post('/v1/clients', body);

    const page = await context.newPage();
    await page.goto(req.body.approvalUrl);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Bob asks to link to Vela Textiles',
    );
    await page.getByRole('button', { name: 'Approve the link' }).click();
    await page.getByRole('heading', { name: 'Link approved' }).waitFor();

    const response = await page.goto(req.body.approvalUrl);
    expect(response!.status()).toBe(410);
    expect(await page.getByRole('button').count()).toBe(0);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Link approved');
    expect(await eventsOf(h.pool, bob.partnerId, 'client.linked')).toHaveLength(1);
    await page.close();
  });

  it('rejects, and shows an expired request as expired with nothing to click', async () => {
    const alice = await h.newPartner('Alice 2');
    const bob = await h.newPartner('Bob 2');
    const rejectMe = newCompany();
    const expireMe = newCompany();
    await onboardedClient(alice.api, rejectMe);
    await onboardedClient(alice.api, expireMe);
    const toReject = await bob.api.post('/v1/clients', rejectMe);
    const toExpire = await bob.api.post('/v1/clients', expireMe);
    await expire(h.pool, 'link_requests', 'id', toExpire.body.linkRequestId);

    const page = await context.newPage();
    await page.goto(toReject.body.approvalUrl);
    await page.getByRole('button', { name: 'Reject' }).click();
    await page.getByRole('heading', { name: 'Link request rejected' }).waitFor();

    const response = await page.goto(toExpire.body.approvalUrl);
    expect(response!.status()).toBe(410);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
      'This link request has expired',
    );
    expect(await page.getByRole('button').count()).toBe(0);
    expect(await eventsOf(h.pool, bob.partnerId, 'client.linked')).toHaveLength(0);
    await page.close();
  });
});

describe('the contract-signing page', () => {
  it('lists what the debtor’s country needs, refuses an unticked form, signs, and the pending case starts', async () => {
    const partner = await h.newPartner('Cashflow Cloud');
    const { token } = await readyClient(partner.api, h.admin);
    const res = await partner.api.post(
      '/v1/cases',
      newCase({ country: 'ES', allowPendingContracts: true }),
      { token },
    );
    expect(res.body.status).toBe('pending');
    const [required] = await eventsOf(h.pool, partner.partnerId, 'case.contract_required');

    const page = await context.newPage();
    await page.goto(required!.data.solutionUrl as string);
    await expect(page.title()).resolves.toBe('Sign contracts · Cashflow Cloud');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Sign the contracts for debtors in ES',
    );
    expect(await page.getByText('To sign', { exact: true }).count()).toBe(2);

    await page.getByRole('button', { name: 'Sign' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.getByRole('link').allTextContents()).toEqual([
      'tick the box to accept the contracts listed',
      'type your full name to sign',
    ]);
    await page.getByLabel(/I accept these contracts/).check();
    await page.getByLabel('Your full name (your typed signature)').fill('Lucía Romero');
    await page.getByRole('button', { name: 'Sign' }).click();
    await page.getByRole('heading', { name: 'Contracts signed' }).waitFor();
    expect(await page.getByRole('status').textContent()).toContain('have started');

    const kase = await partner.api.get(`/v1/cases/${res.body.reference}`);
    expect(kase.body).toMatchObject({ status: 'active', collectionPartner: { id: 'cp_iberia' } });
    await page.close();
  });
});

// Users on the onboarding page: a client adds the people who will use the
// platform, fixes a mistake, removes one, then signs.
describe('users on the onboarding page', () => {
  it('adds users, explains a refused one, removes one, and counts them at signing', async () => {
    const partner = await h.newPartner('Ledgerly');
    const created = await partner.api.post('/v1/clients', newCompany({ companyName: 'Fjord AS' }));
    const page = await context.newPage();
    await page.goto(created.body.onboardingUrl);
    await expect(page.getByText('No users added yet.').count()).resolves.toBe(1);

    const addUser = async (name: string, email: string, role: string) => {
      await page.getByLabel('Full name', { exact: true }).fill(name);
      await page.getByLabel('Email address').fill(email);
      await page.getByLabel('Role').selectOption(role);
      await page.getByRole('button', { name: 'Add user' }).click();
    };
    await addUser('Ada Berg', 'ada@fjord.example', 'admin');
    await page.getByRole('cell', { name: 'ada@fjord.example' }).waitFor();

    // Enter in the form's last field adds the user; it never signs the SDCA.
    await page.getByLabel('Full name', { exact: true }).fill('Ben Holm');
    await page.getByLabel('Role').selectOption('viewer');
    await page.getByLabel('Email address').fill('ben@fjord');
    await page.getByLabel('Email address').press('Enter');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.getByRole('link').allTextContents()).toEqual([
      'enter an email address like name@company.com',
    ]);
    // What was typed is still there, and the link takes the keyboard to the field.
    expect(await page.getByLabel('Full name', { exact: true }).inputValue()).toBe('Ben Holm');
    await alert.getByRole('link').click();
    expect(page.url()).toMatch(/#userEmail$/);
    await page.getByLabel('Email address').fill('ben@fjord.example');
    await page.getByRole('button', { name: 'Add user' }).click();
    await page.getByRole('cell', { name: 'ben@fjord.example' }).waitFor();

    await addUser('Cleo Dahl', 'cleo@fjord.example', 'member');
    await page.getByRole('cell', { name: 'cleo@fjord.example' }).waitFor();
    expect(await page.getByRole('table').getByRole('row').count()).toBe(4);
    await screenshot(page, 'onboarding-users');

    await page.getByRole('button', { name: 'Remove Cleo Dahl' }).click();
    await page.getByText('2 users').waitFor();
    expect(await page.getByRole('cell', { name: 'cleo@fjord.example' }).count()).toBe(0);

    await page.getByLabel(/I accept the SDCA/).check();
    await page.getByLabel('Your full name (your typed signature)').fill('Ada Berg');
    await page.getByRole('button', { name: 'Sign and complete onboarding' }).click();
    await page.getByRole('heading', { name: 'Onboarding complete' }).waitFor();
    expect(await page.getByRole('listitem').allTextContents()).toEqual([
      'Ada Berg (ada@fjord.example), admin',
      'Ben Holm (ben@fjord.example), viewer',
    ]);
    const [completed] = await eventsOf(h.pool, partner.partnerId, 'client.onboarding_completed');
    expect(completed?.data.userCount).toBe(2);
    await page.close();
  });

  it('has no serious accessibility violations, with a user listed and an error shown', async () => {
    const partner = await h.newPartner('Accessible');
    const created = await partner.api.post('/v1/clients', newCompany());
    // axe runs as script in the page; the page itself has none.
    const page = await (await browser.newContext()).newPage();
    await page.goto(created.body.onboardingUrl);
    await page.getByLabel('Full name', { exact: true }).fill('Ada Berg');
    await page.getByLabel('Email address').fill('ada@fjord.example');
    await page.getByLabel('Role').selectOption('admin');
    await page.getByRole('button', { name: 'Add user' }).click();
    await page.getByRole('cell', { name: 'ada@fjord.example' }).waitFor();
    await page.getByRole('button', { name: 'Add user' }).click();
    await page.getByRole('alert').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });
});
