import { z } from 'zod';
import { pageOf } from '@referral/db';
import {
  CaseDetail,
  CaseFilter,
  CreateCaseInput,
  decodeKeyset,
  KycStatus,
  PartnerCase,
  toPartnerCase,
} from '@referral/domain';
import { ContractType } from '@referral/events';
import type { AppDeps } from '../app-deps';
import { caseProblems } from '../http/outcomes/cases';
import { found, respond } from '../http/outcomes/respond';
import { Problem, PROBLEM_CONTENT_TYPE } from '../http/problem';
import type { RouteRegistry } from '../http/route-registry';
import { named } from '../openapi/json-schema';
import { CaseReferenceParams } from '../schemas';

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

const KycRequired = named(
  Problem.extend({
    outcome: z.literal('kyc_required'),
    missing: z.array(z.literal('kyc')),
    kycStatus: KycStatus.exclude(['verified']).describe(
      'required: nothing submitted; submitted: under review; rejected: the form says why',
    ),
    solutionUrl: z
      .url()
      .describe('The hosted KYC form; send the client here, then repeat once it is verified'),
    solutionUrlExpiresAt: z.string(),
  }),
  'KycRequiredProblem',
);

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

const CasePage = named(pageOf(PartnerCase), 'CasePage');

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
        '`kyc-required` with `solutionUrl` to the KYC form, whatever the flag), contracts the debtor’s country needs (422 ' +
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
          schema: ContractRequired.or(KycRequired),
          contentType: PROBLEM_CONTENT_TYPE,
        },
      },
      problems: [409],
    },
    async ({ customer, body }) =>
      respond(
        await domain.caseCreation.create(
          customer.clientId,
          { source: 'partner_api', partnerId: customer.partnerId },
          body,
        ),
        caseProblems,
        // The token names the client.
        { id: customer.clientId, field: 'Authorization' },
        {
          created: ({ case: row }) => ({
            status: 201,
            body: toPartnerCase(row, customer.partnerId),
            headers: { location: `/v1/cases/${row.reference}` },
          }),
        },
      ),
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
        caseProblems,
        { id: params.reference, field: 'reference' },
        { found: ({ value }) => ({ status: 200, body: value }) },
      ),
  );
}
