import { verifyWebhook } from '@referral/webhook-signature';
import { waitFor, type Receiver } from '@referral/testing';
import { createHarness, type Harness } from './helpers/harness';
import { apiClient } from './helpers/api-client';
import { eventsOf, hostedPage, newCompany, onboardedClient } from './helpers/clients';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

/** A partner with a subscription to every client.* event, and its receiver. */
async function subscribedPartner(name: string) {
  const partner = await h.newPartner(name);
  const receiver = await h.receiver();
  const sub = await partner.api.post('/v1/webhooks/subscriptions', {
    url: receiver.url,
    eventTypes: ['*'],
  });
  return { ...partner, receiver, secret: sub.body.secret as string };
}

/** Every webhook the receiver got, verified with the receiver package; throws on a bad signature. */
function verified(receiver: Receiver, secret: string) {
  return receiver.requests.map(
    (r) =>
      verifyWebhook(r.body, r.headers, secret).payload as {
        type: string;
        data: Record<string, unknown>;
      },
  );
}

describe('client events reach the partner signed', () => {
  it('client.link_requested carries an approvalUrl that, approved, leads to client.linked', async () => {
    h.startDispatcher();
    const alice = await h.newPartner('Alice');
    const bob = await subscribedPartner('Bob');
    const body = newCompany();
    await onboardedClient(alice.api, body);

    const res = await bob.api.post('/v1/clients', body);
    expect(res.status).toBe(409);
    await waitFor(() => bob.receiver.requests.length >= 1, { what: 'client.link_requested' });
    const [requested] = verified(bob.receiver, bob.secret);
    expect(requested).toMatchObject({
      type: 'client.link_requested',
      data: { approvalUrl: res.body.approvalUrl, clientId: res.body.clientId },
    });

    // The client opens the URL from the webhook and approves.
    const approvalUrl = requested!.data.approvalUrl as string;
    expect((await hostedPage(approvalUrl)).status).toBe(200);
    expect((await hostedPage(approvalUrl, { decision: 'approve' })).status).toBe(200);

    await waitFor(() => bob.receiver.requests.length >= 2, { what: 'client.linked' });
    const [, linked] = verified(bob.receiver, bob.secret);
    expect(linked).toMatchObject({
      type: 'client.linked',
      data: {
        clientId: res.body.clientId,
        externalTenantId: body.externalTenantId,
        attribution: 'non_attributed',
        feePercentage: 10,
      },
    });
  });
});

describe('the outbox', () => {
  it('delivers a committed client event that Redis never took (API enqueue failed), through the reconciler', async () => {
    const bob = await subscribedPartner('Bob, Redis down');
    const alice = await h.newPartner('Alice 2');
    const body = newCompany();
    await onboardedClient(alice.api, body);

    // An API whose Redis is gone: the state change and its event still commit.
    const down = await h.startApp({ engine: { redisUrl: 'redis://127.0.0.1:1' } });
    const bobOnDown = apiClient(down.url, bob.apiKey);
    const res = await bobOnDown.post('/v1/clients', body);
    expect(res.status).toBe(409);
    expect(res.body.outcome).toBe('approval_required');
    const [event] = await eventsOf(h.pool, bob.partnerId, 'client.link_requested');
    expect(event).toBeDefined();

    // Its delivery was written with it but never enqueued; once it is overdue
    // by more than the reconciler's grace period, the reconciler finds it in
    // Postgres and it is delivered.
    await h.pool.query(
      `UPDATE webhook_deliveries SET next_attempt_at = now() - interval '1 minute' WHERE event_id = $1`,
      [event!.id],
    );
    const dispatcher = h.startDispatcher();
    await dispatcher.reconciler.sweep();
    await waitFor(() => bob.receiver.requests.some((r) => r.headers['webhook-id'] === event!.id), {
      what: 'the reconciled client.link_requested',
    });
    const delivered = verified(bob.receiver, bob.secret).find(
      (p) => p.type === 'client.link_requested',
    );
    expect(delivered!.data.approvalUrl).toBe(res.body.approvalUrl);
  });
});
