import { apiClient } from '../helpers/api-client';
import { hostedPage, newCompany } from '../helpers/clients';
import { createHarness, type Harness } from '../helpers/harness';

/** Security headers (helmet) on every kind of response, and a size limit on every body parser. */
let h: Harness;
let onboardingUrl: string;
let apiKey: string;

beforeAll(async () => {
  h = await createHarness();
  const partner = await h.newPartner();
  apiKey = partner.apiKey;
  onboardingUrl = (await partner.api.post('/v1/clients', newCompany())).body.onboardingUrl;
});
afterAll(() => h.close());

const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(h.url + path, { headers });

describe('security headers', () => {
  it.each([
    ['a public route', '/healthz'],
    ['a refused partner route', '/v1/webhooks/subscriptions'],
    ['an unknown route', '/nothing-here'],
    ['the dashboard API', '/dashboard/api/session'],
    ['the dashboard SPA', '/dashboard/cases'],
  ])('on %s: helmet, with a CSP for scripts of our own', async (_what, path) => {
    const res = await get(path);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(Object.fromEntries(res.headers)).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'strict-transport-security': expect.stringContaining('max-age='),
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-resource-policy': 'same-origin',
    });
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('on a hosted page: no script, its one <style> by a nonce fresh for each response, never cached', async () => {
    const nonces: string[] = [];
    for (let i = 0; i < 2; i += 1) {
      const page = await hostedPage(onboardingUrl);
      expect(page.status).toBe(200);
      const csp = page.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("form-action 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-inline');
      const nonce = /style-src 'nonce-([^']+)'/.exec(csp)?.[1];
      expect(page.html).toContain(`<style nonce="${nonce}">`);
      expect(page.html.match(/<style/g)).toHaveLength(1);
      expect(page.html).not.toMatch(/<script/i);
      expect(page.headers.get('cache-control')).toBe('no-store');
      expect(page.headers.get('x-frame-options')).toBe('DENY');
      expect(page.headers.get('referrer-policy')).toBe('no-referrer');
      nonces.push(nonce!);
    }
    expect(nonces[0]).not.toBe(nonces[1]);
  });

  it('a hosted page path keeps the API CSP for anything that is not a hosted page', async () => {
    const res = await get('/onboardingx');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
  });
});

describe('body size limits: 413 problem JSON naming body, with the limit', () => {
  const big = (bytes: number) => JSON.stringify({ companyName: 'x'.repeat(bytes) });

  it('the API: 256 kB of JSON', async () => {
    const res = await apiClient(h.url, apiKey).post('/v1/clients', undefined, {
      raw: big(257 * 1024),
    });
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body.errors).toEqual([
      { field: 'body', message: `must be at most ${256 * 1024} bytes` },
    ]);
  });

  it('the dashboard API: 256 kB of JSON', async () => {
    const res = await fetch(`${h.url}/dashboard/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: big(257 * 1024),
    });
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('a hosted page form: 8 kB', async () => {
    const res = await fetch(onboardingUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `accept=yes&signerName=${'x'.repeat(9 * 1024)}`,
    });
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await res.json()).toMatchObject({
      detail: 'The request body exceeds 8 kB.',
      errors: [{ field: 'body', message: `must be at most ${8 * 1024} bytes` }],
    });
    // Nothing was signed: the form is still open.
    expect((await hostedPage(onboardingUrl)).html).toContain('signerName');
  });
});
