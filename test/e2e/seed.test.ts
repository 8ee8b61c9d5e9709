import { spawn } from 'node:child_process';
import { createReferralDomain, ensureFxRates, PartnerService } from '@referral/domain';
import { engineClient, type EngineClient } from '../support/engine-client';
import { createPlatformEnv, type PlatformEnv } from '../support/platform-env';
import { REPO_ROOT } from '../support/service-process';

let platform: PlatformEnv;
let client: EngineClient;
beforeAll(async () => {
  platform = await createPlatformEnv();
  client = engineClient(platform);
});
afterAll(async () => {
  await client.close();
  await platform.cleanup();
});

/** `npm run seed` after its build step: the seed entry of the API workspace. */
function runSeed(env: Record<string, string>) {
  const child = spawn('npm', ['run', '--silent', '-w', '@referral/api', 'seed'], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', LOG_FORMAT: 'json', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
}

/** Rows in every table: what "nothing changed" is checked against. */
async function rowCounts(): Promise<Record<string, number>> {
  const { rows: tables } = await client.pool.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
     WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`,
  );
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const { rows } = await client.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "${name}"`,
    );
    counts[name] = rows[0]!.n;
  }
  return counts;
}

it('npm run seed refuses a database that already holds clients, and changes nothing', async () => {
  // Real data, as the API would have written it: fx rates, a partner, one client.
  await ensureFxRates(client.pool);
  const partners = new PartnerService(client.pool);
  const domain = createReferralDomain({
    pool: client.pool,
    outbox: client.engine.outbox,
    partners,
    pageTokenKey: Buffer.alloc(32, 2),
    urls: {
      onboarding: (t) => `http://pages/onboarding/${t}`,
      linkRequest: (t) => `http://pages/lr/${t}`,
      contracts: (t) => `http://pages/contracts/${t}`,
      kyc: (t) => `http://pages/kyc/${t}`,
    },
  });
  const { partner } = await partners.create('Existing Partner');
  await domain.registration.register(partner.id, {
    externalTenantId: 'tenant-1',
    companyName: 'Kestrel Oy',
    registrationNumber: 'FI12345678',
    country: 'FI',
    contactEmail: 'ap@kestrel.example',
  });
  const before = await rowCounts();
  expect(before.clients).toBe(1);

  const { code, stdout, stderr } = await runSeed(platform.env);
  expect(code).not.toBe(0);
  expect(stderr).toMatch(/already holds clients: nothing seeded/);
  expect(stdout).not.toMatch(/Seeding/);
  expect(await rowCounts()).toEqual(before);
});
