import type { Pool } from '@referral/db';
import { PartnerService } from '@referral/domain';
import { createTestDatabase, type TestDatabase } from '@referral/testing';
import { ensureDemoPartner } from '../src/demo-partner';
import { endPool, trackedPool } from './helpers/harness';

let db: TestDatabase;
let pool: Pool;
beforeAll(async () => {
  db = await createTestDatabase();
  pool = trackedPool(db.url);
});
afterAll(async () => {
  await endPool(pool);
  await db.drop();
});

it('creates a demo partner on an empty platform, once, and says how to use it', async () => {
  const partners = new PartnerService(pool);
  const text = await ensureDemoPartner(partners, 'http://localhost:3000/');
  const guid = /Partner GUID: ([0-9a-f-]{36})/.exec(text ?? '')?.[1];
  const apiKey = /API key: +(rpk_\S+)/.exec(text ?? '')?.[1];
  expect(guid).toBeDefined();
  expect(await partners.authenticate(apiKey!)).toMatchObject({ id: guid, name: 'Demo Partner' });
  expect(text).toContain('export API=http://localhost:3000\n');
  expect(text).toContain('curl -sS -X POST "$API/v1/webhooks/subscriptions"');
  expect(text).toContain('curl -sS -X POST "$API/v1/webhooks/subscriptions/$SUB_ID/test"');
  expect(text).toContain('curl -sS "$API/v1/webhooks/subscriptions/$SUB_ID/deliveries"');
  // Step 4: the welcome email, configured as the README tells it.
  expect(text).toContain(`export PARTNER_ID=${guid}\n`);
  expect(text).toContain('curl -sS -X PUT "$API/v1/welcome-email"');
  // Step 6 as the README tells it: the KYC 422, the form, an operator's approval, the case.
  expect(text).toContain('422 kyc-required');
  expect(text).toContain('curl -sS -X POST "$API/admin/clients/$CLIENT_ID/kyc/approve"');
  expect(text).toContain('-d "$CASE"');

  expect(await ensureDemoPartner(partners, 'http://localhost:3000')).toBeUndefined();
  expect(await partners.count()).toBe(1);
});
