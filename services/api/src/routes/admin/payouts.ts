import { PaymentInput, RecordedPayout } from '@referral/domain';
import type { AppDeps } from '../../app-deps';
import { payoutProblems } from '../../http/outcomes/payouts';
import { respond } from '../../http/outcomes/respond';
import type { RouteRegistry } from '../../http/route-registry';
import { named } from '../../openapi/json-schema';
import { CaseReferenceParams } from '../../schemas';

const Payout = named(RecordedPayout, 'Payout');

/** Operators record what a debtor paid on a case: a payout, and each linked partner's fee. */
export function adminPayoutRoutes(routes: RouteRegistry, { domain }: AppDeps): void {
  routes.admin(
    {
      method: 'post',
      path: '/admin/cases/:reference/payments',
      operationId: 'adminRecordPayment',
      summary:
        'Record a debtor payment: a payout, with each linked partner’s fee or why none (payout.created)',
      description:
        'Installments are allocated on the running total, so their revenue and fees add up to ' +
        'exactly what one payment of their sum would give.',
      tags: ['Admin'],
      params: CaseReferenceParams,
      body: PaymentInput,
      responses: { 201: { description: 'The payout', schema: Payout } },
      problems: [409],
    },
    async ({ params, body }) =>
      respond(
        await domain.payouts.record(params.reference, body),
        payoutProblems,
        { id: params.reference, field: 'reference' },
        { recorded: ({ payout }) => ({ status: 201, body: payout }) },
      ),
  );
}
