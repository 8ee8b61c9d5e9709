import {
  AdminCase,
  AdminCreateCaseInput,
  CaseMessage,
  CaseMessageInput,
  CaseProgressInput,
  toAdminCase,
} from '@referral/domain';
import type { AppDeps } from '../../app-deps';
import { caseProblems } from '../../http/outcomes/cases';
import { found, respond } from '../../http/outcomes/respond';
import type { RouteRegistry } from '../../http/route-registry';
import { named } from '../../openapi/json-schema';
import { CaseReferenceParams } from '../../schemas';

const tags = ['Admin'];

named(AdminCase, 'AdminCase');

/** Operators: cases from other sources, their status and milestone, their messages. */
export function adminCaseRoutes(routes: RouteRegistry, { domain }: AppDeps): void {
  const subject = (reference: string) => ({ id: reference, field: 'reference' });

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
    async ({ body: { clientId, source, ...input } }) =>
      respond(
        await domain.caseCreation.create(clientId, { source }, input),
        caseProblems,
        { id: clientId, field: 'clientId' },
        { created: ({ case: row }) => ({ status: 201, body: toAdminCase(row) }) },
      ),
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
        caseProblems,
        subject(params.reference),
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
    async ({ params, body }) =>
      respond(
        await domain.caseProgress.move(params.reference, body),
        caseProblems,
        subject(params.reference),
        { moved: ({ case: row }) => ({ status: 200, body: toAdminCase(row) }) },
      ),
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
        caseProblems,
        subject(params.reference),
        { sent: ({ message }) => ({ status: 201, body: message }) },
      ),
  );
}
