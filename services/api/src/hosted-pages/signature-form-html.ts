import { html, type Html } from './html';

/** Field errors of a signing form, as the domain's schema reports them. */
export type FormErrors = {
  accept?: string;
  signerName?: string;
};

/** A form's errors, announced on load and each linking to its field (keyed by the field's id). */
export function errorSummary<K extends string>(errors: Partial<Record<K, string>>) {
  const failed = Object.entries(errors).filter(([, message]) => message);
  if (!failed.length) return '';
  return html`<div class="error-summary" role="alert" aria-labelledby="error-title">
    <p id="error-title" class="error">The form could not be sent:</p>
    <ul>
      ${failed.map(([field, message]) => html`<li><a href="#${field}">${message}</a></li>`)}
    </ul>
  </div>`;
}

/**
 * A signing form: what is signed (legend and summary), a box to tick, and a
 * typed name as the signature.
 */
export function signatureForm(options: {
  legend: string;
  summary: Html;
  acceptLabel: string;
  submitLabel: string;
  signerName?: string;
  errors: FormErrors;
  /** Where the form posts; the page's own URL when not given. */
  action?: string;
}) {
  const { errors } = options;
  return html`<form
    method="post"
    ${options.action ? html`action="${options.action}"` : ''}
    novalidate
  >
    <fieldset>
      <legend>${options.legend}</legend>
      <div class="hint" id="contract-summary">${options.summary}</div>
      <div class="check">
        <input
          type="checkbox"
          id="accept"
          name="accept"
          value="yes"
          aria-describedby="contract-summary${errors.accept ? ' accept-error' : ''}"
          ${errors.accept ? html` aria-invalid="true"` : ''}
        />
        <label for="accept">${options.acceptLabel}</label>
        ${errors.accept ? html`<p class="error" id="accept-error">${errors.accept}</p>` : ''}
      </div>
      <label for="signerName">Your full name (your typed signature)</label>
      <input
        type="text"
        id="signerName"
        name="signerName"
        autocomplete="name"
        required
        value="${options.signerName ?? ''}"
        ${errors.signerName ? html` aria-invalid="true" aria-describedby="signerName-error"` : ''}
      />
      ${errors.signerName ? html`<p class="error" id="signerName-error">${errors.signerName}</p>` : ''}
    </fieldset>
    <div class="actions">
      <button type="submit" class="primary">${options.submitLabel}</button>
    </div>
  </form>`;
}
