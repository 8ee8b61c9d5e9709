import { createPool, type Pool } from '@referral/db';
import { createTestDatabase, type TestDatabase } from '@referral/testing';
import { PartnerService } from '../src';

let db: TestDatabase;
let pool: Pool;
beforeAll(async () => {
  db = await createTestDatabase();
  pool = createPool(db.url);
});
afterAll(async () => {
  await pool.end();
  await db.drop();
});

describe('PartnerService', () => {
  it('creates a partner with a UUID and an API key that authenticates it, stored hashed', async () => {
    const partners = new PartnerService(pool);
    const { partner, apiKey } = await partners.create('Acme Accounting');
    expect(partner.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await partners.authenticate(apiKey)).toEqual(partner);
    const { rows } = await pool.query(`SELECT api_key_hash FROM partners WHERE id = $1`, [
      partner.id,
    ]);
    expect(rows[0].api_key_hash.toString('utf8')).not.toContain(apiKey);
  });

  it('rejects unknown and malformed keys', async () => {
    const partners = new PartnerService(pool);
    await partners.create('Other');
    expect(await partners.authenticate('rpk_' + 'x'.repeat(43))).toBeUndefined();
    expect(await partners.authenticate('nonsense')).toBeUndefined();
    expect(await partners.get('not-a-uuid')).toBeUndefined();
  });

  it('defaults the fee to 10 %, the link-request TTL to 7 days, and changes only what is given', async () => {
    const partners = new PartnerService(pool);
    const { partner } = await partners.create('Defaults');
    expect(partner).toMatchObject({ referralFeePercent: 10, linkRequestTtlDays: 7, branding: {} });
    const changed = await partners.update(partner.id, { referralFeePercent: 7.25 });
    expect(changed).toMatchObject({
      name: 'Defaults',
      referralFeePercent: 7.25,
      linkRequestTtlDays: 7,
    });
    expect(await partners.get(partner.id)).toEqual(changed);
    expect(await partners.update('not-a-uuid', { name: 'x' })).toBeUndefined();
  });

  it('refuses out-of-range settings in the database too', async () => {
    const partners = new PartnerService(pool);
    await expect(partners.create('TooLong', { linkRequestTtlDays: 31 })).rejects.toThrow(/check/);
  });
});
