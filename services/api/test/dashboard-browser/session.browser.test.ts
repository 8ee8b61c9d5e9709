import { randomUUID } from 'node:crypto';
import { SESSION_MAX_AGE_MS } from '@referral/dashboard-contract';
import type { BrowserContext, Page } from 'playwright-core';
import { createDashboardWorld, screenshot, type DashboardWorld } from './world';

// Signing in and out with the Partner GUID, and a session's 14 days.
let w: DashboardWorld;

beforeAll(async () => {
  w = await createDashboardWorld({ demo: false });
}, 120_000);
afterAll(() => w?.close());

let context: BrowserContext;
let page: Page;
beforeEach(async () => {
  ({ context, page } = await w.newPage());
});
afterEach(() => context.close());

const partnerId = () => page.getByLabel('Partner ID');
const signInButton = () => page.getByRole('button', { name: 'Sign in' });

describe('the login page', () => {
  it('says inline that a malformed Partner ID is not a GUID, without asking the server', async () => {
    await page.goto('/dashboard/login');
    let posted = 0;
    page.on('request', (req) => {
      if (req.method() === 'POST' && req.url().endsWith('/dashboard/api/session')) posted++;
    });
    await partnerId().fill('not-a-guid');
    await signInButton().click();
    const error = page.locator('#partner-id-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/as a GUID/);
    expect(await partnerId().getAttribute('aria-invalid')).toBe('true');
    expect(await partnerId().getAttribute('aria-describedby')).toBe('partner-id-error');
    expect(posted).toBe(0);
    await screenshot(page, 'login-error');
  });

  it('answers an unknown Partner ID with a generic message', async () => {
    await page.goto('/dashboard/login');
    await partnerId().fill(randomUUID());
    await signInButton().click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toBe(
      'We could not sign you in with that Partner ID. Check it and try again.',
    );
  });

  it('signs in to the view asked for, with a cookie that lives 14 days', async () => {
    await page.goto('/dashboard/earnings?tab=paid');
    await page.waitForURL(/\/dashboard\/login\?/);
    await partnerId().fill(w.partner.partnerId);
    await signInButton().click();
    await page.getByRole('heading', { level: 1, name: 'Earnings' }).waitFor();
    expect(new URL(page.url()).searchParams.get('tab')).toBe('paid');

    const cookie = (await context.cookies()).find((c) => c.name === 'referral.dashboard.sid');
    expect(cookie).toMatchObject({ httpOnly: true, path: '/dashboard', sameSite: 'Lax' });
    const lifetimeMs = cookie!.expires * 1000 - Date.now();
    expect(Math.abs(lifetimeMs - SESSION_MAX_AGE_MS)).toBeLessThan(60_000);
  });

  it('says when too many sign-in attempts came from this address', async () => {
    const limited = await w.h.startApp({
      app: {
        dashboard: {
          sessionSecret: 'dashboard-browser-test-secret-0123456789',
          secureCookies: false,
          loginLimit: { limit: 1, windowMs: 60_000 },
        },
      },
    });
    await page.goto(`${limited.url}/dashboard/login`);
    // The count is shared with the other app of this file (same Redis): one more is over.
    for (let i = 0; i < 2; i++) {
      await partnerId().fill(randomUUID());
      await signInButton().click();
      await page.getByRole('alert').waitFor();
    }
    expect(await page.getByRole('alert').textContent()).toBe(
      'Too many sign-in attempts. Wait a minute, then try again.',
    );
  });
});

describe('a session', () => {
  it('ends at logout: the login page says so, and the views ask to sign in again', async () => {
    await w.signIn(page);
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByText('You are signed out.').waitFor();
    expect(new URL(page.url()).pathname).toBe('/dashboard/login');
    expect(
      (await context.cookies()).find((c) => c.name === 'referral.dashboard.sid'),
    ).toBeUndefined();

    await page.goto('/dashboard/clients');
    await page.waitForURL(/\/dashboard\/login\?/);
    expect(await page.getByText('Your session expired').count()).toBe(0);
  });

  it('that expired sends the partner to the login page with a message', async () => {
    await w.signIn(page);
    // No request in flight: the session store touches the row's expiry at the end of each one.
    await page.waitForLoadState('networkidle');
    await w.h.pool.query(`UPDATE "session" SET expire = now() - interval '1 minute'`);
    await page.reload();
    await page.getByText('Your session expired. Sign in again.').waitFor();
    expect(new URL(page.url()).pathname).toBe('/dashboard/login');
    await screenshot(page, 'login-expired');

    // Signing in again returns to where the partner was.
    await partnerId().fill(w.partner.partnerId);
    await signInButton().click();
    await page.getByRole('heading', { level: 1, name: 'Cases' }).waitFor();
  });
});
