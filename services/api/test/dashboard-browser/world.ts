import { mkdirSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { seedDemoData, type DemoSummary } from '@referral/demo-data';
import { waitFor } from '@referral/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../helpers/browser';
import { apiClient } from '../helpers/api-client';
import { createHarness, type Harness } from '../helpers/harness';

/** Screenshots of each view for people to look at (gitignored; copies go to docs/screenshots). */
export const SCREENSHOTS = path.resolve(__dirname, '..', '..', 'test-output', 'screenshots');

export interface DashboardWorld {
  h: Harness;
  browser: Browser;
  /** The app under test, with a sign-in limit no test reaches (the 429 test starts its own). */
  url: string;
  /** A partner with an API key and the demo's clients, cases and fees. */
  partner: { partnerId: string; apiKey: string; api: Harness['admin'] };
  demo: DemoSummary | undefined;
  /** A fresh browser context (its own cookies) at 1280×800 with clipboard access. */
  newPage(): Promise<{ context: BrowserContext; page: Page }>;
  /** Signs in through the login page and waits for the Cases view. */
  signIn(page: Page, partnerId?: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * One test file's dashboard: the harness (own database and Redis prefix),
 * a small demo seeded through the domain, the built SPA served by the API,
 * and Debian's Chromium (never a downloaded browser).
 */
export async function createDashboardWorld(
  options: { demo?: boolean; clients?: number; cases?: number } = {},
): Promise<DashboardWorld> {
  const h = await createHarness();
  const app = await h.startApp({
    app: {
      dashboard: {
        sessionSecret: 'dashboard-browser-test-secret-0123456789',
        secureCookies: false,
        loginLimit: { limit: 1000, windowMs: 60_000 },
      },
    },
  });
  const { partner, apiKey } = await h.partners.create('Harbour Ledger');
  const api = apiClient(app.url, apiKey);
  const demo =
    options.demo === false
      ? undefined
      : await seedDemoData(
          { pool: h.pool, partners: h.partners, domain: app.domain },
          { alsoFor: [partner.id], clients: options.clients ?? 24, cases: options.cases ?? 240 },
        );
  const browser = await launchChromium();
  mkdirSync(SCREENSHOTS, { recursive: true });

  const world: DashboardWorld = {
    h,
    browser,
    url: app.url,
    partner: { partnerId: partner.id, apiKey, api },
    demo,
    async newPage() {
      const context = await browser.newContext({
        baseURL: app.url,
        viewport: { width: 1280, height: 800 },
        locale: 'en-US',
        timezoneId: 'UTC',
        colorScheme: 'light',
        acceptDownloads: true,
      });
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.url });
      return { context, page: await context.newPage() };
    },
    async signIn(page, partnerId = partner.id) {
      await page.goto('/dashboard/login');
      await page.getByLabel('Partner ID').fill(partnerId);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { level: 1, name: 'Cases' }).waitFor();
    },
    async close() {
      await browser.close();
      await h.close();
    },
  };
  return world;
}

/** axe-core on the page as it is: the serious and critical violations, summarised. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice'])
    .analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')}`,
    );
}

export async function screenshot(page: Page, view: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${view}.png`), fullPage: true });
}

/** The response of the next API request whose path ends with `suffix`. */
export function apiResponse(page: Page, pathPart: string) {
  return page.waitForResponse(
    (res) => res.url().includes(`/dashboard/api/${pathPart}`) && res.request().method() === 'GET',
  );
}

const SUBS = '/v1/webhooks/subscriptions';

/**
 * Two subscriptions: a healthy one with a few successful deliveries, and one
 * disabled after failing (arranged in SQL: reaching the failure limit is the
 * engine's own tested behaviour) holding `parked` deliveries to replay.
 */
export async function seedWebhooks(w: DashboardWorld, parked = 2) {
  const { h, partner } = w;
  // The demo's events happened before any endpoint existed: nobody was there
  // to get them. Left in the outbox, they would fan out to the new endpoints.
  await h.pool.query(
    `DELETE FROM webhook_events e WHERE e.tenant_id = $1
       AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = e.id)`,
    [partner.partnerId],
  );
  h.startDispatcher();
  const healthy = await h.receiver();
  const ok = await partner.api.post(SUBS, {
    url: `${healthy.url}/crm`,
    eventTypes: ['*'],
    description: 'Production CRM sync',
  });
  expect(ok.status).toBe(201);
  for (let i = 0; i < 3; i++) await partner.api.post(`${SUBS}/${ok.body.id}/test`);
  await waitFor(() => healthy.requests.length >= 3, { what: 'three test deliveries' });

  const flaky = await h.receiver();
  const bad = await partner.api.post(SUBS, {
    url: `${flaky.url}/billing`,
    eventTypes: ['*'],
    description: 'Billing system',
  });
  expect(bad.status).toBe(201);
  await h.pool.query(
    `UPDATE webhook_subscriptions SET status = 'disabled', consecutive_failures = 8,
       disabled_reason = '8 deliveries in a row failed (HTTP 503)', disabled_at = now() - interval '3 hours'
     WHERE id = $1`,
    [bad.body.id],
  );
  for (let i = 0; i < parked; i++) {
    const event = await h.admin.post('/admin/events', {
      partnerId: partner.partnerId,
      type: 'webhook.test',
      data: { subscriptionId: bad.body.id, message: `while disabled ${i + 1}` },
    });
    expect(event.status).toBe(202);
  }
  await waitFor(
    async () => {
      const { rows } = await h.pool.query(
        `SELECT status, count(*)::int AS n FROM webhook_deliveries WHERE subscription_id = $1 GROUP BY 1`,
        [bad.body.id],
      );
      const n = rows.find((r) => r.status === 'parked')?.n ?? 0;
      return n === parked;
    },
    { what: `${parked} parked deliveries`, timeoutMs: 20_000 },
  );
  return {
    healthy,
    flaky,
    healthyUrl: ok.body.url as string,
    okId: ok.body.id as string,
    disabledId: bad.body.id as string,
  };
}
