import { z } from 'zod';
import {
  CaseDetail,
  CaseFilter,
  CreateCaseInput,
  decodeKeyset,
  PartnerCase,
  toPartnerCase,
  type CreateCaseOutcome,
} from '@referral/domain';
import { ContractType } from '@referral/events';
import type { AppDeps } from '../app-deps';
import { fail, found, respond, type Reply } from '../http/outcomes';
import { HttpProblem, Problem, PROBLEM_CONTENT_TYPE, validationProblem } from '../http/problem';
import type { RouteRegistry } from '../http/route-registry';
import { named } from '../openapi/json-schema';

const tags = ['Cases'];

named(PartnerCase, 'Case');
named(CaseDetail, 'CaseDetail');

const ContractRequired = named(
  Problem.extend({
    outcome: z.literal('contract_required'),
    missing: z.array(ContractType).describe('Contracts the client has not signed yet'),
    solutionUrl: z.url().describe('Send the client here to sign them; then repeat the request'),
    solutionUrlExpiresAt: z.string(),
  }),
  'ContractRequiredProblem',
);

export const CaseReferenceParams = z.object({
  reference: z
    .string()
    .regex(/^DEB-\d+$/, 'expected a case reference like DEB-10482')
    .describe('The case reference, DEB-<number>'),
});

const CaseListQuery = CaseFilter.extend({
  limit: z.coerce.number().int().min(1).max(100).default(20).describe('Page size, 1 to 100'),
  cursor: z
    .string()
    .max(1024)
    .refine((c) => decodeKeyset(c) !== undefined, 'is not a cursor this API returned')
    .optional()
    .describe('`nextCursor` of the previous page, with the same sort'),
}).refine((q) => !q.cursor || decodeKeyset(q.cursor)?.sort === q.sort, {
  path: ['cursor'],
  message: 'was returned for another sort; keep sort the same while paging',
});

const CasePage = named(
  z.object({ data: z.array(PartnerCase), nextCursor: z.string().nullable() }),
  'CasePage',
);

/**
 * The refusals of case creation, shared by the customer API and the admin API:
 * each a problem that says what to do next.
 */
export function caseCreationProblem(
  result: Exclude<CreateCaseOutcome, { outcome: 'created' }>,
  { clientId, clientField }: { clientId: string; clientField: string },
): HttpProblem {
  switch (result.outcome) {
    case 'client_not_found':
      return fail('not_found', { resource: 'client', id: clientId, field: clientField });
    case 'unsupported_currency':
      return validationProblem(
        [{ field: 'invoice.currency', message: `${result.currency} is not supported` }],
        `The platform has no exchange rate for ${result.currency}, so it cannot take cases in it.`,
      );
    case 'duplicate_invoice':
      return new HttpProblem({
        status: 409,
        type: 'duplicate-invoice',
        title: 'Case already exists for this invoice',
        detail: `The client already has case ${result.reference} for this invoice number.`,
        errors: [{ field: 'invoice.number', message: `already used by ${result.reference}` }],
        extensions: { outcome: result.outcome, reference: result.reference },
      });
    case 'kyc_required':
      return new HttpProblem({
        status: 422,
        type: 'kyc-required',
        title: 'KYC required',
        detail:
          'The platform has not verified this company’s identity (KYC) yet. No case can be created ' +
          'until it has, whatever allowPendingContracts says; nothing the client signs changes that.',
        extensions: { outcome: result.outcome, missing: ['kyc'] },
      });
    case 'contract_required':
      return new HttpProblem({
        status: 422,
        type: 'contract-required',
        title: 'Contracts required',
        detail:
          `The client must sign ${result.missing.join(', ')} before this case can start. Send it ` +
          'solutionUrl, then repeat this request; or send allowPendingContracts: true to create ' +
          'the case pending now.',
        extensions: {
          outcome: result.outcome,
          missing: result.missing,
          solutionUrl: result.solutionUrl,
          solutionUrlExpiresAt: result.solutionUrlExpiresAt,
        },
      });
  }
}

/** Cases: created through the customer API, read by the partner. */
export function caseRoutes(routes: RouteRegistry, { domain }: AppDeps): void {
  routes.customer(
    {
      method: 'post',
      path: '/v1/cases',
      operationId: 'createCase',
      summary: 'Open a collection case for the client this token acts for',
      description:
        'Checks, in order: the fields (400), one case per invoice number (409), KYC (422 ' +
        '`kyc-required`, whatever the flag), contracts the debtor’s country needs (422 ' +
        '`contract-required` with `solutionUrl`, or a pending case with `allowPendingContracts`). ' +
        'The case is routed to a collection partner by the debtor’s country; with none it stays pending.',
      tags: ['Customer API'],
      body: CreateCaseInput,
      responses: {
        201: {
          description: 'The case (status pending with pendingReason when it waits)',
          schema: PartnerCase,
        },
        422: {
          description: 'contract-required or kyc-required',
          schema: ContractRequired.or(
            Problem.extend({
              outcome: z.literal('kyc_required'),
              missing: z.array(z.literal('kyc')),
            }),
          ),
          contentType: PROBLEM_CONTENT_TYPE,
        },
      },
      problems: [409],
    },
    async ({ customer, body }): Promise<Reply> => {
      const result = await domain.caseCreation.create(
        customer.clientId,
        { source: 'partner_api', partnerId: customer.partnerId },
        body,
      );
      if (result.outcome !== 'created')
        throw caseCreationProblem(result, {
          clientId: customer.clientId,
          clientField: 'Authorization',
        });
      return {
        status: 201,
        body: toPartnerCase(result.case, customer.partnerId),
        headers: { location: `/v1/cases/${result.case.reference}` },
      };
    },
  );

  routes.partner(
    {
      method: 'get',
      path: '/v1/cases',
      operationId: 'listCases',
      summary: 'List the cases of your clients',
      tags,
      query: CaseListQuery,
      responses: { 200: { description: 'A page of cases', schema: CasePage } },
    },
    async ({ tenantId, query: { limit, cursor, ...filter } }) => ({
      status: 200,
      body: await domain.cases.list(tenantId, filter, {
        limit,
        after: cursor ? decodeKeyset(cursor) : undefined,
      }),
    }),
  );

  routes.partner(
    {
      method: 'get',
      path: '/v1/cases/:reference',
      operationId: 'getCase',
      summary: 'One case: contracts, payouts with your fee (or why none), timeline, messages',
      tags,
      params: CaseReferenceParams,
      responses: { 200: { description: 'The case', schema: CaseDetail } },
    },
    async ({ tenantId, params }) =>
      respond(
        found(await domain.cases.detail(tenantId, params.reference)),
        { resource: 'case', id: params.reference, field: 'reference' },
        { found: ({ value }) => ({ status: 200, body: value }) },
      ),
  );
}
