import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitFor } from '@referral/testing';
import { freePort } from '../support/free-port';
import { README_CASE, submitKycForm } from '../support/hosted-forms';
import { createPlatformEnv, type PlatformEnv } from '../support/platform-env';
import { startService, type ServiceProcess } from '../support/service-process';

/**
 * Secrets never reach the logs. The real API and dispatcher run at debug
 * level; a realistic session goes through them (a partner created, its key
 * used and mistyped, subscriptions with secrets, a rotation, deliveries
 * signed, retried and succeeded, a client onboarded on its hosted page, a
 * customer token opening a case behind a contract page, a dashboard sign-in);
 * then every line both processes wrote is searched for every secret of it.
 */
let platform: PlatformEnv;
let api: ServiceProcess;
let dispatcher: ServiceProcess;
let baseUrl: string;
let receiver: http.Server;
const signatures: string[] = [];
/** Every secret value the run handled, by what it is. */
const secrets = new Map<string, string>();
const keep = (what: string, value: string | undefined | null) => {
  if (!value) throw new Error(`no ${what}`);
  secrets.set(`${what} ${secrets.size}`, value);
  return value;
};

const ADMIN_TOKEN = keep('admin token', `adm_${randomBytes(24).toString('base64url')}`);
const SESSION_SECRET = keep('session secret', randomBytes(32).toString('base64url'));
const ENCRYPTION_KEY = keep('webhook secret encryption key', randomBytes(32).toString('base64'));
const PAGE_TOKEN_KEY = keep('hosted page token key', randomBytes(32).toString('base64'));
const SMTP_PASSWORD = keep('SMTP password', `SG.${randomBytes(24).toString('base64url')}`);

beforeAll(async () => {
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  // A relay that refuses connections: the welcome email fails and is retried, logged each time.
  const smtpPort = await freePort();
  platform = await createPlatformEnv({
    PORT: String(port),
    PUBLIC_BASE_URL: baseUrl,
    LOG_LEVEL: 'debug',
    ADMIN_TOKEN,
    SESSION_SECRET,
    WEBHOOK_SECRET_ENCRYPTION_KEY: ENCRYPTION_KEY,
    HOSTED_PAGE_TOKEN_KEY: PAGE_TOKEN_KEY,
    SMTP_URL: `smtp://apikey:${SMTP_PASSWORD}@127.0.0.1:${smtpPort}`,
    MAIL_POLL_MS: '50',
    MAIL_RETRY_BASE_MS: '50',
  });
  api = startService('api', platform.env);
  dispatcher = startService('dispatcher', platform.env);
  // Fails every first delivery of an event (a retry, an error logged), then takes it.
  const seen = new Set<string>();
  receiver = http.createServer((req, res) => {
    signatures.push(String(req.headers['webhook-signature']));
    const id = String(req.headers['webhook-id']);
    req.resume().on('end', () => {
      const first = !seen.has(id);
      seen.add(id);
      res.writeHead(first ? 500 : 204).end(first ? 'try again' : undefined);
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  await api.waitForOutput(/api started/);
  await dispatcher.waitForOutput(/dispatcher started/);
});

afterAll(async () => {
  await Promise.all([api?.stop(), dispatcher?.stop()]);
  await new Promise((resolve) => receiver?.close(resolve));
  await platform?.cleanup();
});

async function call(method: string, path: string, token: string | null, body?: unknown) {
  const response = await fetch(baseUrl + path, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text ? JSON.parse(text) : undefined,
  };
}

async function form(url: string, fields: Record<string, string>) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  return response.status;
}

/** The token part of a hosted page URL: the page's only credential. */
const pageToken = (url: string) =>
  keep('hosted page token', new URL(url).pathname.split('/').pop());

it('no secret, key, token, cookie or signature appears in any log line of a full run', async () => {
  // A partner, its key used, and mistyped (a near-miss of a real key is a secret too).
  const created = await call('POST', '/admin/partners', ADMIN_TOKEN, { name: 'Logs GmbH' });
  expect(created.status).toBe(201);
  const apiKey = keep('API key', created.body.apiKey);
  const partnerId = created.body.partnerId as string;
  expect((await call('GET', '/v1/webhooks/subscriptions', `${apiKey}x`, undefined)).status).toBe(
    401,
  );
  expect((await call('GET', '/admin/subscriptions/disabled', `${ADMIN_TOKEN}x`)).status).toBe(401);

  // Subscriptions with secrets, a rotation; signed deliveries, each retried once.
  const port = (receiver.address() as AddressInfo).port;
  const sub = await call('POST', '/v1/webhooks/subscriptions', apiKey, {
    url: `http://127.0.0.1:${port}/hooks`,
    eventTypes: ['*'],
  });
  expect(sub.status).toBe(201);
  keep('webhook secret', sub.body.secret);
  const rotated = await call(
    'POST',
    `/v1/webhooks/subscriptions/${sub.body.id}/rotate-secret`,
    apiKey,
  );
  keep('rotated webhook secret', rotated.body.secret);
  expect(
    (await call('POST', `/v1/webhooks/subscriptions/${sub.body.id}/test`, apiKey)).status,
  ).toBe(202);

  // A welcome email template, so the signing below queues an email the dispatcher tries to send.
  expect(
    (
      await call('PATCH', `/admin/partners/${partnerId}`, ADMIN_TOKEN, {
        mailDomains: ['logs.example'],
      })
    ).status,
  ).toBe(200);
  expect(
    (
      await call('PUT', '/v1/welcome-email', apiKey, {
        from: { address: 'welcome@logs.example' },
        subject: 'Welcome',
        html: '<p>Welcome, {{client.companyName}}</p>',
      })
    ).status,
  ).toBe(201);

  // A client onboarded on its hosted page; KYC; a customer token; a case behind a contract page.
  const client = await call('POST', '/v1/clients', apiKey, {
    externalTenantId: 'logs-1',
    companyName: 'Nordlicht Handels GmbH',
    registrationNumber: 'HRB 184512',
    country: 'DE',
    contactEmail: 'ap@nordlicht.example',
  });
  expect(client.status).toBe(202);
  pageToken(client.body.onboardingUrl);
  expect(await form(client.body.onboardingUrl, { accept: 'yes', signerName: 'Greta Berg' })).toBe(
    200,
  );
  const clientId = client.body.client.id as string;
  const minted = await call('POST', `/v1/clients/${clientId}/tokens`, apiKey);
  const customerToken = keep('customer token', minted.body.token);
  const caseBody = README_CASE;
  // KYC through the hosted form (a multipart upload), approved by an operator.
  const needsKyc = await call('POST', '/v1/cases', customerToken, caseBody);
  expect(needsKyc.status).toBe(422);
  pageToken(needsKyc.body.solutionUrl);
  const kyc = await submitKycForm(needsKyc.body.solutionUrl, {
    legalRepresentative: 'Greta Berg',
    // Personal data must stay out of the logs as much as secrets.
    dateOfBirth: keep('date of birth', '1975-04-02'),
    addressLine1: keep('address', 'Hafenstraße 1'),
    postalCode: '20457',
    city: 'Hamburg',
    owner1Name: '',
    owner1Percent: '',
    noOwnerOver25: 'yes',
  });
  expect(kyc.status).toBe(200);
  expect((await call('POST', `/admin/clients/${clientId}/kyc/approve`, ADMIN_TOKEN)).status).toBe(
    200,
  );
  const needsContract = await call('POST', '/v1/cases', customerToken, caseBody);
  expect(needsContract.status).toBe(422);
  pageToken(needsContract.body.solutionUrl);
  expect(
    await form(needsContract.body.solutionUrl, { accept: 'yes', signerName: 'Greta Berg' }),
  ).toBe(200);
  expect((await call('POST', '/v1/cases', customerToken, caseBody)).status).toBe(201);

  // Another partner brings the same company: the client approves on the link-request page.
  const other = await call('POST', '/admin/partners', ADMIN_TOKEN, { name: 'Other GmbH' });
  const otherKey = keep('API key', other.body.apiKey);
  const approval = await call('POST', '/v1/clients', otherKey, {
    externalTenantId: 'logs-2',
    companyName: 'Nordlicht Handels GmbH',
    registrationNumber: 'HRB 184512',
    country: 'DE',
    contactEmail: 'ap@nordlicht.example',
  });
  expect(approval.status).toBe(409);
  pageToken(approval.body.approvalUrl);
  expect(await form(approval.body.approvalUrl, { decision: 'approve' })).toBe(200);

  // The dashboard: sign in, read, sign out.
  const signIn = await fetch(`${baseUrl}/dashboard/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ partnerId }),
  });
  expect(signIn.status).toBe(200);
  const cookie = signIn.headers.getSetCookie()[0]!.split(';')[0]!;
  keep('session cookie', decodeURIComponent(cookie.split('=').slice(1).join('=')));
  keep('session id', /^s:([^.]+)\./.exec(decodeURIComponent(cookie.split('=')[1]!))?.[1]);
  const csrf = keep('CSRF token', ((await signIn.json()) as { csrfToken: string }).csrfToken);
  const session = await fetch(`${baseUrl}/dashboard/api/session`, { headers: { cookie } });
  expect(session.status).toBe(200);
  const out = await fetch(`${baseUrl}/dashboard/api/session`, {
    method: 'DELETE',
    headers: { cookie, 'x-csrf-token': csrf },
  });
  expect(out.status).toBeLessThan(300);

  // Every event delivered (after its retry): 2 attempts each.
  await waitFor(
    async () => {
      const deliveries = await call(
        'GET',
        `/v1/webhooks/subscriptions/${sub.body.id}/deliveries`,
        apiKey,
      );
      const data = deliveries.body.data as { status: string }[];
      return data.length >= 4 && data.every((d) => d.status === 'succeeded');
    },
    { what: 'every delivery to succeed', timeoutMs: 60_000 },
  );
  await dispatcher.waitForOutput(/welcome email not sent/);
  for (const signature of signatures) {
    for (const entry of signature.split(' ')) keep('webhook signature', entry.replace(/^v1,/, ''));
  }

  // Stopping flushes every line.
  await Promise.all([api.stop(), dispatcher.stop()]);
  const lines = [...api.output().split('\n'), ...dispatcher.output().split('\n')].filter(Boolean);
  // SECURITY_LOG_FILE=<path> keeps the captured lines for a look.
  if (process.env.SECURITY_LOG_FILE) writeFileSync(process.env.SECURITY_LOG_FILE, lines.join('\n'));
  expect(lines.length).toBeGreaterThan(30);
  // The run was logged at debug level, deliveries and requests included.
  expect(lines.some((l) => l.includes('"level":20'))).toBe(true);
  expect(lines.filter((l) => l.includes('"msg":"request"')).length).toBeGreaterThan(15);

  // The search finds what is logged: ids are, secrets are not.
  expect(lines.some((l) => l.includes(sub.body.id as string))).toBe(true);
  expect(lines.some((l) => l.includes('/link-requests/:token'))).toBe(true);
  expect(lines.some((l) => l.includes('/kyc/:token'))).toBe(true);
  const leaks = [...secrets].flatMap(([what, value]) =>
    lines.filter((l) => l.includes(value)).map((l) => `${what}: ${l.slice(0, 300)}`),
  );
  expect(leaks).toEqual([]);
  console.log(
    `secrets in logs: ${lines.length} lines searched for ${secrets.size} secret values, none found`,
  );
});
