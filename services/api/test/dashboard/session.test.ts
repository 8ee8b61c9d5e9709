import {
  NOT_SIGNED_IN,
  SESSION_EXPIRED,
  SESSION_MAX_AGE_MS,
  dashboardApi,
} from '@referral/dashboard-contract';
import { createHarness, type Harness } from '../helpers/harness';
import { dashboardAgent } from '../helpers/dashboard';

const SESSION = dashboardApi.session;
let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

const sessionCookie = (setCookie: string[]) =>
  setCookie.find((c) => c.startsWith('referral.dashboard.sid='));

describe('signing in', () => {
  it('names partnerId when it is malformed (400), and refuses an unknown one with the generic 401', async () => {
    const agent = dashboardAgent(h.url);
    const malformed = await agent.request('POST', SESSION, { body: { partnerId: 'nope' } });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toContain('application/problem+json');
    expect(malformed.body.errors).toEqual([expect.objectContaining({ field: 'partnerId' })]);

    const missing = await agent.request('POST', SESSION, { body: {} });
    expect(missing.status).toBe(400);
    expect(missing.body.errors[0].field).toBe('partnerId');

    const unknown = await agent.login('7d0c3c52-62a4-4f1e-9a51-2f5c5bd4a001');
    const another = await agent.login('0b7a1e9c-7c1f-4a55-8c2b-9d3f1e2a4b5c');
    expect(unknown.status).toBe(401);
    expect(unknown.body.detail).toBe('That Partner ID did not sign you in.');
    // Nothing in the body tells one unknown id from another.
    const withoutRequestId = (body: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(body).filter(([key]) => key !== 'requestId'));
    expect(withoutRequestId(unknown.body)).toEqual(withoutRequestId(another.body));
    expect(sessionCookie(unknown.headers.getSetCookie())).toBeUndefined();
  });

  it('sets a persistent httpOnly, SameSite=Lax session cookie of 14 days, with a fresh id at each sign-in', async () => {
    const { partnerId } = await h.newPartner('Cookie Partner');
    const agent = dashboardAgent(h.url);
    const first = await agent.login(partnerId);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ partner: { id: partnerId, name: 'Cookie Partner' } });
    expect(first.body.csrfToken).toEqual(expect.any(String));
    const cookie = sessionCookie(first.headers.getSetCookie())!;
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=Lax/i);
    expect(cookie).toMatch(/; Path=\/dashboard/i);
    expect(cookie).not.toMatch(/; Secure/i); // not production
    const expires = new Date(/Expires=([^;]+)/i.exec(cookie)![1]!).getTime();
    expect(Math.abs(expires - (Date.now() + SESSION_MAX_AGE_MS))).toBeLessThan(60_000);
    expect(Math.abs(Date.parse(first.body.expiresAt) - expires)).toBeLessThan(1_000);

    const firstId = agent.cookies.get('referral.dashboard.sid');
    const again = await agent.login(partnerId);
    expect(again.status).toBe(200);
    expect(agent.cookies.get('referral.dashboard.sid')).not.toBe(firstId);
    // The id planted before the second sign-in no longer opens a session.
    const stale = dashboardAgent(h.url);
    stale.cookies.set('referral.dashboard.sid', firstId!);
    expect((await stale.get(SESSION)).status).toBe(401);
  });
});

describe('the session', () => {
  it('says who is signed in; without a cookie it is NOT_SIGNED_IN', async () => {
    const { partnerId } = await h.newPartner('Reader');
    const agent = dashboardAgent(h.url);
    const anonymous = await agent.get(SESSION);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.type).toBe(`/problems/${NOT_SIGNED_IN}`);
    await agent.login(partnerId);
    const info = await agent.get(SESSION);
    expect(info.status).toBe(200);
    expect(info.body.partner).toEqual({ id: partnerId, name: 'Reader' });
    // The data routes need the session too.
    expect((await dashboardAgent(h.url).get(dashboardApi.cases)).status).toBe(401);
    expect((await agent.get(dashboardApi.cases)).status).toBe(200);
  });

  it('is destroyed server-side at logout: the old cookie no longer works', async () => {
    const { partnerId } = await h.newPartner();
    const agent = dashboardAgent(h.url);
    await agent.login(partnerId);
    const cookie = agent.cookies.get('referral.dashboard.sid')!;
    expect((await agent.request('DELETE', SESSION, { csrf: false })).status).toBe(403);
    const out = await agent.request('DELETE', SESSION);
    expect(out.status).toBe(204);
    expect(agent.cookies.has('referral.dashboard.sid')).toBe(false);
    const { rows } = await h.pool.query(
      `SELECT count(*)::int AS n FROM session WHERE sess->>'partnerId' = $1`,
      [partnerId],
    );
    expect(rows[0].n).toBe(0);
    const replay = dashboardAgent(h.url);
    replay.cookies.set('referral.dashboard.sid', cookie);
    expect((await replay.get(SESSION)).status).toBe(401);
    expect((await replay.get(dashboardApi.cases)).status).toBe(401);
  });

  it('answers SESSION_EXPIRED once the stored session has expired', async () => {
    const { partnerId } = await h.newPartner();
    const agent = dashboardAgent(h.url);
    await agent.login(partnerId);
    await h.pool.query(
      `UPDATE session SET expire = now() - interval '1 minute' WHERE sess->>'partnerId' = $1`,
      [partnerId],
    );
    const expired = await agent.get(SESSION);
    expect(expired.status).toBe(401);
    expect(expired.body.type).toBe(`/problems/${SESSION_EXPIRED}`);
    expect((await agent.get(dashboardApi.cases)).body.type).toBe(`/problems/${SESSION_EXPIRED}`);
  });
});

describe('sign-in rate limit', () => {
  it('answers 429 problem JSON after N failed attempts from one address, successful ones not counted', async () => {
    const limited = await h.startApp({
      app: {
        dashboard: {
          sessionSecret: 'x'.repeat(32),
          secureCookies: false,
          loginLimit: { limit: 3, windowMs: 60_000 },
        },
      },
    });
    // The earlier tests' failures from this address count in the same Redis: start afresh.
    const counted = await h.engine.redis.keys(`${h.engine.options.prefix}:dashboard-login:*`);
    if (counted.length) await h.engine.redis.del(...counted);
    const { partnerId } = await h.newPartner();
    const agent = dashboardAgent(limited.url);
    expect((await agent.login(partnerId)).status).toBe(200);
    for (let i = 0; i < 3; i += 1) {
      expect((await agent.login('7d0c3c52-62a4-4f1e-9a51-2f5c5bd4a001')).status).toBe(401);
    }
    const limitedReply = await agent.login(partnerId);
    expect(limitedReply.status).toBe(429);
    expect(limitedReply.headers.get('content-type')).toContain('application/problem+json');
    expect(limitedReply.body).toMatchObject({ type: '/problems/rate-limited', status: 429 });
    expect(Number(limitedReply.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
