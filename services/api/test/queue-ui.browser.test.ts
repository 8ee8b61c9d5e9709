import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from './helpers/browser';
import { QUEUES } from '@referral/webhooks';
import { QUEUE_UI_PATH } from '../src';
import { apiClient } from './helpers/api-client';
import { ADMIN_TOKEN, createHarness, type Harness } from './helpers/harness';

const SCREENSHOTS = path.resolve(__dirname, '..', 'test-output', 'screenshots');
const QUEUE = QUEUES.delivery.name;

let h: Harness;
let browser: Browser;
const deliveryIds: string[] = [];

beforeAll(async () => {
  h = await createHarness();
  const { apiKey } = await h.newPartner();
  const api = apiClient(h.url, apiKey);
  const sub = await api.post('/v1/webhooks/subscriptions', {
    url: 'https://receiver.example/hooks',
    eventTypes: ['*'],
  });
  // No dispatcher runs, so the deliveries' jobs wait in the queue for the board to show.
  for (let i = 0; i < 3; i++) await api.post(`/v1/webhooks/subscriptions/${sub.body.id}/test`);
  const listed = await api.get(`/v1/webhooks/subscriptions/${sub.body.id}/deliveries`);
  deliveryIds.push(...(listed.body.data as { id: string }[]).map((d) => d.id));
  browser = await launchChromium();
  mkdirSync(SCREENSHOTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await h.close();
});

it('a browser that answers the Basic prompt with the admin token sees the delivery queue and its jobs', async () => {
  const context = await browser.newContext({
    baseURL: h.url,
    viewport: { width: 1280, height: 800 },
    httpCredentials: { username: 'ops', password: ADMIN_TOKEN },
  });
  try {
    // Nothing may leave loopback; the board's CSP keeps its Google Fonts link
    // from being fetched at all, and this proves it.
    const outside: string[] = [];
    await context.route(
      (url) => !url.href.startsWith(h.url),
      (route) => {
        outside.push(route.request().url());
        return route.abort();
      },
    );
    const page = await context.newPage();
    const blocked: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) blocked.push(message.text());
    });
    const failed: string[] = [];
    page.on('response', (res) => {
      if (res.url().startsWith(h.url) && res.status() >= 400)
        failed.push(`${res.status()} ${res.url()}`);
    });
    const response = await page.goto(QUEUE_UI_PATH);
    expect(response?.status()).toBe(200);
    await expect(page.title()).resolves.toBe('Webhook queues');
    await page.getByText(QUEUE, { exact: true }).first().waitFor();
    await page.goto(`${QUEUE_UI_PATH}/queue/${QUEUE}?status=waiting`);
    for (const id of deliveryIds) await page.getByText(id).first().waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'queue-ui.png') });
    // Every script, style and API call of the board loaded with the same
    // credentials and under its CSP; only the third-party font was refused.
    expect(failed).toEqual([]);
    expect(outside).toEqual([]);
    expect(blocked.length).toBeGreaterThan(0);
    expect(blocked.every((text) => text.includes('fonts.googleapis.com'))).toBe(true);
  } finally {
    await context.close();
  }
});

it('a browser without the token, or with a wrong one, gets no page', async () => {
  const anonymous = await browser.newContext({ baseURL: h.url });
  const wrong = await browser.newContext({
    baseURL: h.url,
    httpCredentials: { username: 'ops', password: 'wrong-token-0123456789' },
  });
  try {
    // Headless, the prompt is answered with what the context holds (nothing, or
    // the wrong token). Chromium then shows the 401 or gives the navigation up
    // (ERR_INVALID_AUTH_CREDENTIALS), either way without a page of the board.
    for (const context of [anonymous, wrong]) {
      const page = await context.newPage();
      const seen: number[] = [];
      page.on('response', (res) => seen.push(res.status()));
      const outcome = await page.goto(QUEUE_UI_PATH).then(
        (res) => res?.status(),
        (err: Error) => /ERR_INVALID_AUTH_CREDENTIALS/.exec(err.message)?.[0] ?? err.message,
      );
      expect([401, 'ERR_INVALID_AUTH_CREDENTIALS']).toContain(outcome);
      // Nothing but refusals reached the browser: no page, script or API answer of the board.
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.every((status) => status === 401)).toBe(true);
    }
  } finally {
    await anonymous.close();
    await wrong.close();
  }
});
