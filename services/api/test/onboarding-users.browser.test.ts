import type { Browser, BrowserContext } from 'playwright-core';
import { launchChromium } from './helpers/browser';
import { createHarness, type Harness } from './helpers/harness';
import { eventsOf, newCompany } from './helpers/clients';
import { screenshot, seriousViolations } from './dashboard-browser/world';

// The onboarding page's users in a real browser with JavaScript off: a client
// adds the people who will use the platform, fixes a mistake, removes one,
// then signs.
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
