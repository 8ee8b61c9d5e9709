import type { Page } from 'playwright-core';
import { waitFor } from '@referral/testing';
import { newCompany } from '../helpers/clients';
import {
  createDashboardWorld,
  screenshot,
  seedWebhooks,
  seriousViolations,
  type DashboardWorld,
} from './world';

// What a partner opens from the lists: a case with a payment that earned no
// fee, a client's onboarding link, and a disabled webhook subscription.
let w: DashboardWorld;
let page: Page;
let hooks: Awaited<ReturnType<typeof seedWebhooks>>;

beforeAll(async () => {
  w = await createDashboardWorld();
  hooks = await seedWebhooks(w);
  ({ page } = await w.newPage());
  await w.signIn(page);
}, 180_000);
afterAll(() => w?.close());

describe('webhooks', () => {
  it('re-enables a disabled subscription, replaying its parked deliveries', async () => {
    await page.goto('/dashboard/webhooks');
    const card = page.getByRole('region', { name: /\/billing$/ });
    await card.getByText(/Disabled since .*8 deliveries in a row failed \(HTTP 503\)\./).waitFor();
    await card.getByRole('button', { name: 'Re-enable' }).click();
    const dialog = page.getByRole('dialog', { name: 'Re-enable this subscription?' });
    // Seeded with two; any event since (other tests create clients) is parked too.
    const [sub] = await w.h.engine.dashboard.subscriptions(w.partner.partnerId, hooks.disabledId);
    const parked = sub!.parkedCount;
    expect(parked).toBeGreaterThanOrEqual(2);
    const replay = dialog.getByLabel(new RegExp(`Replay ${parked} parked deliveries`));
    expect(await replay.isChecked()).toBe(true);
    await screenshot(page, 'webhooks-reenable-dialog');
    expect(await seriousViolations(page)).toEqual([]);

    const enable = page.waitForRequest((req) => req.url().endsWith(`/enable`));
    await dialog.getByRole('button', { name: 'Re-enable' }).click();
    const request = await enable;
    expect(request.method()).toBe('POST');
    expect(request.headers()['x-csrf-token']).toBeTruthy();
    expect(request.postDataJSON()).toEqual({ replayParked: true });

    await page
      .getByText(`${parked} parked deliveries were queued again.`, { exact: false })
      .waitFor();
    await card.getByText('Enabled', { exact: true }).waitFor();
    await waitFor(() => hooks.flaky.requests.length === parked, {
      what: 'the replayed deliveries',
    });
  });

  it('filters the delivery log in the URL and opens a delivery’s attempts', async () => {
    await page.goto(
      `/dashboard/webhooks?subscriptionId=${hooks.okId}&status=succeeded&eventType=webhook.test`,
    );
    const log = page.getByRole('table', { name: 'Webhook deliveries' });
    await log.locator('tbody tr').nth(2).waitFor();
    expect(await page.getByLabel('Status').inputValue()).toBe('succeeded');
    // Only the healthy endpoint's successful test deliveries (the seed's admin events reach it too).
    expect(new Set(await log.locator('tbody tr td:nth-child(2)').allTextContents())).toEqual(
      new Set([hooks.healthyUrl.replace('http://', '')]),
    );
    expect(new Set(await log.locator('tbody tr td:nth-child(3)').allTextContents())).toEqual(
      new Set(['Succeeded']),
    );

    const toggle = log.getByRole('button', { name: /webhook\.test/ }).first();
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    const attempt = log.getByText('Attempt 1');
    await attempt.waitFor();
    await log
      .getByText(/HTTP 200 · succeeded/)
      .first()
      .waitFor();
    await screenshot(page, 'webhooks-attempts');

    await page.getByLabel('Event type').selectOption('payout.created');
    await page.waitForURL(/eventType=payout\.created/);
    await page.getByText('No deliveries match these filters').waitFor();
  });
});

describe('a case', () => {
  it('explains a payment without a fee: why, and what the partner can do', async () => {
    const { rows } = await w.h.pool.query<{ reference: string }>(
      `SELECT c.reference FROM payout_attributions pa
         JOIN payouts p ON p.id = pa.payout_id JOIN cases c ON c.id = p.case_id
        WHERE pa.partner_id = $1 AND pa.no_fee_reason IS NOT NULL
        ORDER BY c.reference LIMIT 1`,
      [w.partner.partnerId],
    );
    expect(rows).toHaveLength(1);
    const reference = rows[0]!.reference;
    const detail = await page.request.get(`/dashboard/api/cases/${reference}`);
    const payout = (
      (await detail.json()) as {
        payouts: { noFee: { explanation: string; whatYouCanDo: string } | null }[];
      }
    ).payouts.find((p) => p.noFee)!;

    await page.goto(`/dashboard/cases/${reference}`);
    await page.getByRole('heading', { level: 1, name: reference }).waitFor();
    const callout = page.getByText('No referral fee on this payment').locator('..');
    await callout.waitFor();
    expect(await callout.textContent()).toContain(payout.noFee!.explanation);
    expect(await callout.textContent()).toContain(`What you can do${payout.noFee!.whatYouCanDo}`);
    await page.getByRole('list', { name: 'Milestones' }).waitFor();
    await page.waitForLoadState('networkidle');
    await screenshot(page, 'case-detail-no-fee');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('that does not exist gets a not-found state, not a blank page', async () => {
    await page.goto('/dashboard/cases/DEB-99999999');
    await page.getByRole('heading', { level: 1, name: 'Case DEB-99999999 not found' }).waitFor();
    await page.getByRole('link', { name: 'Back to cases' }).click();
    await page.getByRole('heading', { level: 1, name: 'Cases' }).waitFor();
  });
});

describe('a client without a signed SDCA', () => {
  it('has its onboarding link in a dialog: copied to the clipboard, closed with Esc', async () => {
    const company = newCompany({ companyName: 'Ostsee Reederei GmbH' });
    const created = await w.partner.api.post('/v1/clients', company);
    expect(created.status).toBe(202);

    await page.goto('/dashboard/clients?tab=unsigned_sdca&search=Ostsee');
    const trigger = page.getByRole('button', { name: 'Onboarding link for Ostsee Reederei GmbH' });
    await trigger.click();
    const dialog = page.getByRole('dialog', { name: 'Onboarding link for Ostsee Reederei GmbH' });
    await dialog.waitFor();
    const input = dialog.getByLabel('Onboarding URL');
    expect(await input.inputValue()).toBe(created.body.onboardingUrl);
    expect(await input.getAttribute('readonly')).not.toBeNull();
    await dialog.getByText(/^Valid until/).waitFor();

    await dialog.getByRole('button', { name: 'Copy' }).click();
    await dialog.getByText('Copied to the clipboard').waitFor();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(created.body.onboardingUrl);
    await screenshot(page, 'clients-onboarding-dialog');
    expect(await seriousViolations(page)).toEqual([]);

    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    // Focus goes back to the button that opened it.
    expect(
      await trigger.evaluate(
        (el) => el === (el.ownerDocument as { activeElement: unknown }).activeElement,
      ),
    ).toBe(true);
  });
});
