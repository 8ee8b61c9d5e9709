import Handlebars from 'handlebars';
import { convert } from 'html-to-text';
import { z } from 'zod';
import { templateProblems, type TemplateVariable } from './template-check';

export const SUBJECT_MAX = 200;
export const HTML_MAX = 100 * 1024;

const EmailAddress = z.email().max(254);

/** Refuses a template the engine cannot parse or that names what it may not. */
const template = (schema: z.ZodString) =>
  schema.superRefine((source, ctx) => {
    for (const message of templateProblems(source)) ctx.addIssue({ code: 'custom', message });
  });

/** What a partner saves: its sender, and the subject and body templates (Handlebars). */
export const WelcomeEmailTemplateInput = z.strictObject({
  from: z.strictObject({
    address: EmailAddress.describe(
      'The sender; its domain must be one an operator authorised for you (mailDomains)',
    ),
    name: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .regex(/^[^\p{Cc}]*$/u, 'must not contain control characters')
      .optional()
      .describe('The sender’s display name'),
  }),
  replyTo: EmailAddress.optional().describe('Where replies go, if not to the sender'),
  subject: template(z.string().min(1).max(SUBJECT_MAX)).describe(
    'Plain-text Handlebars template; line breaks in the result become spaces',
  ),
  html: template(z.string().min(1).max(HTML_MAX)).describe(
    'HTML Handlebars template; every {{variable}} is HTML-escaped, {{{…}}} is refused',
  ),
  enabled: z.boolean().default(true).describe('Whether signings send it; false keeps it unused'),
});
export type WelcomeEmailTemplateInput = z.infer<typeof WelcomeEmailTemplateInput>;

/** A partner's saved welcome email. */
export const WelcomeEmailTemplate = z.object({
  from: z.object({ address: z.string(), name: z.string().nullable() }),
  replyTo: z.string().nullable(),
  subject: z.string(),
  html: z.string(),
  enabled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type WelcomeEmailTemplate = z.infer<typeof WelcomeEmailTemplate>;

/** A welcome email as it goes out. */
export const RenderedWelcomeEmail = z.object({
  subject: z.string(),
  html: z.string(),
  text: z.string().describe('The plain-text alternative, derived from the HTML'),
});
export type RenderedWelcomeEmail = z.infer<typeof RenderedWelcomeEmail>;

type Path<S extends string> = S extends `${infer Head}.${infer Tail}` ? [Head, Tail] : never;
/** The values a template is rendered with, shaped by TEMPLATE_VARIABLES. */
export type TemplateValues = {
  [G in Path<TemplateVariable>[0]]: {
    [K in Path<Extract<TemplateVariable, `${G}.${string}`>>[1]]: string | null;
  };
};

const engine = Handlebars.create();
const COMPILE = { knownHelpersOnly: true, knownHelpers: { if: true, unless: true } } as const;

/**
 * Render a checked template. The HTML escapes every value (Handlebars' `{{ }}`);
 * the subject is a header, so it is not escaped but kept on one line (a CR or
 * LF from a client's field must not start a header of its own).
 */
export function renderWelcomeEmail(
  t: { subject: string; html: string },
  values: TemplateValues,
): RenderedWelcomeEmail {
  const subject = engine
    .compile(t.subject, { ...COMPILE, noEscape: true })(values)
    .replace(/[\r\n\t]+/g, ' ')
    .trim();
  const html = engine.compile(t.html, COMPILE)(values);
  return { subject, html, text: convert(html, { wordwrap: 100 }) };
}

/** What POST /v1/welcome-email/preview renders with: a company name that shows the escaping. */
export function sampleValues(partner: { name: string; logoUrl: string | null }): TemplateValues {
  return {
    client: {
      companyName: 'Müller & Söhne <GmbH>',
      contactName: 'Greta Berg',
      contactEmail: 'greta.berg@example.com',
      country: 'DE',
      registrationNumber: 'HRB 12345',
      externalTenantId: 'tenant-42',
      signerName: 'Greta Berg',
      signedAt: new Date().toISOString().slice(0, 10),
    },
    partner,
  };
}
