import { z } from 'zod';
import {
  AdminCase,
  AdminCreateCaseInput,
  CaseMessage,
  CaseMessageInput,
  CaseProgressInput,
  ClientRecord,
  PaymentInput,
  toAdminCase,
  type RecordedPayout,
} from '@referral/domain';
import { CountryCode, NoFeeReason, TransactionStage } from '@referral/events';
import type { AppDeps } from '../app-deps';
import { found, respond } from '../http/outcomes';
import { HttpProblem, validationProblem } from '../http/problem';
import type { RouteRegistry } from '../http/route-registry';
import { named } from '../openapi/json-schema';
import { IdParams } from '../schemas';
import { CaseReferenceParams, caseCreationProblem } from './cases';

const tags = ['Admin'];

named(AdminCase, 'AdminCase');

const Payout = named(
  z.object({
    id: z.string(),
    caseReference: z.string(),
    amountMinor: z.number().int(),
    currency: z.string(),
    paidAt: z.string(),
    commissionPercent: z.number(),
    platformRevenueMinor: z.number().int(),
    attributions: z.array(
      z.object({
        partnerId: z.uuid().nullable(),
        feeMinor: z.number().int().nullable(),
        noFeeReason: NoFeeReason.nullable(),
        transactionId: z.string().nullable(),
      }),
    ),
  }) satisfies z.ZodType<RecordedPayout>,
  'Payout',
);

const StageBody = z.strictObject({ stage: TransactionStage });
const BulkStageBody = z.strictObject({
  transactionIds: z
    .array(z.string().min(1).max(255))
    .min(1)
    .max(1000)
    .describe('All move, or none does'),
  stage: TransactionStage,
});
const StageChanges = z.object({
  moved: z.array(
    z.object({
      transactionId: z.string(),
      previousStage: TransactionStage.nullable(),
      stage: TransactionStage,
      usdMinor: z.number().int(),
      usdLocked: z.boolean(),
    }),
  ),
});

const RouteBody = z.strictObject({ collectionPartnerId: z.string().min(1).max(255) });
const CountryParams = z.object({ country: CountryCode });
const RoutingEntry = z.object({
  country: z.string(),
  collectionPartner: z.object({ id: z.string(), name: z.string(), commissionPercent: z.number() }),
});
const RoutingTable = z.object({
  routes: z.array(RoutingEntry),
  collectionPartners: z.array(RoutingEntry.shape.collectionPartner),
});

function stageProblem(
  result:
    | { outcome: 'not_found'; ids: string[] }
    | { outcome: 'not_forward'; transactions: { id: string; stage: string }[] },
  target: string,
  field: (id: string) => string,
): HttpProblem {
  if (result.outcome === 'not_found') {
    return new HttpProblem({
      status: 404,
      title: 'Not Found',
      detail: `No transaction ${result.ids.join(', ')} exists. Nothing moved.`,
      errors: result.ids.map((id) => ({ field: field(id), message: 'no such transaction' })),
    });
  }
  return new HttpProblem({
    status: 409,
    type: 'stage-not-forward',
    title: 'Stages only move forward',
    detail: `Moving to ${target} is not forward for ${result.transactions.length} transaction(s). Nothing moved.`,
    errors: result.transactions.map((t) => ({
      field: field(t.id),
      message: `is already ${t.stage}`,
    })),
    extensions: { transactions: result.transactions },
  });
}

/** Operators: cases from other sources, their progress, payments, revenue stages, routing, KYC. */
export function adminCaseRoutes(routes: RouteRegistry, { domain }: AppDeps): void {
  routes.admin(
    {
      method: 'post',
      path: '/admin/cases',
      operationId: 'adminCreateCase',
      summary:
        'Create a case as the client acting on its own (web app, CSV import, own API key, integration)',
      description: 'The same checks as POST /v1/cases; partners hear of it by case.created.',
      tags,
      body: AdminCreateCaseInput,
      responses: { 201: { description: 'The case', schema: AdminCase } },
      problems: [409, 422],
    },
    async ({ body: { clientId, source, ...input } }) => {
      const result = await domain.caseCreation.create(clientId, { source }, input);
      if (result.outcome !== 'created') {
        throw caseCreationProblem(result, { clientId, clientField: 'clientId' });
      }
      return { status: 201, body: toAdminCase(result.case) };
    },
  );

  routes.admin(
    {
      method: 'get',
      path: '/admin/cases/:reference',
      operationId: 'adminGetCase',
      summary: 'A case, with the partner whose token created it',
      tags,
      params: CaseReferenceParams,
      responses: { 200: { description: 'The case', schema: AdminCase } },
    },
    async ({ params }) =>
      respond(
        found(await domain.caseProgress.find(params.reference)),
        { resource: 'case', id: params.reference, field: 'reference' },
        { found: ({ value }) => ({ status: 200, body: toAdminCase(value) }) },
      ),
  );

  routes.admin(
    {
      method: 'patch',
      path: '/admin/cases/:reference',
      operationId: 'adminMoveCase',
      summary: 'Change a case’s status or milestone (case.status_changed)',
      description:
        'Statuses: pending → closed; active ↔ paused; active or paused → closed; closed is final. ' +
        'A pending case starts by itself once its contracts are signed and it is routed. ' +
        'Milestones only move forward: created → collection_started → in_collection → resolved.',
      tags,
      params: CaseReferenceParams,
      body: CaseProgressInput,
      responses: { 200: { description: 'The case', schema: AdminCase } },
      problems: [409],
    },
    async ({ params, body }) => {
      const result = await domain.caseProgress.move(params.reference, body);
      if (result.outcome === 'invalid_transition') {
        throw new HttpProblem({
          status: 409,
          type: 'invalid-case-transition',
          title: `Cannot move ${result.field}`,
          detail: `A case cannot go from ${result.field} ${result.from} to ${result.to}. From ${result.from}: ${
            result.allowed.length ? result.allowed.join(', ') : 'nothing'
          }.`,
          errors: [{ field: result.field, message: `${result.from} cannot become ${result.to}` }],
          extensions: { allowed: result.allowed },
        });
      }
      return respond(
        result,
        { resource: 'case', id: params.reference, field: 'reference' },
        { moved: ({ case: row }) => ({ status: 200, body: toAdminCase(row) }) },
      );
    },
  );

  routes.admin(
    {
      method: 'post',
      path: '/admin/cases/:reference/messages',
      operationId: 'adminPostCaseMessage',
      summary: 'Store a message between the client and the collection partner',
      tags,
      params: CaseReferenceParams,
      body: CaseMessageInput,
      responses: { 201: { description: 'The message', schema: CaseMessage } },
    },
    async ({ params, body }) =>
      respond(
        await domain.caseProgress.message(params.reference, body),
        { resource: 'case', id: params.reference, field: 'reference' },
        { sent: ({ message }) => ({ status: 201, body: message }) },
      ),
  );

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
      tags,
      params: CaseReferenceParams,
      body: PaymentInput,
      responses: { 201: { description: 'The payout', schema: Payout } },
      problems: [409],
    },
    async ({ params, body }) => {
      const result = await domain.payouts.record(params.reference, body);
      switch (result.outcome) {
        case 'currency_mismatch':
          throw validationProblem(
            [{ field: 'currency', message: `must be ${result.expected}` }],
            `Payments on ${params.reference} are in its invoice currency, ${result.expected}.`,
          );
        case 'paid_in_future':
          throw validationProblem(
            [{ field: 'paidAt', message: 'must not be after today (UTC)' }],
            'A payment cannot be dated in the future.',
          );
        case 'case_not_started': {
          const why = result.pendingReason ? `pending: ${result.pendingReason}` : result.status;
          throw new HttpProblem({
            status: 409,
            type: 'case-not-started',
            title: 'Collection has not started',
            detail: `Collection on ${params.reference} never started (${why}), so no payment can be recorded on it.`,
            errors: [{ field: 'reference', message: `collection never started (${why})` }],
          });
        }
        default:
          return respond(
            result,
            { resource: 'case', id: params.reference, field: 'reference' },
            { recorded: ({ payout }) => ({ status: 201, body: payout }) },
          );
      }
    },
  );

  const moved = (
    changes: {
      transactionId: string;
      previousStage: string | null;
      stage: string;
      usdMinor: number;
      usdLocked: boolean;
    }[],
  ) => ({
    moved: changes.map(({ transactionId, previousStage, stage, usdMinor, usdLocked }) => ({
      transactionId,
      previousStage,
      stage,
      usdMinor,
      usdLocked,
    })),
  });

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
    async ({ params, body }) => {
      const result = await domain.transactions.move([params.id], body.stage);
      if (result.outcome !== 'moved') throw stageProblem(result, body.stage, () => 'id');
      return { status: 200, body: moved(result.changes) };
    },
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
    async ({ body }) => {
      const result = await domain.transactions.move(body.transactionIds, body.stage);
      if (result.outcome !== 'moved') {
        throw stageProblem(
          result,
          body.stage,
          (id) => `transactionIds.${body.transactionIds.indexOf(id)}`,
        );
      }
      return { status: 200, body: moved(result.changes) };
    },
  );

  routes.admin(
    {
      method: 'post',
      path: '/admin/clients/:id/kyc',
      operationId: 'adminVerifyKyc',
      summary: 'Record that the platform verified the company (KYC); its cases can now be created',
      tags,
      params: IdParams,
      responses: { 200: { description: 'The client', schema: ClientRecord } },
    },
    async ({ params }) =>
      respond(
        found(await domain.links.verifyKyc(params.id)),
        { resource: 'client', id: params.id },
        { found: ({ value }) => ({ status: 200, body: value }) },
      ),
  );

  routes.admin(
    {
      method: 'get',
      path: '/admin/routing',
      operationId: 'adminGetRouting',
      summary: 'The routing table: debtor country → collection partner',
      tags,
      responses: { 200: { description: 'Routes and collection partners', schema: RoutingTable } },
    },
    async () => ({ status: 200, body: await domain.routing.list() }),
  );

  routes.admin(
    {
      method: 'put',
      path: '/admin/routing/:country',
      operationId: 'adminSetRoute',
      summary: 'Route a country’s debtors to a collection partner; its waiting cases start',
      tags,
      params: CountryParams,
      body: RouteBody,
      responses: {
        200: {
          description: 'The route, and how many pending cases started',
          schema: z.object({ route: RoutingEntry, casesStarted: z.number().int() }),
        },
      },
    },
    async ({ params, body }) => {
      const result = await domain.routing.set(params.country, body.collectionPartnerId);
      if (result.outcome === 'unknown_collection_partner') {
        throw validationProblem(
          [{ field: 'collectionPartnerId', message: 'no such collection partner' }],
          `No collection partner ${body.collectionPartnerId}; GET /admin/routing lists them.`,
        );
      }
      return { status: 200, body: { route: result.route, casesStarted: result.casesStarted } };
    },
  );
}
