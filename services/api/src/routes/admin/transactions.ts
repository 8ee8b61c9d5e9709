import { z } from 'zod';
import { StageChange } from '@referral/domain';
import { TransactionStage } from '@referral/events';
import type { AppDeps } from '../../app-deps';
import { respond } from '../../http/outcomes/respond';
import { transactionProblems } from '../../http/outcomes/transactions';
import type { RouteRegistry } from '../../http/route-registry';
import { IdParams } from '../../schemas';

const tags = ['Admin'];

const StageBody = z.strictObject({ stage: TransactionStage });
const BulkStageBody = z.strictObject({
  transactionIds: z
    .array(z.string().min(1).max(255))
    .min(1)
    .max(1000)
    .describe('All move, or none does'),
  stage: TransactionStage,
});
/** What a move shows operators: the fields of the domain's change that the API documents. */
const MovedTransaction = StageChange.pick({
  transactionId: true,
  previousStage: true,
  stage: true,
  usdMinor: true,
  usdLocked: true,
});
const StageChanges = z.object({ moved: z.array(MovedTransaction) });

// Parsing an object schema drops the keys it does not list.
const moved = (changes: StageChange[]) => ({
  moved: changes.map((change) => MovedTransaction.parse(change)),
});

/** Operators move referral fees through the revenue stages, one or many at once. */
export function adminTransactionRoutes(routes: RouteRegistry, { domain }: AppDeps): void {
  routes.admin(
    {
      method: 'post',
      path: '/admin/transactions/:id/stage',
      operationId: 'adminMoveTransaction',
      summary: 'Move one referral fee to a later revenue stage (transaction.stage_changed)',
      description: 'Only forward. Reaching ready_to_invoice locks the USD amount for good.',
      tags,
      params: IdParams,
      body: StageBody,
      responses: { 200: { description: 'The move', schema: StageChanges } },
      problems: [409],
    },
    async ({ params, body }) =>
      respond(
        await domain.transactions.move([params.id], body.stage),
        transactionProblems,
        { target: body.stage, field: () => 'id' },
        { moved: ({ changes }) => ({ status: 200, body: moved(changes) }) },
      ),
  );

  routes.admin(
    {
      method: 'post',
      path: '/admin/transactions/stage',
      operationId: 'adminMoveTransactions',
      summary: 'Move many referral fees at once, e.g. “the invoice for these was paid”',
      description:
        'All or nothing: if one cannot move forward, none moves and the answer names it.',
      tags,
      body: BulkStageBody,
      responses: { 200: { description: 'The moves', schema: StageChanges } },
      problems: [404, 409],
    },
    async ({ body }) =>
      respond(
        await domain.transactions.move(body.transactionIds, body.stage),
        transactionProblems,
        {
          target: body.stage,
          field: (id) => `transactionIds.${body.transactionIds.indexOf(id)}`,
        },
        { moved: ({ changes }) => ({ status: 200, body: moved(changes) }) },
      ),
  );
}
