import { existsSync } from 'node:fs';
import path from 'node:path';
import { createPool, type Pool } from '@referral/db';
import { startReceiver, waitFor, type Receiver } from '@referral/testing';
import { freePort } from '../support/free-port';
import { postHostedForm, submitKycForm } from '../support/hosted-forms';
import { callApi } from '../support/platform-api';
import { createPlatformEnv, type PlatformEnv } from '../support/platform-env';
import { referralAdmin, type CliRun } from '../support/referral-admin';
import { REPO_ROOT, startService, type ServiceProcess } from '../support/service-process';

/**
 * The operator CLI as an operator runs it: the built `referral-admin` in its
 * own process, against the built API and dispatcher on loopback, on a real
 * Postgres and Redis. Receivers fail or answer as each test needs; retries
 * are 10 ms apart, so a delivery is failed after 9 attempts in about 2.5 s.
 */
const ADMIN_TOKEN = 'operator-cli-admin-token-0123';

let platform: PlatformEnv;
let api: ServiceProcess;
let dispatcher: ServiceProcess;
let pool: Pool;
let baseUrl: string;
const receivers: Receiver[] = [];

beforeAll(async () => {
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  platform = await createPlatformEnv({
    PORT: String(port),
    PUBLIC_BASE_URL: baseUrl,
    ADMIN_TOKEN,
    WEBHOOK_RETRY_BASE_MS: '10',
  });
  api = startService('api', platform.env);
  dispatcher = startService('dispatcher', platform.env);
  await api.waitForOutput(/api started/);
  await dispatcher.waitForOutput(/dispatcher started/);
  pool = createPool(platform.db.url);
});

afterAll(async () => {
  await Promise.all([api?.stop(), dispatcher?.stop()]);
  await Promise.all(receivers.map((r) => r.close()));
  await pool?.end();
  await platform?.cleanup();
});

/** The CLI configured by environment, as the README tells an operator to. */
const cli = (...args: string[]) =>
  referralAdmin(args, { REFERRAL_API_URL: baseUrl, ADMIN_TOKEN: ADMIN_TOKEN });

const call = (method: string, path: string, token: string, body?: unknown) =>
  callApi(baseUrl, method, path, token, body);

async function newPartner(name: string): Promise<{ partnerId: string; apiKey: string }> {
  const created = await call('POST', '/admin/partners', ADMIN_TOKEN, { name });
  expect(created.status).toBe(201);
  return created.body;
}

/** A receiver that fails with 500 while `state.failing`, and a subscription of its own. */
async function subscribedPartner(name: string, failing: boolean) {
  const state = { failing };
  const receiver = await startReceiver(() =>
    state.failing ? { status: 500, body: 'receiver down' } : { status: 204 },
  );
  receivers.push(receiver);
  const partner = await newPartner(name);
  const sub = await call('POST', '/v1/webhooks/subscriptions', partner.apiKey, {
    url: receiver.url,
    eventTypes: ['*'],
  });
  expect(sub.status).toBe(201);
  return { ...partner, receiver, state, subscriptionId: sub.body.id as string };
}

async function publish(partnerId: string, count: number) {
  for (let n = 0; n < count; n++) {
    const res = await call('POST', '/admin/events', ADMIN_TOKEN, {
      partnerId,
      type: 'webhook.test',
      data: { subscriptionId: 'sub_cli', message: `event ${n}` },
    });
    expect(res.status).toBe(202);
  }
}

/** Delivery statuses of a subscription, by name, e.g. { failed: 8, parked: 1 }. */
async function statusCounts(subscriptionId: string): Promise<Record<string, number>> {
  const { rows } = await pool.query<{ status: string; n: number }>(
    `SELECT status, count(*)::int AS n FROM webhook_deliveries WHERE subscription_id = $1
     GROUP BY status ORDER BY status`,
    [subscriptionId],
  );
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

async function subscriptionStatus(subscriptionId: string): Promise<string> {
  const { rows } = await pool.query<{ status: string }>(
    'SELECT status FROM webhook_subscriptions WHERE id = $1',
    [subscriptionId],
  );
  return rows[0]!.status;
}

/** Wait until the counts are `expected`; its keys in alphabetical order. */
const settled = (subscriptionId: string, expected: Record<string, number>) =>
  waitFor(
    async () => {
      const counts = await statusCounts(subscriptionId);
      return JSON.stringify(counts) === JSON.stringify(expected) && counts;
    },
    {
      timeoutMs: 30_000,
      what: `deliveries of ${subscriptionId} to be ${JSON.stringify(expected)}`,
    },
  );

/** A run that succeeded; on failure the test names what the CLI said. */
function ok(run: CliRun): string {
  expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
  return run.stdout;
}

describe('help', () => {
  const commands = [
    [],
    ['partners'],
    ['partners', 'list'],
    ['subscriptions'],
    ['subscriptions', 'list'],
    ['subscriptions', 'show'],
    ['subscriptions', 'enable'],
    ['subscriptions', 'recover'],
    ['subscriptions', 'test'],
    ['deliveries'],
    ['deliveries', 'show'],
    ['deliveries', 'redeliver'],
    ['clients'],
    ['clients', 'show'],
    ['clients', 'kyc-queue'],
    ['clients', 'kyc'],
    ['clients', 'approve-kyc'],
    ['clients', 'reject-kyc'],
  ];

  it('every command answers --help with its usage and exit 0, needing no API', async () => {
    const runs = await Promise.all(commands.map((c) => referralAdmin([...c, '--help'])));
    runs.forEach((run, i) => {
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`Usage: referral-admin ${commands[i]!.join(' ')}`.trimEnd());
    });
    expect(runs[0]!.stdout).toMatch(/Exit codes: 0 done, 1 the API refused/);
  });

  it('runs as `npx referral-admin` from the repository root, through the linked bin', async () => {
    expect(existsSync(path.join(REPO_ROOT, 'node_modules', '.bin', 'referral-admin'))).toBe(true);
    const run = await referralAdmin(
      ['subscriptions', '--help'],
      { HOME: process.env.HOME ?? REPO_ROOT },
      { file: 'npx', args: ['--no-install', 'referral-admin'], cwd: REPO_ROOT },
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: referral-admin subscriptions');
  });
});

describe('partners list', () => {
  it('prints partners by name as a table, and the API’s JSON with --json', async () => {
    const acme = await newPartner('Acme Accounting');
    const beta = await newPartner('Beta Books');

    const lines = ok(await cli('partners', 'list'))
      .trimEnd()
      .split('\n');
    expect(lines[0]).toMatch(/^ID\s+NAME\s+FEE %\s+TTL DAYS\s+CREATED$/);
    const acmeRow = lines.findIndex((l) => l.startsWith(acme.partnerId));
    const betaRow = lines.findIndex((l) => l.startsWith(beta.partnerId));
    expect(lines[acmeRow]).toMatch(/Acme Accounting\s+10\s+7\s+\d{4}-\d\d-\d\dT[\d:]+Z$/);
    expect(acmeRow).toBeLessThan(betaRow);

    const json = JSON.parse(ok(await cli('partners', 'list', '--json')));
    expect(json).toEqual((await call('GET', '/admin/partners', ADMIN_TOKEN)).body);
  });

  it('pages with --limit and prints how to get the next page', async () => {
    await newPartner('Gamma Invoicing');
    const out = ok(await cli('partners', 'list', '--limit', '1'));
    const [, cursor] = /More: run the same command with --cursor (\S+)/.exec(out) ?? [];
    expect(cursor).toBeDefined();
    const next = JSON.parse(
      ok(await cli('partners', 'list', '--limit', '1', '--cursor', cursor!, '--json')),
    );
    expect(next.data).toHaveLength(1);
    expect(out).not.toContain(next.data[0].id);
  });
});

describe('a subscription disabled by failures', () => {
  it('is listed and shown with its deliveries and attempts, then enabled with --replay', async () => {
    const p = await subscribedPartner('Failing Receiver GmbH', true);
    // 8 failed deliveries in a row disable it; what comes next is parked.
    await publish(p.partnerId, 8);
    await waitFor(async () => (await subscriptionStatus(p.subscriptionId)) === 'disabled', {
      timeoutMs: 30_000,
      what: 'the subscription to be disabled',
    });
    await publish(p.partnerId, 1);
    await settled(p.subscriptionId, { failed: 8, parked: 1 });

    const listed = ok(await cli('subscriptions', 'list', '--disabled'));
    expect(listed.split('\n')[0]).toMatch(
      /^ID\s+PARTNER\s+STATUS\s+FAILURES\s+URL\s+EVENT TYPES\s+DISABLED AT$/,
    );
    const row = listed.split('\n').find((l) => l.startsWith(p.subscriptionId));
    expect(row).toMatch(new RegExp(`^${p.subscriptionId}\\s+${p.partnerId}\\s+disabled\\s+8\\s+`));
    const mine = JSON.parse(
      ok(await cli('subscriptions', 'list', '--partner', p.partnerId, '--json')),
    );
    expect(mine.data.map((s: { id: string }) => s.id)).toEqual([p.subscriptionId]);

    const shown = ok(await cli('subscriptions', 'show', p.subscriptionId, '--deliveries', '3'));
    expect(shown).toMatch(/Status\s+disabled \(consecutive_failures, \d{4}-/);
    expect(shown).toMatch(/Failures in a row\s+8/);
    expect(shown).toContain('Recent deliveries (3, newest first)');
    expect(shown).toMatch(/dlv_\w+\s+webhook\.test\s+parked\s+0/);
    expect(shown).toMatch(/dlv_\w+\s+webhook\.test\s+failed\s+9/);
    // Two failed deliveries' 9 attempts each, every one answered 500.
    expect(
      shown.match(/^dlv_\w+\s+\d+\s+\S+\s+\d+\s+failed\s+500\s+http_status: receiver down$/gm),
    ).toHaveLength(18);

    const json = JSON.parse(ok(await cli('subscriptions', 'show', p.subscriptionId, '--json')));
    expect(json.subscription).toMatchObject({ id: p.subscriptionId, tenantId: p.partnerId });
    expect(json.deliveries).toHaveLength(9);
    expect(json.deliveries[1].attempts).toHaveLength(9);

    // A test event would only be parked: refused, and the CLI says why.
    const refused = await cli('subscriptions', 'test', p.subscriptionId);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(
      /^referral-admin: 409 Subscription disabled: .*\[id: subscription is disabled\] \(request \S+\)\n$/,
    );

    p.state.failing = false;
    const before = p.receiver.requests.length;
    expect(ok(await cli('subscriptions', 'enable', p.subscriptionId, '--replay'))).toBe(
      `Enabled ${p.subscriptionId}; 9 deliveries queued again.\n`,
    );
    await settled(p.subscriptionId, { succeeded: 9 });
    expect(await subscriptionStatus(p.subscriptionId)).toBe('enabled');
    expect(p.receiver.requests.length - before).toBe(9);
  });
});

describe('an enabled subscription', () => {
  it('gets a test event, a delivery again, and its failures recovered since a time', async () => {
    const p = await subscribedPartner('Healthy Receiver AG', false);

    const sent = ok(await cli('subscriptions', 'test', p.subscriptionId));
    const [, eventId] = /^Sent webhook\.test (evt_\w+) to (sub_\w+)\.\n$/.exec(sent) ?? [];
    expect(eventId).toBeDefined();
    await waitFor(() => p.receiver.requests.find((r) => r.headers['webhook-id'] === eventId), {
      what: 'the test event',
    });
    const { rows } = await pool.query<{ id: string }>(
      'SELECT id FROM webhook_deliveries WHERE event_id = $1',
      [eventId],
    );
    const deliveryId = rows[0]!.id;
    await settled(p.subscriptionId, { succeeded: 1 });

    expect(ok(await cli('deliveries', 'redeliver', deliveryId))).toBe(
      `Queued delivery ${deliveryId} (webhook.test) again.\n`,
    );
    await waitFor(
      () => p.receiver.requests.filter((r) => r.headers['webhook-id'] === eventId).length === 2,
      { what: 'the delivery made again' },
    );
    await settled(p.subscriptionId, { succeeded: 1 });
    const shown = ok(await cli('deliveries', 'show', deliveryId));
    expect(shown).toMatch(/Attempts\s+2/);
    expect(shown.match(/^dlv_\w+\s+[12]\s+\S+\s+\d+\s+ok\s+204/gm)).toHaveLength(2);

    // Two deliveries fail for good while the receiver is down...
    p.state.failing = true;
    await publish(p.partnerId, 2);
    await settled(p.subscriptionId, { failed: 2, succeeded: 1 });
    // ...and an operator recovers them once it is back.
    p.state.failing = false;
    expect(ok(await cli('subscriptions', 'recover', p.subscriptionId, '--since', '10m'))).toMatch(
      new RegExp(
        `^Queued 2 failed deliveries of ${p.subscriptionId} again \\(created since \\d{4}-`,
      ),
    );
    await settled(p.subscriptionId, { succeeded: 3 });

    const none = JSON.parse(
      ok(await cli('subscriptions', 'recover', p.subscriptionId, '--since', '1h', '--json')),
    );
    expect(none).toEqual({ count: 0 });
  });
});

describe('failures', () => {
  it('a wrong token: the API’s 401, exit 1', async () => {
    const run = await referralAdmin(['partners', 'list'], {
      REFERRAL_API_URL: baseUrl,
      ADMIN_TOKEN: 'not-the-admin-token',
    });
    expect(run).toMatchObject({ code: 1, stdout: '' });
    expect(run.stderr).toMatch(
      /^referral-admin: 401 Unauthorized: .*\[Authorization: the bearer token is not valid\]/,
    );
  });

  it('no token: usage, exit 2, before any request', async () => {
    const run = await referralAdmin(['partners', 'list'], { REFERRAL_API_URL: baseUrl });
    expect(run).toMatchObject({ code: 2, stdout: '' });
    expect(run.stderr).toContain('no admin token: pass --token <token> or set ADMIN_TOKEN');
  });

  it('an API that is not there: exit 3, naming the URL and why', async () => {
    const nowhere = `http://127.0.0.1:${await freePort()}`;
    const run = await referralAdmin(['subscriptions', 'list', '--api', nowhere, '--token', 'x']);
    expect(run).toMatchObject({ code: 3, stdout: '' });
    expect(run.stderr).toBe(
      `referral-admin: cannot reach the API at ${nowhere}: connect ECONNREFUSED ${nowhere.slice(7)}\n`,
    );
  });

  it.each([
    [['subscriptions', 'show', 'sub_nope'], /404 Not Found: .*\[id: no such subscription\]/],
    [
      ['subscriptions', 'enable', 'sub_nope', '--replay'],
      /404 Not Found: .*\[id: no such subscription\]/,
    ],
    [['deliveries', 'redeliver', 'dlv_nope'], /404 Not Found: .*\[id: no such delivery\]/],
    [
      ['subscriptions', 'list', '--partner', '00000000-0000-4000-8000-000000000000'],
      /404 Not Found: .*\[partnerId: no such partner\]/,
    ],
    [['subscriptions', 'list', '--partner', 'acme'], /400 Invalid request: .*\[partnerId: /],
    [
      ['subscriptions', 'recover', 'sub_nope', '--since', '2026-13-45T00:00:00Z'],
      /400 Invalid request: .*\[since: /,
    ],
  ])('%j: the API’s problem on one line, exit 1', async (args, message) => {
    const run = await cli(...args);
    expect(run).toMatchObject({ code: 1, stdout: '' });
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it.each([
    [['subscriptions', 'recover', 'sub_x', '--since', 'yesterday'], /option '--since <time>'/],
    [['subscriptions', 'recover', 'sub_x'], /required option '--since <time>' not specified/],
    [['subscriptions', 'list', '--limit', '500'], /option '--limit <n>'/],
    [['subscriptions', 'list', '--status', 'broken'], /Allowed choices are enabled, disabled/],
    [['subscriptions', 'frobnicate'], /unknown command 'frobnicate'/],
    [['clients', 'reject-kyc', 'cli_x'], /required option '--reason <text>' not specified/],
  ])('%j: usage, exit 2', async (args, message) => {
    const run = await cli(...args);
    expect(run).toMatchObject({ code: 2, stdout: '' });
    expect(run.stderr).toMatch(message);
  });
});

describe('a company, its users and its KYC review', () => {
  it('shows the users, reviews the submission, rejects it with a reason, then approves the next', async () => {
    const partner = await newPartner('Kyc Reviewers');
    const created = await call('POST', '/v1/clients', partner.apiKey, {
      externalTenantId: 'cli-kyc-1',
      companyName: 'Fjord Fisk AS',
      registrationNumber: 'NO 998 877',
      country: 'NO',
      contactEmail: 'ap@fjord.example',
    });
    const clientId = created.body.client.id as string;
    const onboardingUrl = created.body.onboardingUrl as string;
    await postHostedForm(`${onboardingUrl}/users`, {
      name: 'Ada Berg',
      email: 'ada@fjord.example',
      role: 'admin',
    });
    await postHostedForm(onboardingUrl, { accept: 'yes', signerName: 'Ada Berg' });

    const shown = ok(await cli('clients', 'show', clientId));
    expect(shown).toMatch(/Company\s+Fjord Fisk AS/);
    expect(shown).toMatch(/KYC\s+required/);
    expect(shown).toMatch(/Ada Berg\s+ada@fjord\.example\s+admin/);
    expect(shown).toContain('cli-kyc-1');
    expect(ok(await cli('clients', 'kyc', clientId))).toContain('Nothing submitted yet.');

    // The case the partner asks for is refused with the form's URL; the client fills it in.
    const token = (await call('POST', `/v1/clients/${clientId}/tokens`, partner.apiKey)).body
      .token as string;
    const caseBody = {
      debtor: { name: 'Sommer OHG', type: 'company', country: 'DE', email: 'ap@sommer.example' },
      invoice: {
        number: 'INV-CLI-1',
        amountMinor: 125000,
        currency: 'EUR',
        issueDate: '2026-09-01',
        dueDate: '2026-10-01',
      },
    };
    const refused = await call('POST', '/v1/cases', token, caseBody);
    expect(refused.status).toBe(422);
    expect((await submitKycForm(refused.body.solutionUrl)).status).toBe(200);

    const queue = ok(await cli('clients', 'kyc-queue'));
    expect(queue).toMatch(new RegExp(`^${clientId}\\s+Fjord Fisk AS\\s+NO\\s+\\d{4}-`, 'm'));
    const review = ok(await cli('clients', 'kyc', clientId));
    expect(review).toMatch(/KYC\s+submitted/);
    expect(review).toMatch(/Representative\s+Ingrid Dahl, born 1980-05-17/);
    expect(review).toMatch(
      /Document\s+passport\.pdf \(application\/pdf, \d+ bytes, sha256 [0-9a-f]{64}\)/,
    );
    expect(review).toMatch(/Ingrid Dahl\s+-\s+60/);

    expect(
      ok(await cli('clients', 'reject-kyc', clientId, '--reason', 'The scan is unreadable')),
    ).toBe('Rejected the KYC of Fjord Fisk AS; its partners were told why.\n');
    const rejected = ok(await cli('clients', 'kyc', clientId));
    expect(rejected).toMatch(/Reason\s+The scan is unreadable/);
    expect(rejected).toMatch(/Document\s+deleted/);
    const decided = JSON.parse(
      ok(await cli('clients', 'kyc-queue', '--status', 'rejected', '--json')),
    );
    expect(decided.data).toContainEqual(expect.objectContaining({ clientId, status: 'rejected' }));

    // Nothing under review now: the API's 409, on one line, exit 1.
    const early = await cli('clients', 'approve-kyc', clientId);
    expect(early).toMatchObject({ code: 1, stdout: '' });
    expect(early.stderr).toMatch(/^referral-admin: 409 /);

    expect((await submitKycForm(refused.body.solutionUrl)).status).toBe(200);
    expect(ok(await cli('clients', 'approve-kyc', clientId))).toBe(
      'Approved the KYC of Fjord Fisk AS: its cases can now be created.\n',
    );
    expect(ok(await cli('clients', 'show', clientId))).toMatch(/KYC\s+verified \d{4}-/);
    expect((await call('POST', '/v1/cases', token, caseBody)).status).toBe(201);
  });
});
