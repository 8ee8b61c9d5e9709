import { templateProblems, TEMPLATE_VARIABLES } from '../src/welcome-email/template-check';
import { renderWelcomeEmail, sampleValues } from '../src/welcome-email/welcome-email-template';
import { senderDomainAllowed } from '../src/welcome-email/sender-domain';

const values = (client: Partial<ReturnType<typeof sampleValues>['client']> = {}) => {
  const sample = sampleValues({ name: 'Acme', logoUrl: null });
  return { ...sample, client: { ...sample.client, ...client } };
};

describe('templateProblems', () => {
  it('accepts every documented variable, comments, and if/unless/else blocks', () => {
    const all = Object.keys(TEMPLATE_VARIABLES)
      .map((name) => `{{${name}}}`)
      .join(' ');
    expect(
      templateProblems(
        `${all}{{!-- a note --}}{{#if client.contactName}}a{{else}}b{{/if}}{{#unless partner.logoUrl}}c{{/unless}}`,
      ),
    ).toEqual([]);
  });

  it('names each problem with its line', () => {
    expect(templateProblems('ok\n{{client.iban}}\n{{{client.companyName}}}')).toEqual([
      expect.stringMatching(/^line 2: unknown variable \{\{client\.iban\}\}/),
      expect.stringMatching(/^line 3: \{\{\{…\}\}\} and \{\{&…\}\} are not allowed/),
    ]);
  });

  it.each([
    ['{{@root.client.companyName}}'],
    ['{{../client.companyName}}'],
    ['{{this}}'],
    ['{{#with client}}{{companyName}}{{/with}}'],
    ['{{#if (lookup client "x")}}x{{/if}}'],
    ['{{client.companyName.length}}'],
    ['{{constructor}}'],
  ])('refuses %s', (source) => {
    expect(templateProblems(source).length).toBeGreaterThan(0);
  });
});

describe('renderWelcomeEmail', () => {
  it('escapes every value in the HTML and none in the subject, which stays on one line', () => {
    const rendered = renderWelcomeEmail(
      { subject: 'Hi {{client.companyName}}', html: '<b>{{client.companyName}}</b>' },
      values({ companyName: `A<b>&"'\`=\r\nBcc: x@example.com` }),
    );
    expect(rendered.html).toBe(
      '<b>A&lt;b&gt;&amp;&quot;&#x27;&#x60;&#x3D;\r\nBcc: x@example.com</b>',
    );
    expect(rendered.subject).toBe(`Hi A<b>&"'\`= Bcc: x@example.com`);
    // The text alternative is plain text: the name as written.
    expect(rendered.text).toContain('A<b>&"\'`=');
  });

  it('renders an empty optional value as nothing, and its {{else}} branch', () => {
    const rendered = renderWelcomeEmail(
      {
        subject: 's',
        html: 'Dear {{#if client.contactName}}{{client.contactName}}{{else}}customer{{/if}}.',
      },
      values({ contactName: null }),
    );
    expect(rendered.html).toBe('Dear customer.');
  });
});

describe('senderDomainAllowed', () => {
  it('allows the domain and its subdomains, case-insensitively, nothing else', () => {
    const domains = ['acme.example'];
    expect(senderDomainAllowed('a@acme.example', domains)).toBe(true);
    expect(senderDomainAllowed('a@Mail.ACME.example', domains)).toBe(true);
    expect(senderDomainAllowed('a@notacme.example', domains)).toBe(false);
    expect(senderDomainAllowed('a@acme.example.org', domains)).toBe(false);
    expect(senderDomainAllowed('a@acme.example', [])).toBe(false);
  });
});
