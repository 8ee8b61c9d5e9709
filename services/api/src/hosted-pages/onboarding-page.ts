import type { OnboardingPage } from '@referral/domain';
import { dateTime, details, html, page } from './html';
import { errorSummary, signatureForm, type FormErrors } from './signature-form-html';
import { usersSection, type UserFormErrors, type UserFormValues } from './users-section-html';

function companyDetails(p: OnboardingPage) {
  return details([
    ['Company', p.companyName],
    ['Registration number', p.registrationNumber],
    ['Country', p.country],
    ['Contact email', p.contactEmail],
    ['Contact name', p.contactName],
  ]);
}

/** Where the page's forms post: path-absolute, as the page also answers on its users path. */
export const onboardingPaths = (token: string) => ({
  sign: `/onboarding/${token}`,
  users: `/onboarding/${token}/users`,
});

/**
 * The form: confirm details, add users, tick the SDCA box, type a name. Errors
 * (of the signature, or of the user being added) are announced and linked.
 */
export function onboardingForm(
  p: OnboardingPage,
  token: string,
  form: {
    signerName?: string;
    errors?: FormErrors;
    user?: { values: UserFormValues; errors: UserFormErrors };
  } = {},
): string {
  const paths = onboardingPaths(token);
  const body = html`<h1>Confirm your company and sign the agreement</h1>
    ${errorSummary(form.errors ?? {})}
    <p>
      ${p.partner.name} works with our debt-collection platform. Check the details of your company,
      add the people who will use the platform, then sign the Standard Debt Collection Agreement
      (SDCA) so that you can submit cases.
    </p>
    <h2>Your company</h2>
    ${companyDetails(p)} ${usersSection({ users: p.users, usersAction: paths.users, ...form.user })}
    <h2>The agreement</h2>
    ${signatureForm({
      action: paths.sign,
      legend: 'Standard Debt Collection Agreement (SDCA)',
      summary: html`<p>
        The SDCA lets the platform and its collection partners collect unpaid invoices on your
        behalf, for a commission on what is recovered. Nothing is due unless a debtor pays.
      </p>`,
      acceptLabel:
        'I confirm these company details are correct and I accept the SDCA on the company’s behalf.',
      submitLabel: 'Sign and complete onboarding',
      signerName: form.signerName,
      errors: form.errors ?? {},
    })}
    <p class="hint">This page is valid until ${dateTime(p.expiresAt)}.</p>`;
  return page({
    title: 'Onboarding',
    partnerName: p.partner.name,
    branding: p.partner.branding,
    body,
  });
}

/** After signing, or when the page is opened again afterwards. */
export function onboardingDone(p: OnboardingPage): string {
  const body = html`<h1>Onboarding complete</h1>
    <p role="status">
      ${p.companyName} has signed the SDCA. ${p.partner.name} has been told; you can close this
      page.
    </p>
    ${companyDetails(p)}
    ${
      p.users.length
        ? html`<h2>Users</h2>
            <ul>
              ${p.users.map((u) => html`<li>${u.name} (${u.email}), ${u.role}</li>`)}
            </ul>`
        : ''
    }`;
  return page({
    title: 'Onboarding complete',
    partnerName: p.partner.name,
    branding: p.partner.branding,
    body,
  });
}

export function onboardingExpired(p: OnboardingPage): string {
  const body = html`<h1>This onboarding link has expired</h1>
    <p>
      The link expired on ${dateTime(p.expiresAt)} and nothing was signed. Ask ${p.partner.name} for
      a new link.
    </p>`;
  return page({
    title: 'Link expired',
    partnerName: p.partner.name,
    branding: p.partner.branding,
    body,
  });
}
