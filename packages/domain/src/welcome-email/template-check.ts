import Handlebars from 'handlebars';

/**
 * What a welcome email's templates may name: the client that signed and the
 * partner that sends. Anything else is refused when the template is saved, so
 * a typo never reaches a client as an empty string.
 */
export const TEMPLATE_VARIABLES = {
  'client.companyName': 'The company’s name, as the partner registered it',
  'client.contactName': 'The contact person, when the partner gave one (may be empty)',
  'client.contactEmail': 'The address the email goes to',
  'client.country': 'ISO 3166-1 alpha-2 country code',
  'client.registrationNumber': 'The company registration number',
  'client.externalTenantId': 'Your id for this client (externalTenantId)',
  'client.signerName': 'Who signed the SDCA',
  'client.signedAt': 'When the SDCA was signed, YYYY-MM-DD (UTC)',
  'partner.name': 'Your name on the platform',
  'partner.logoUrl': 'Your branding logo URL (may be empty)',
} as const;
export type TemplateVariable = keyof typeof TEMPLATE_VARIABLES;

const KNOWN = new Set<string>(Object.keys(TEMPLATE_VARIABLES));
/** Block helpers a template may use, each on one variable: `{{#if client.contactName}}…{{/if}}`. */
const BLOCKS = new Set(['if', 'unless']);

/**
 * Why `source` is not a template we accept, one message per problem; empty
 * when it is. Beyond the engine's syntax: values only through `{{variable}}`
 * (escaped), never `{{{…}}}` or `{{&…}}`, which would put a client's own
 * text into the HTML unescaped; no helpers but `if`/`unless`; no partials.
 */
export function templateProblems(source: string): string[] {
  let program: hbs.AST.Program;
  try {
    program = Handlebars.parse(source);
  } catch (err) {
    return [(err as Error).message];
  }
  const problems: string[] = [];
  const at = (node: hbs.AST.Node) => `line ${node.loc.start.line}`;
  const checkPath = (expr: hbs.AST.Expression, where: hbs.AST.Node) => {
    if (expr.type !== 'PathExpression') {
      problems.push(`${at(where)}: only variables may appear in {{ }}, not a ${expr.type}`);
      return;
    }
    const name = (expr as hbs.AST.PathExpression).original;
    if (!KNOWN.has(name)) {
      problems.push(`${at(where)}: unknown variable {{${name}}}; known: ${[...KNOWN].join(', ')}`);
    }
  };
  const visit = (program: hbs.AST.Program | undefined) => {
    for (const node of program?.body ?? []) {
      switch (node.type) {
        case 'ContentStatement':
        case 'CommentStatement':
          break;
        case 'MustacheStatement': {
          const m = node as hbs.AST.MustacheStatement;
          if (!m.escaped) {
            problems.push(
              `${at(m)}: {{{…}}} and {{&…}} are not allowed: every value is HTML-escaped`,
            );
          }
          if (m.params.length > 0 || m.hash) {
            problems.push(`${at(m)}: helpers are not allowed, only {{variable}}`);
          } else {
            checkPath(m.path, m);
          }
          break;
        }
        case 'BlockStatement': {
          const b = node as hbs.AST.BlockStatement;
          const helper = b.path.type === 'PathExpression' ? b.path.original : '';
          if (!BLOCKS.has(helper) || b.params.length !== 1 || b.hash) {
            problems.push(
              `${at(b)}: the only blocks are {{#if variable}} and {{#unless variable}}`,
            );
          } else {
            checkPath(b.params[0]!, b);
          }
          visit(b.program);
          visit(b.inverse);
          break;
        }
        default:
          problems.push(`${at(node)}: ${node.type} is not allowed`);
      }
    }
  };
  visit(program);
  return problems;
}
