import { pageOf } from '@referral/db';
import {
  ClientRecord,
  KycQueueItem,
  KycRejection,
  KycReviewRecord,
  KycSubmissionStatus,
} from '@referral/domain';
import type { AppDeps } from '../../app-deps';
import { clientProblems } from '../../http/outcomes/clients';
import { kycProblems } from '../../http/outcomes/kyc';
import { found, respond } from '../../http/outcomes/respond';
import type { RouteRegistry } from '../../http/route-registry';
import { IdParams, PageQuery } from '../../schemas';

const tags = ['Admin'];

const KycQueueQuery = PageQuery.extend({
  status: KycSubmissionStatus.default('submitted').describe(
    'Submissions in this state; `submitted` (the default) is what waits for review',
  ),
});

/** Operators' view of a company: every partner's link to it, and its KYC. */
export function adminClientRoutes(routes: RouteRegistry, { domain }: AppDeps): void {
  routes.admin(
    {
      method: 'get',
      path: '/admin/clients/:id',
      operationId: 'adminGetClient',
      summary: 'A company with every partner’s link to it',
      tags,
      params: IdParams,
      responses: { 200: { description: 'The client and its links', schema: ClientRecord } },
    },
    async ({ params }) =>
      respond(found(await domain.links.client(params.id)), clientProblems, params, {
        found: ({ value }) => ({ status: 200, body: value }),
      }),
  );

  routes.admin(
    {
      method: 'post',
      path: '/admin/clients/:id/kyc',
      operationId: 'adminVerifyKyc',
      summary: 'Record that the platform verified the company out of band (KYC)',
      description:
        'Its cases can now be created; linked partners hear client.kyc_verified. A submission under ' +
        'review counts as approved. Verifying again changes nothing and keeps the first time.',
      tags,
      params: IdParams,
      responses: { 200: { description: 'The client', schema: ClientRecord } },
    },
    async ({ params }) => {
      const verified = await domain.kyc.verify(params.id);
      const client = verified === 'verified' ? await domain.links.client(params.id) : undefined;
      return respond(found(client), clientProblems, params, {
        found: ({ value }) => ({ status: 200, body: value }),
      });
    },
  );

  routes.admin(
    {
      method: 'get',
      path: '/admin/kyc-submissions',
      operationId: 'adminListKycSubmissions',
      summary: 'The KYC review queue: submissions in one state, oldest first',
      tags,
      query: KycQueueQuery,
      responses: { 200: { description: 'A page', schema: pageOf(KycQueueItem) } },
    },
    async ({ query }) => ({ status: 200, body: await domain.kyc.list(query) }),
  );

  routes.admin(
    {
      method: 'get',
      path: '/admin/clients/:id/kyc',
      operationId: 'adminGetKyc',
      summary: 'A company’s KYC: its status and the submission to review (document metadata only)',
      tags,
      params: IdParams,
      responses: { 200: { description: 'The KYC record', schema: KycReviewRecord } },
    },
    async ({ params }) =>
      respond(found(await domain.kyc.record(params.id)), kycProblems, params, {
        found: ({ value }) => ({ status: 200, body: value }),
      }),
  );

  routes.admin(
    {
      method: 'get',
      path: '/admin/clients/:id/kyc/document',
      operationId: 'adminGetKycDocument',
      summary: 'Download the identity document of the company’s current KYC submission',
      tags,
      params: IdParams,
      responses: {
        200: {
          description: 'The document as uploaded (PDF, JPEG or PNG), as an attachment',
          contentType: 'application/pdf, image/jpeg, image/png',
        },
      },
    },
    async ({ params }) => {
      if (!(await domain.kyc.record(params.id))) throw kycProblems.not_found(params);
      const doc = await domain.kyc.document(params.id);
      if (!doc) throw kycProblems.no_document(params);
      return {
        status: 200,
        body: doc.content,
        headers: {
          'content-type': doc.contentType,
          'content-disposition': `attachment; filename="${asciiFileName(doc.fileName)}"; filename*=UTF-8''${encodeURIComponent(doc.fileName)}`,
          'x-content-type-options': 'nosniff',
          'cache-control': 'no-store',
        },
      };
    },
  );

  routes.admin(
    {
      method: 'post',
      path: '/admin/clients/:id/kyc/approve',
      operationId: 'adminApproveKyc',
      summary:
        'Approve the KYC submission under review: the company is verified (client.kyc_verified)',
      tags,
      params: IdParams,
      responses: { 200: { description: 'The KYC record', schema: KycReviewRecord } },
      problems: [409],
    },
    async ({ params }) =>
      respond(await domain.kyc.approve(params.id), kycProblems, params, {
        decided: ({ record }) => ({ status: 200, body: record }),
      }),
  );

  routes.admin(
    {
      method: 'post',
      path: '/admin/clients/:id/kyc/reject',
      operationId: 'adminRejectKyc',
      summary: 'Reject the KYC submission under review, saying why (client.kyc_rejected)',
      description:
        'The document is deleted at once. Linked partners hear client.kyc_rejected with the reason ' +
        'and their solutionUrl; the client submits again there.',
      tags,
      params: IdParams,
      body: KycRejection,
      responses: { 200: { description: 'The KYC record', schema: KycReviewRecord } },
      problems: [409],
    },
    async ({ params, body }) =>
      respond(await domain.kyc.reject(params.id, body), kycProblems, params, {
        decided: ({ record }) => ({ status: 200, body: record }),
      }),
  );
}

/** The file name for clients that only read `filename=`: ASCII, no quotes. */
const asciiFileName = (name: string) => name.replace(/[^\x20-\x7e]|["\\]/g, '_');
