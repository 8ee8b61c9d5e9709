import { verifyWebhook } from '@referral/webhook-signature';
import { waitFor } from '@referral/testing';
import { createHarness, type Harness } from './helpers/harness';
import { newCase, readyClient, unsignedClient } from './helpers/cases';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  h.startDispatcher();
});
afterAll(() => h.close());

describe('case, payout and transaction events reach a subscribed receiver, signed', () => {
  it('delivers case.contract_required, case.created, case.status_changed, payout.created and transaction.stage_changed', async () => {
    const partner = await h.newPartner('Receiver of everything');
    const receiver = await h.receiver();
    const sub = await partner.api.post('/v1/webhooks/subscriptions', {
      url: receiver.url,
      eventTypes: [
        'case.created',
        'case.status_changed',
        'case.contract_required',
        'payout.created',
        'transaction.stage_changed',
      ],
    });
    const secret = sub.body.secret as string;

    const unsigned = await unsignedClient(partner.api, h.admin);
    const refused = await partner.api.post('/v1/cases', newCase(), { token: unsigned.token });
    expect(refused.status).toBe(422);

    const { token } = await readyClient(partner.api, h.admin);
    const created = await partner.api.post('/v1/cases', newCase(), { token });
    const reference = created.body.reference as string;
    await h.admin.patch(`/admin/cases/${reference}`, { milestone: 'in_collection' });
    const payout = await h.admin.post(`/admin/cases/${reference}/payments`, {
      amountMinor: 50000,
      currency: 'EUR',
      paidAt: new Date().toISOString().slice(0, 10),
    });
    const transactionId = payout.body.attributions[0].transactionId as string;
    await h.admin.post(`/admin/transactions/${transactionId}/stage`, { stage: 'ready_to_invoice' });

    await waitFor(() => receiver.requests.length >= 6, { what: 'six webhooks' });
    const payloads = receiver.requests.map(
      (r) =>
        verifyWebhook(r.body, r.headers, secret).payload as {
          type: string;
          data: Record<string, unknown>;
        },
    );
    const byType = (type: string) => payloads.filter((p) => p.type === type);
    expect(payloads.map((p) => p.type).sort()).toEqual(
      [
        'case.contract_required',
        'case.created',
        'case.status_changed',
        'payout.created',
        'transaction.stage_changed',
        'transaction.stage_changed',
      ].sort(),
    );
    expect(byType('case.contract_required')[0]!.data).toMatchObject({
      clientId: unsigned.clientId,
      solutionUrl: refused.body.solutionUrl,
    });
    expect(byType('case.created')[0]!.data).toMatchObject({
      reference,
      status: 'active',
      milestone: 'collection_started',
    });
    expect(byType('case.status_changed')[0]!.data).toMatchObject({
      reference,
      previousMilestone: 'collection_started',
      milestone: 'in_collection',
    });
    expect(byType('payout.created')[0]!.data).toMatchObject({
      caseReference: reference,
      referralFee: { amountMinor: 750, currency: 'EUR' },
      noFeeReason: null,
    });
    expect(
      byType('transaction.stage_changed')
        .map((p) => [p.data.stage, p.data.usdLocked])
        .sort(),
    ).toEqual([
      ['pending', false],
      ['ready_to_invoice', true],
    ]);
  });
});
