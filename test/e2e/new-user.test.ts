import http from 'node:http';
import { Webhook } from 'standardwebhooks';
import { exampleEnvelope } from '@referral/events';
import { startSmtpServer, waitFor, type TestSmtpServer } from '@referral/testing';
import { freePort } from '../support/free-port';
import { postHostedForm, README_CASE, submitKycForm } from '../support/hosted-forms';
import { callApi } from '../support/platform-api';
import { createPlatformEnv, type PlatformEnv } from '../support/platform-env';
import { startService, type ServiceProcess } from '../support/service-process';

/**
 * What the README promises a new user: start the platform, take the demo
 * partner's key, subscribe a receiver with curl-like calls, send a test event,
 * and watch it arrive at a receiver that verifies it with the public
 * `standardwebhooks` package.
 */
let platform: PlatformEnv;
let api: ServiceProcess;
let dispatcher: ServiceProcess;
let baseUrl: string;
let receiverServer: http.Server;
const verified: { id: string; type: string; data: unknown }[] = [];
const rejected: string[] = [];
let secret = '';
let smtp: TestSmtpServer;

beforeAll(async () => {
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  // The README's demo:smtp, as a test server: where the welcome email arrives.
  smtp = await startSmtpServer();
  platform = await createPlatformEnv({
    SMTP_URL: smtp.url,
    PORT: String(port),
    CREATE_DEMO_PARTNER: 'true',
    PUBLIC_BASE_URL: baseUrl,
  });
  api = startService('api', platform.env);
  dispatcher = startService('dispatcher', platform.env);

  receiverServer = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        const payload = new Webhook(secret).verify(
          Buffer.concat(chunks).toString('utf8'),
          req.headers as Record<string, string>,
        );
        verified.push(payload as (typeof verified)[number]);
        res.writeHead(204).end();
      } catch (error) {
        rejected.push(String(error));
        res.writeHead(401).end();
      }
    });
  });
  await new Promise<void>((resolve) => receiverServer.listen(0, '127.0.0.1', resolve));
});

afterAll(async () => {
  await Promise.all([api?.stop(), dispatcher?.stop()]);
  await new Promise((resolve) => receiverServer.close(resolve));
  await smtp?.close();
  await platform.cleanup();
});

const call = (method: string, path: string, token: string, body?: unknown) =>
  callApi(baseUrl, method, path, token, body);

it('a new user gets a demo partner, subscribes, sends a test event and verifies it with standardwebhooks', async () => {
  const [, partnerId] = await api.waitForOutput(/Partner GUID:\s+([0-9a-f-]{36})/);
  const [, apiKey] = await api.waitForOutput(/API key:\s+(rpk_\S+)/);
  await dispatcher.waitForOutput(/dispatcher started/);
  expect(api.output()).toContain('/v1/webhooks/subscriptions');

  const receiverUrl = `http://127.0.0.1:${(receiverServer.address() as { port: number }).port}/webhooks`;
  const created = await call('POST', '/v1/webhooks/subscriptions', apiKey!, {
    url: receiverUrl,
    eventTypes: ['*'],
  });
  expect(created.status).toBe(201);
  expect(created.body.secret).toMatch(/^whsec_/);
  secret = created.body.secret;

  const test = await call('POST', `/v1/webhooks/subscriptions/${created.body.id}/test`, apiKey!);
  expect(test.status).toBe(202);
  await waitFor(() => verified.length === 1, { what: 'the verified test event' });
  expect(verified[0]).toMatchObject({ id: test.body.eventId, type: 'webhook.test' });
  expect(rejected).toEqual([]);

  const deliveries = await waitFor(async () => {
    const list = await call(
      'GET',
      `/v1/webhooks/subscriptions/${created.body.id}/deliveries`,
      apiKey!,
    );
    return list.body.data[0]?.status === 'succeeded' ? list.body.data : undefined;
  });
  const detail = await call('GET', `/v1/webhooks/deliveries/${deliveries[0].id}`, apiKey!);
  expect(detail.body.attempts).toHaveLength(1);
  expect(detail.body.attempts[0]).toMatchObject({
    attemptNumber: 1,
    statusCode: 204,
    succeeded: true,
  });

  // An operator emits a catalogue event for the partner: it arrives verified too.
  const example = exampleEnvelope('client.linked');
  const emitted = await call('POST', '/admin/events', 'dev-admin-token', {
    partnerId,
    type: 'client.linked',
    data: example.data,
  });
  expect(emitted.status).toBe(202);
  await waitFor(() => verified.length === 2, { what: 'the verified client.linked event' });
  expect(verified[1]).toMatchObject({
    id: emitted.body.eventId,
    type: 'client.linked',
    data: example.data,
  });
});

const eventOf = (type: string) =>
  waitFor(() => verified.find((e) => e.type === type), { what: `the verified ${type}` });

it('then follows the README: welcome email, a client with users, the KYC 422 and its form, approval, the case', async () => {
  const [, partnerId] = await api.waitForOutput(/Partner GUID:\s+([0-9a-f-]{36})/);
  const [, apiKey] = await api.waitForOutput(/API key:\s+(rpk_\S+)/);
  const admin = 'dev-admin-token';

  // Step 4: an operator authorises the sending domain; the partner saves its template.
  expect(
    (await call('PATCH', `/admin/partners/${partnerId}`, admin, { mailDomains: ['acme.example'] }))
      .status,
  ).toBe(200);
  const template = await call('PUT', '/v1/welcome-email', apiKey!, {
    from: { address: 'welcome@acme.example', name: 'Acme' },
    subject: 'Welcome, {{client.companyName}}',
    html: '<p>Hello {{client.signerName}}, welcome to {{partner.name}}.</p>',
  });
  expect(template.status).toBe(201);

  // Step 5: a client; its onboarding page takes a user, then the signature.
  const client = await call('POST', '/v1/clients', apiKey!, {
    externalTenantId: 'demo-1',
    companyName: 'Nordlicht <Handels> GmbH',
    registrationNumber: 'HRB 184512',
    country: 'DE',
    contactEmail: 'ap@nordlicht.example',
  });
  expect(client.status).toBe(202);
  const clientId = client.body.client.id as string;
  const onboardingUrl = client.body.onboardingUrl as string;
  expect((await fetch(onboardingUrl)).status).toBe(200);
  const user = { name: 'Ada Berg', email: 'ada@nordlicht.example', role: 'admin' };
  expect((await postHostedForm(`${onboardingUrl}/users`, user)).status).toBe(200);
  const signed = await postHostedForm(onboardingUrl, { accept: 'yes', signerName: 'Ingrid & Co' });
  expect(signed.html).toContain('Onboarding complete');
  expect((await eventOf('client.onboarding_completed')).data).toMatchObject({
    clientId,
    userCount: 1,
  });

  const mail = await waitFor(() => smtp.messages[0], { what: 'the welcome email' });
  expect(mail.from?.text).toBe('"Acme" <welcome@acme.example>');
  expect(mail.subject).toBe('Welcome, Nordlicht <Handels> GmbH');
  expect(mail.html).toBe('<p>Hello Ingrid &amp; Co, welcome to Demo Partner.</p>');
  const messages = await waitFor(async () => {
    const list = await call('GET', '/v1/welcome-email/messages', apiKey!);
    return list.body.data[0]?.status === 'sent' ? list.body.data : undefined;
  });
  expect(messages).toHaveLength(1);
  expect((await call('GET', `/admin/clients/${clientId}`, admin)).body.users).toEqual([
    expect.objectContaining(user),
  ]);

  // Step 6: the case request answers 422 kyc-required with the form's URL.
  const token = (await call('POST', `/v1/clients/${clientId}/tokens`, apiKey!)).body.token;
  const body = README_CASE;
  const refused = await call('POST', '/v1/cases', token, body);
  expect(refused.status).toBe(422);
  expect(refused.body).toMatchObject({ type: '/problems/kyc-required', outcome: 'kyc_required' });
  const kycUrl = refused.body.solutionUrl as string;
  expect(kycUrl.startsWith(`${baseUrl}/kyc/`)).toBe(true);
  expect((await fetch(kycUrl)).status).toBe(200);

  const submitted = await submitKycForm(kycUrl);
  expect(submitted.status).toBe(200);
  await eventOf('client.kyc_submitted');
  expect((await call('POST', '/v1/cases', token, body)).status).toBe(422);

  // An operator approves: the same request passes KYC and asks for the Austrian power of attorney.
  expect((await call('POST', `/admin/clients/${clientId}/kyc/approve`, admin)).status).toBe(200);
  await eventOf('client.kyc_verified');
  const contracts = await call('POST', '/v1/cases', token, body);
  expect(contracts.status).toBe(422);
  expect(contracts.body.outcome).toBe('contract_required');
  await postHostedForm(contracts.body.solutionUrl, { accept: 'yes', signerName: 'Ingrid Dahl' });
  const created = await call('POST', '/v1/cases', token, body);
  expect(created.status).toBe(201);
  expect((await eventOf('case.created')).data).toMatchObject({
    clientId,
    reference: created.body.reference,
  });
  expect(rejected).toEqual([]);
});
