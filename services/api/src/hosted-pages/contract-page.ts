import type { ContractPage } from '@referral/domain';
import type { ContractType } from '@referral/events';
import { dateTime, details, html, page, type Html } from './html';
import { errorSummary, signatureForm, type FormErrors } from './signature-form-html';

const contractNames: Record<ContractType, string> = {
  sdca: 'Standard Debt Collection Agreement (SDCA)',
  power_of_attorney: 'Power of attorney',
  jpa: 'Joint prosecution agreement (JPA)',
};

const contractSummaries: Record<ContractType, string> = {
  sdca: 'Lets the platform and its collection partners collect unpaid invoices on your behalf, for a commission on what is recovered.',
  power_of_attorney:
    'Lets the collection partner act for you before debtors and courts in this country.',
  jpa: 'Lets the collection partner take legal steps jointly with you in this country.',
};

// A client acting on its own has no partner: the pages wear the platform's look.
const PLATFORM = { name: 'Debt collection platform', branding: {} };

function frame(p: ContractPage, title: string, body: Html) {
  const look = p.partner ?? PLATFORM;
  return page({ title, partnerName: look.name, branding: look.branding, body });
}

function contractList(p: ContractPage) {
  return details(
    p.contracts.map((c) => [
      contractNames[c.type],
      c.status === 'signed' ? `Signed ${dateTime(c.signedAt!)}` : 'To sign',
    ]),
  );
}

/** The contracts a case against a debtor in one country needs, and the form to sign those missing. */
export function contractForm(
  p: ContractPage,
  values: { signerName?: string } = {},
  errors: FormErrors = {},
): string {
  const missing = p.contracts.filter((c) => c.status === 'missing');
  const body = html`<h1>Sign the contracts for debtors in ${p.debtorCountry}</h1>
    ${errorSummary(errors)}
    <p>
      Before ${p.companyName} can submit cases against debtors in ${p.debtorCountry}, it must sign
      these contracts.
    </p>
    ${contractList(p)}
    ${signatureForm({
      legend: `Contracts to sign (${missing.length})`,
      summary: html`<ul>
        ${missing.map(
          (c) =>
            html`<li><strong>${contractNames[c.type]}</strong>: ${contractSummaries[c.type]}</li>`,
        )}
      </ul>`,
      acceptLabel: `I accept ${missing.length === 1 ? 'this contract' : 'these contracts'} on ${p.companyName}’s behalf.`,
      submitLabel: 'Sign',
      signerName: values.signerName,
      errors,
    })}
    <p class="hint">This page is valid until ${dateTime(p.expiresAt)}.</p>`;
  return frame(p, 'Sign contracts', body);
}

/** Everything signed: now, or before this page was opened again. */
export function contractsSigned(p: ContractPage): string {
  const body = html`<h1>Contracts signed</h1>
    <p role="status">
      ${p.companyName} can now submit cases against debtors in ${p.debtorCountry}. Cases that were
      waiting for these contracts have started. You can close this page.
    </p>
    ${contractList(p)}`;
  return frame(p, 'Contracts signed', body);
}

export function contractsExpired(p: ContractPage): string {
  const body = html`<h1>This signing link has expired</h1>
    <p>
      The link expired on ${dateTime(p.expiresAt)} and nothing was signed. Submitting the case again
      gives a new link.
    </p>`;
  return frame(p, 'Link expired', body);
}
