import type { Page } from 'playwright-core';
import {
  createDashboardWorld,
  screenshot,
  seedWebhooks,
  seriousViolations,
  type DashboardWorld,
} from './world';

// Each view of the dashboard in a real browser, on the demo data: it shows
// what it should, passes axe (no serious or critical violations), and leaves
// a screenshot to look at.
let w: DashboardWorld;
let page: Page;

beforeAll(async () => {
  w = await createDashboardWorld();
  await seedWebhooks(w);
  ({ page } = await w.newPage());
  await w.signIn(page);
}, 300_000);
afterAll(() => w?.close());

async function settled(p: Page) {
  // Skeletons gone and no request in flight: what a person would see.
  await p.waitForLoadState('networkidle');
  await p
    .locator('[aria-busy="true"]')
    .first()
    .waitFor({ state: 'detached' })
    .catch(() => undefined);
}

describe('every view', () => {
  it('Cases: cards, tabs with counts, 20 rows, paging and the partner’s name', async () => {
    await page.goto('/dashboard/cases');
    await page.getByRole('table', { name: 'Cases' }).locator('tbody tr').nth(19).waitFor();
    await settled(page);
    expect(await page.getByTestId('partner-name').textContent()).toBe('Harbour Ledger');
    expect(await page.getByRole('table', { name: 'Cases' }).locator('tbody tr').count()).toBe(20);
    await expect(page.getByText(/^Page 1 of \d+$/).textContent()).resolves.toMatch(/Page 1 of/);
    const tabs = page.getByRole('navigation', { name: 'Case status' }).getByRole('link');
    expect(
      await tabs.evaluateAll((links) => links.map((l) => l.getAttribute('aria-current'))),
    ).toEqual(['page', null, null, null, null]);
    await screenshot(page, 'cases');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('Case detail: milestones, contracts, revenue and messages', async () => {
    await page.goto('/dashboard/cases');
    const link = page.getByRole('table', { name: 'Cases' }).getByRole('link').first();
    const reference = (await link.textContent())!;
    await link.click();
    await page.getByRole('heading', { level: 1, name: reference }).waitFor();
    await page.getByRole('list', { name: 'Milestones' }).waitFor();
    await settled(page);
    await screenshot(page, 'case-detail');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('Earnings: cards, chart with its table, invoice panel', async () => {
    await page.goto('/dashboard/earnings');
    await page.getByRole('heading', { name: 'What you can invoice now' }).waitFor();
    await page.getByRole('table', { name: 'Referral fees' }).locator('tbody tr').first().waitFor();
    await page.locator('.recharts-surface').first().waitFor();
    await settled(page);
    await screenshot(page, 'earnings');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('Clients: cards and the list', async () => {
    await page.goto('/dashboard/clients');
    await page.getByRole('table', { name: 'Clients' }).locator('tbody tr').first().waitFor();
    await settled(page);
    await screenshot(page, 'clients');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('Webhooks: subscriptions and the delivery log', async () => {
    await page.goto('/dashboard/webhooks');
    await page.getByRole('heading', { name: 'Delivery log' }).waitFor();
    await page.getByRole('button', { name: 'Re-enable' }).waitFor();
    await page
      .getByRole('table', { name: 'Webhook deliveries' })
      .locator('tbody tr')
      .nth(2)
      .waitFor();
    await settled(page);
    await screenshot(page, 'webhooks');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('Login page', async () => {
    const { page: fresh, context } = await w.newPage();
    await fresh.goto('/dashboard/login');
    await fresh.getByLabel('Partner ID').waitFor();
    await screenshot(fresh, 'login');
    expect(await seriousViolations(fresh)).toEqual([]);
    await context.close();
  });

  it('Cases on a phone: the shell and the list still fit', async () => {
    const { page: phone, context } = await w.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await w.signIn(phone);
    await phone.getByRole('table', { name: 'Cases' }).locator('tbody tr').first().waitFor();
    await settled(phone);
    await screenshot(phone, 'cases-mobile');
    expect(await seriousViolations(phone)).toEqual([]);
    await context.close();
  });
});
