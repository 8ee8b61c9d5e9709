import { startSmtpServer, waitFor, type TestSmtpServer } from '@referral/testing';
import { freePort } from '../support/free-port';
import { ADMIN_TOKEN, callApi } from '../support/platform-api';
import { createPlatformEnv, type PlatformEnv } from '../support/platform-env';
import { startService, type ServiceProcess } from '../support/service-process';

/**
 * The welcome email through the real processes, as `npm start` runs them:
 * the API queues it when the client signs on the hosted page, the dispatcher
 * sends it over SMTP_URL, counts it on /metrics, and never logs its body.
 */
let platform: PlatformEnv;
let smtp: TestSmtpServer;
let api: ServiceProcess;
let baseUrl: string;

beforeAll(async () => {
  smtp = await startSmtpServer();
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  platform = await createPlatformEnv({
    PORT: String(port),
    PUBLIC_BASE_URL: baseUrl,
    SMTP_URL: smtp.url,
    MAIL_POLL_MS: '50',
    MAIL_RETRY_BASE_MS: '50',
  });
  api = startService('api', platform.env);
  await api.waitForOutput(/api started/);
});

afterAll(async () => {
  await api?.stop();
  await smtp?.close();
  await platform?.cleanup();
});

it('a client signs while no dispatcher runs; the dispatcher, started, sends the email and counts it', async () => {
  const partner = await callApi(baseUrl, 'POST', '/admin/partners', ADMIN_TOKEN, {
    name: 'Acme Accounting',
    mailDomains: ['acme.example'],
  });
  expect(partner.status).toBe(201);
  const apiKey = partner.body.apiKey as string;
  const saved = await callApi(baseUrl, 'PUT', '/v1/welcome-email', apiKey, {
    from: { address: 'welcome@acme.example', name: 'Acme Accounting' },
    subject: 'Welcome to {{partner.name}}',
    html: '<p>Hello {{client.companyName}}, welcome aboard.</p>',
  });
  expect(saved.status).toBe(201);

  const companyName = `Body Only ${Date.now()} GmbH`;
  const client = await callApi(baseUrl, 'POST', '/v1/clients', apiKey, {
    externalTenantId: 'tenant-1',
    companyName,
    registrationNumber: `HRB ${Date.now()}`,
    country: 'DE',
    contactEmail: 'finance@client.example',
  });
  expect(client.status).toBe(202);
  const signed = await fetch(client.body.onboardingUrl as string, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ accept: 'yes', signerName: 'Greta Berg' }).toString(),
  });
  expect(signed.status).toBe(200);
  expect(smtp.messages).toHaveLength(0);

  const dispatcher = startService('dispatcher', platform.env);
  try {
    const [, base] = await dispatcher.waitForOutput(/"metrics":"(http:[^"]+)\/metrics"/);
    await waitFor(() => smtp.messages.length === 1, { what: 'the welcome email' });
    const [mail] = smtp.messages;
    expect(mail!.from?.text).toBe('"Acme Accounting" <welcome@acme.example>');
    expect(mail!.subject).toBe('Welcome to Acme Accounting');
    expect(mail!.html).toBe(`<p>Hello ${companyName}, welcome aboard.</p>`);

    await waitFor(
      async () =>
        (await (await fetch(`${base}/metrics`)).text()).includes(
          'welcome_emails_total{outcome="sent"} 1',
        ),
      { what: 'the sent counter' },
    );
    const messages = await callApi(baseUrl, 'GET', '/v1/welcome-email/messages', apiKey);
    expect(messages.body.data[0]).toMatchObject({ status: 'sent', messageId: mail!.messageId });
    await dispatcher.waitForOutput(/welcome email sent/);
    // The body holds the client's data: the logs name the email, never its content.
    expect(dispatcher.output()).not.toContain(companyName);
  } finally {
    expect(await dispatcher.stop('SIGTERM')).toEqual({ code: 0, signal: null });
  }
});
