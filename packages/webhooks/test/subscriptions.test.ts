import { createDecipheriv } from 'node:crypto';
import { startReceiver, waitFor, type Receiver } from '@referral/testing';
import { verify, NoMatchingSignatureError } from '@referral/webhook-signature';
import { createHarness, deliveryRows, TEST_KEY, type Harness } from './harness';

let h: Harness;
const receivers: Receiver[] = [];
beforeAll(async () => {
  h = await createHarness();
  // A retry waits a minute: a failed attempt leaves its delivery pending for the test to act on.
  h.startDispatcher({ retryBaseMs: 60_000 });
});
afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  await h.close();
});

async function subscribe(reply?: Receiver['reply']) {
  const r = await startReceiver(reply);
  receivers.push(r);
  const tenant = h.newTenant();
  const sub = await h.subscribe(tenant, { url: r.url, eventTypes: ['*'] });
  return { r, sub, tenant };
}

const publish = (tenantId: string) =>
  h.engine.outbox.publish({ tenantId, type: 'case.created', data: {} });

async function secretRows(subscriptionId: string) {
  const { rows } = await h.pool.query<{ encrypted: Buffer; expires_at: Date | null }>(
    `SELECT encrypted, expires_at FROM webhook_subscription_secrets
     WHERE subscription_id = $1 ORDER BY id`,
    [subscriptionId],
  );
  return rows;
}

describe('deleting a subscription', () => {
  it('cancels its pending and parked deliveries at once, and nothing more is sent', async () => {
    const { r, sub, tenant } = await subscribe(() => ({ status: 500 }));
    await publish(tenant);
    // The first attempt failed; the retry is a minute away.
    await waitFor(async () => (await deliveryRows(h.pool, sub.id))[0]?.attempt_count === 1, {
      what: 'the first attempt',
    });
    // Arranged in SQL: disabling is the disable rule's business (disable.test.ts).
    await h.pool.query(`UPDATE webhook_subscriptions SET status = 'disabled' WHERE id = $1`, [
      sub.id,
    ]);
    await publish(tenant);
    await waitFor(
      async () => (await deliveryRows(h.pool, sub.id)).some((d) => d.status === 'parked'),
      { what: 'the second delivery to be parked' },
    );

    expect(await h.engine.subscriptions.remove(tenant, sub.id)).toEqual({ outcome: 'deleted' });
    // Read straight after: the delivery worker, whose next run is a minute away, had no part in it.
    expect((await deliveryRows(h.pool, sub.id)).map((d) => d.status)).toEqual([
      'cancelled',
      'cancelled',
    ]);
    expect(r.requests).toHaveLength(1);
  });
});

describe('signing secrets', () => {
  it('are stored encrypted with AES-256-GCM under the configured key, never in plain text', async () => {
    const { sub } = await subscribe();
    const [row] = await secretRows(sub.id);
    const stored = row!.encrypted;
    const keyBytes = Buffer.from(sub.secret.slice('whsec_'.length), 'base64');
    expect(keyBytes).toHaveLength(32);
    expect(stored.includes(Buffer.from(sub.secret))).toBe(false);
    expect(stored.includes(Buffer.from(sub.secret.slice('whsec_'.length)))).toBe(false);
    expect(stored.includes(keyBytes)).toBe(false);

    // Stored as iv (12 bytes) || auth tag (16 bytes) || ciphertext.
    const decrypt = (key: Buffer) => {
      const decipher = createDecipheriv('aes-256-gcm', key, stored.subarray(0, 12));
      decipher.setAuthTag(stored.subarray(12, 28));
      return Buffer.concat([decipher.update(stored.subarray(28)), decipher.final()]).toString();
    };
    expect(decrypt(TEST_KEY)).toBe(sub.secret);
    expect(() => decrypt(Buffer.alloc(32, 1))).toThrow();
  });

  it('during rotation both the old and the new secret sign, and the new one alone verifies', async () => {
    const { r, sub, tenant } = await subscribe();
    const rotated = await h.engine.subscriptions.rotateSecret(tenant, sub.id);
    if (rotated.outcome !== 'rotated') throw new Error('not rotated');
    await publish(tenant);
    await waitFor(() => r.requests.length === 1);
    const { body, headers } = r.requests[0]!;
    expect(String(headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(verify(body, headers, rotated.secret)).toBeDefined();
    expect(verify(body, headers, sub.secret)).toBeDefined();
  });

  it('after the 24 h overlap, the old secret signs no more: only the new one does', async () => {
    const { r, sub, tenant } = await subscribe();
    const rotated = await h.engine.subscriptions.rotateSecret(tenant, sub.id);
    if (rotated.outcome !== 'rotated') throw new Error('not rotated');
    const [old] = await secretRows(sub.id);
    expect(old!.expires_at?.toISOString()).toBe(rotated.previousSecretExpiresAt);

    // Move the clock of the old secret on by the overlap plus a second, as if 24 h had passed.
    await h.pool.query(
      `UPDATE webhook_subscription_secrets
       SET expires_at = expires_at - interval '24 hours 1 second'
       WHERE subscription_id = $1 AND expires_at IS NOT NULL`,
      [sub.id],
    );
    await publish(tenant);
    await waitFor(() => r.requests.length === 1, { what: 'the delivery' });
    const { body, headers } = r.requests[0]!;
    expect(String(headers['webhook-signature']).split(' ')).toHaveLength(1);
    expect(verify(body, headers, rotated.secret)).toBeDefined();
    expect(() => verify(body, headers, sub.secret)).toThrow(NoMatchingSignatureError);
  });
});
