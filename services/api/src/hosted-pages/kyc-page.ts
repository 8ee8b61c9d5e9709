import { OWNER_ROWS, type KycFormErrors, type KycFormField, type KycPage } from '@referral/domain';
import { dateTime, html, page, type Html } from './html';
import { errorSummary } from './signature-form-html';

// A client acting on its own has no partner: the pages wear the platform's look.
const PLATFORM = { name: 'Debt collection platform', branding: {} };

function frame(p: KycPage, title: string, body: Html) {
  const look = p.partner ?? PLATFORM;
  return page({ title, partnerName: look.name, branding: look.branding, body });
}

/** The form's field errors, and `form` when the upload could not be read at all. */
export type KycPageErrors = KycFormErrors & { form?: string };

/** What the client typed, shown again with the errors; never the file. */
export type KycValues = Partial<Record<KycFormField, string>>;

interface FieldOptions {
  type?: 'text' | 'date';
  autocomplete?: string;
  hint?: string;
  required?: boolean;
}

function field(
  name: KycFormField,
  label: string,
  values: KycValues,
  errors: KycFormErrors,
  options: FieldOptions = {},
) {
  const error = errors[name];
  const describedBy = [options.hint ? `${name}-hint` : '', error ? `${name}-error` : '']
    .filter(Boolean)
    .join(' ');
  return html`<label for="${name}"
      >${label}${options.required === false ? ' (optional)' : ''}</label
    >
    ${options.hint ? html`<p class="hint" id="${name}-hint">${options.hint}</p>` : ''}
    <input
      type="${options.type ?? 'text'}"
      id="${name}"
      name="${name}"
      value="${values[name] ?? ''}"
      ${options.autocomplete ? html` autocomplete="${options.autocomplete}"` : ''}
      ${options.required === false ? '' : html` required`}
      ${describedBy ? html` aria-describedby="${describedBy}"` : ''}
      ${error ? html` aria-invalid="true"` : ''}
    />
    ${error ? html`<p class="error" id="${name}-error">${error}</p>` : ''}`;
}

function checkbox(name: KycFormField, label: string, errors: KycFormErrors, checked: boolean) {
  const error = errors[name];
  return html`<div class="check">
    <input
      type="checkbox"
      id="${name}"
      name="${name}"
      value="yes"
      ${checked ? html` checked` : ''}
      ${error ? html` aria-invalid="true" aria-describedby="${name}-error"` : ''}
    />
    <label for="${name}">${label}</label>
    ${error ? html`<p class="error" id="${name}-error">${error}</p>` : ''}
  </div>`;
}

/** The KYC form: the legal representative, the address, owners over 25 % and an identity document. */
export function kycForm(p: KycPage, values: KycValues = {}, errors: KycPageErrors = {}): string {
  const f = (name: KycFormField, label: string, options?: FieldOptions) =>
    field(name, label, values, errors, options);
  const body = html`<h1>Verify ${p.companyName}</h1>
    ${errorSummary(errors)}
    ${
      p.rejection
        ? html`<div class="error-summary" role="status">
            <p class="error">Your last submission was not accepted:</p>
            <p>${p.rejection.reason}</p>
            <p class="hint">Correct it below and submit again.</p>
          </div>`
        : ''
    }
    <p>
      Before ${p.companyName} can submit cases, the platform must verify who runs and owns it (“know
      your customer”). An operator reviews what you send here, usually within one working day.
    </p>
    <form id="form" method="post" enctype="multipart/form-data" novalidate>
      <fieldset>
        <legend>Legal representative</legend>
        ${f('legalRepresentative', 'Full name', { autocomplete: 'name' })}
        ${f('dateOfBirth', 'Date of birth', { type: 'date', hint: 'They must be 18 or older.' })}
      </fieldset>
      <fieldset>
        <legend>Registered address of the company</legend>
        ${f('addressLine1', 'Street and number', { autocomplete: 'address-line1' })}
        ${f('addressLine2', 'Address line 2', { autocomplete: 'address-line2', required: false })}
        ${f('postalCode', 'Postal code', { autocomplete: 'postal-code' })}
        ${f('city', 'City', { autocomplete: 'address-level2' })}
        ${f('country', 'Country', { autocomplete: 'country', hint: 'Two-letter code, e.g. DE' })}
      </fieldset>
      <fieldset>
        <legend>Beneficial owners (more than 25 %)</legend>
        <p class="hint">
          Everyone who owns more than 25 % of the company, directly or indirectly. Leave the rows
          you do not need empty.
        </p>
        ${OWNER_ROWS.map(
          (n) =>
            html`<h2 class="hint">Owner ${n}</h2>
              ${f(`owner${n}Name`, `Owner ${n}: full name`, { required: false })}
              ${f(`owner${n}DateOfBirth`, `Owner ${n}: date of birth`, {
                type: 'date',
                required: false,
              })}
              ${f(`owner${n}Percent`, `Owner ${n}: share in %`, { required: false })}`,
        )}
        ${checkbox(
          'noOwnerOver25',
          'No one owns more than 25 % of the company.',
          errors,
          values.noOwnerOver25 === 'yes',
        )}
      </fieldset>
      <fieldset>
        <legend>Identity document of the legal representative</legend>
        <label for="document">Passport or ID card</label>
        <p class="hint" id="document-hint">One PDF, JPEG or PNG file, at most 5 MB.</p>
        <input
          type="file"
          id="document"
          name="document"
          accept="application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png"
          required
          aria-describedby="document-hint${errors.document ? ' document-error' : ''}"
          ${errors.document ? html` aria-invalid="true"` : ''}
        />
        ${errors.document ? html`<p class="error" id="document-error">${errors.document}</p>` : ''}
      </fieldset>
      ${checkbox(
        'confirm',
        `I confirm these details are correct and I may give them on ${p.companyName}’s behalf.`,
        errors,
        false,
      )}
      <div class="actions">
        <button type="submit" class="primary">Submit for verification</button>
      </div>
    </form>
    <p class="hint">This page is valid until ${dateTime(p.expiresAt)}.</p>`;
  return frame(p, 'Verify your company', body);
}

/** Submitted (now or earlier): an operator reviews it; no new form meanwhile. */
export function kycUnderReview(p: KycPage, justSubmitted = false): string {
  const body = html`<h1>${justSubmitted ? 'Details submitted' : 'Under review'}</h1>
    <p role="status">
      ${justSubmitted ? 'Thank you. ' : ''}The platform is reviewing ${p.companyName}’s details
      ${p.submittedAt ? html`(submitted ${dateTime(p.submittedAt)})` : ''}. You will hear from your
      software provider once it is done; there is nothing more to do now. You can close this page.
    </p>`;
  return frame(p, 'Under review', body);
}

export function kycVerified(p: KycPage): string {
  const body = html`<h1>Company verified</h1>
    <p role="status">
      ${p.companyName} is verified and can submit cases. You can close this page.
    </p>`;
  return frame(p, 'Company verified', body);
}

export function kycExpired(p: KycPage): string {
  const body = html`<h1>This link has expired</h1>
    <p>
      The link expired on ${dateTime(p.expiresAt)} and nothing was submitted. Ask your software
      provider for a new one: submitting a case again gives it one.
    </p>`;
  return frame(p, 'Link expired', body);
}
