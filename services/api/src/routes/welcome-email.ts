import { z } from 'zod';
import { pageOf } from '@referral/db';
import {
  RenderedWelcomeEmail,
  TEMPLATE_VARIABLES,
  WelcomeEmailMessage,
  WelcomeEmailTemplate,
  WelcomeEmailTemplateInput,
} from '@referral/domain';
import type { AppDeps } from '../app-deps';
import { found, respond } from '../http/outcomes/respond';
import { welcomeEmailProblems } from '../http/outcomes/welcome-email';
import type { Reply } from '../http/outcomes/respond';
import type { RouteDoc, RouteRegistry } from '../http/route-registry';
import type { InputSchemas, ParsedInput } from '../http/validate';
import { named } from '../openapi/json-schema';
import { PageQuery } from '../schemas';

const tags = ['Welcome email'];
const base = '/v1/welcome-email';
const adminBase = '/admin/partners/:id/welcome-email';

named(WelcomeEmailTemplateInput, 'WelcomeEmailTemplateInput');
named(WelcomeEmailTemplate, 'WelcomeEmailTemplate');
const MessagePage = named(pageOf(WelcomeEmailMessage), 'WelcomeEmailMessagePage');
const PartnerParams = z.object({ id: z.uuid().describe('The Partner GUID') });
const PreviewBody = WelcomeEmailTemplateInput.pick({ subject: true, html: true }).partial();

const variables =
  'Variables: ' +
  Object.entries(TEMPLATE_VARIABLES)
    .map(([name, about]) => `\`{{${name}}}\` (${about})`)
    .join(', ') +
  '. `{{#if variable}}…{{else}}…{{/if}}` and `{{#unless}}` are the only blocks; `{{{…}}}` is refused.';

/**
 * The welcome email a partner's clients get when they sign the SDCA: the
 * partner manages its template with its API key, operators any partner's
 * under /admin/partners/:id. Sending is the dispatcher's.
 */
export function welcomeEmailRoutes(routes: RouteRegistry, { domain }: AppDeps): void {
  const emails = domain.welcomeEmails;

  /** Register a partner route and its operator twin, one handler taking the partner's id. */
  const both = <S extends Pick<InputSchemas, 'query' | 'body'>>(
    spec: RouteDoc & S,
    adminOperationId: string,
    handle: (partnerId: string, input: Pick<ParsedInput<S>, 'query' | 'body'>) => Promise<Reply>,
  ) => {
    routes.partner(spec, (input) => handle(input.tenantId, input));
    routes.admin(
      {
        ...spec,
        path: spec.path.replace(base, adminBase),
        operationId: adminOperationId,
        summary: `${spec.summary} (any partner)`,
        tags: ['Admin'],
        params: PartnerParams,
      },
      (input) => handle(input.params.id, input),
    );
  };

  both(
    {
      method: 'get',
      path: base,
      operationId: 'getWelcomeEmail',
      summary: 'The welcome email template',
      tags,
      responses: { 200: { description: 'The template', schema: WelcomeEmailTemplate } },
    },
    'adminGetWelcomeEmail',
    async (partnerId) =>
      respond(
        found(await emails.get(partnerId)),
        welcomeEmailProblems,
        { id: partnerId, field: 'id' },
        {
          found: ({ value }) => ({ status: 200, body: value }),
        },
      ),
  );

  both(
    {
      method: 'put',
      path: base,
      operationId: 'putWelcomeEmail',
      summary: 'Create or replace the welcome email template',
      description:
        'When one of your clients signs the SDCA, the platform sends this email to its contact ' +
        'address from `from.address`, which must be on a domain the platform authorised for you. ' +
        'Subject and HTML are Handlebars templates, checked now: a syntax error or an unknown ' +
        `variable is a 400 naming the field. ${variables}`,
      tags,
      body: WelcomeEmailTemplateInput,
      responses: {
        200: { description: 'Replaced', schema: WelcomeEmailTemplate },
        201: { description: 'Created', schema: WelcomeEmailTemplate },
      },
      problems: [422],
    },
    'adminPutWelcomeEmail',
    async (partnerId, { body }) =>
      respond(
        await emails.save(partnerId, body),
        welcomeEmailProblems,
        { id: partnerId, field: 'id' },
        { saved: ({ template, created }) => ({ status: created ? 201 : 200, body: template }) },
      ),
  );

  both(
    {
      method: 'delete',
      path: base,
      operationId: 'deleteWelcomeEmail',
      summary: 'Delete the welcome email template: signings send nothing from now on',
      tags,
      responses: { 204: { description: 'Deleted' } },
    },
    'adminDeleteWelcomeEmail',
    async (partnerId) =>
      respond(
        (await emails.remove(partnerId)) ? { outcome: 'deleted' } : { outcome: 'not_found' },
        welcomeEmailProblems,
        { id: partnerId, field: 'id' },
        { deleted: () => ({ status: 204 }) },
      ),
  );

  both(
    {
      method: 'get',
      path: `${base}/messages`,
      operationId: 'listWelcomeEmailMessages',
      summary: 'The welcome emails sent (or being sent), newest first',
      tags,
      query: PageQuery,
      responses: { 200: { description: 'A page of welcome emails', schema: MessagePage } },
    },
    'adminListWelcomeEmailMessages',
    async (partnerId, { query }) => ({
      status: 200,
      body: await emails.messages(partnerId, query),
    }),
  );

  routes.partner(
    {
      method: 'post',
      path: `${base}/preview`,
      operationId: 'previewWelcomeEmail',
      summary: 'Render a welcome email with sample values',
      description:
        'Renders `subject` and `html` as given, or the saved template’s where left out, with a ' +
        'sample client whose company name shows the HTML escaping. Nothing is stored or sent.',
      tags,
      body: PreviewBody,
      responses: { 200: { description: 'The rendered email', schema: RenderedWelcomeEmail } },
    },
    async ({ tenantId, body }) => {
      const saved = body.subject && body.html ? undefined : await emails.get(tenantId);
      const subject = body.subject ?? saved?.subject;
      const html = body.html ?? saved?.html;
      const rendered =
        subject !== undefined && html !== undefined
          ? await emails.preview(tenantId, { subject, html })
          : undefined;
      return respond(
        found(rendered),
        welcomeEmailProblems,
        { id: tenantId, field: 'id' },
        {
          found: ({ value }) => ({ status: 200, body: value }),
        },
      );
    },
  );
}
