import type { OnboardingPage } from '@referral/domain';
import { dateTime, details, html, page } from './html';

export interface FormErrors {
  accept?: string;
  signerName?: string;
}

function companyDetails(p: OnboardingPage) {
  return details([
    ['Company', p.companyName],
    ['Registration number', p.registrationNumber],
    ['Country', p.country],
    ['Contact email', p.contactEmail],
    ['Contact name', p.contactName],
  ]);
}

/** The form: confirm details, tick the SDCA box, type a name. Errors are announced and linked. */
export function onboardingForm(
  p: OnboardingPage,
  values: { signerName?: string } = {},
  errors: FormErrors = {},
): string {
  const failed = Object.entries(errors).filter(([, message]) => message);
  const body = html`<h1>Confirm your company and sign the agreement</h1>
    ${
      failed.length
        ? html`<div class="error-summary" role="alert" aria-labelledby="error-title">
            <p id="error-title" class="error">The form could not be sent:</p>
            <ul>
              ${failed.map(([field, message]) => html`<li><a href="#${field}">${message}</a></li>`)}
            </ul>
          </div>`
        : ''
    }
    <p>
      ${p.partner.name} works with our debt-collection platform. Check the details of your company,
      then sign the Standard Debt Collection Agreement (SDCA) so that you can submit cases.
    </p>
    <h2>Your company</h2>
    ${companyDetails(p)}
    <form method="post" novalidate>
      <fieldset>
        <legend>Standard Debt Collection Agreement (SDCA)</legend>
        <p class="hint" id="sdca-summary">
          The SDCA lets the platform and its collection partners collect unpaid invoices on your
          behalf, for a commission on what is recovered. Nothing is due unless a debtor pays.
        </p>
        <div class="check">
          <input
            type="checkbox"
            id="accept"
            name="accept"
            value="yes"
            aria-describedby="sdca-summary${errors.accept ? ' accept-error' : ''}"
            ${errors.accept ? html` aria-invalid="true"` : ''}
          />
          <label for="accept"
            >I confirm these company details are correct and I accept the SDCA on the company’s
            behalf.</label
          >
          ${errors.accept ? html`<p class="error" id="accept-error">${errors.accept}</p>` : ''}
        </div>
        <label for="signerName">Your full name (your typed signature)</label>
        <input
          type="text"
          id="signerName"
          name="signerName"
          autocomplete="name"
          required
          value="${values.signerName ?? ''}"
          ${errors.signerName ? html` aria-invalid="true" aria-describedby="signerName-error"` : ''}
        />
        ${errors.signerName ? html`<p class="error" id="signerName-error">${errors.signerName}</p>` : ''}
      </fieldset>
      <div class="actions">
        <button type="submit" class="primary">Sign and complete onboarding</button>
      </div>
    </form>
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
    ${companyDetails(p)}`;
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
