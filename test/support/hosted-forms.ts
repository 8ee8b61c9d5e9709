/** A hosted page's form, posted as a browser without script posts it (urlencoded). */
export async function postHostedForm(url: string, form: Record<string, string>) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  return { status: response.status, html: await response.text() };
}

/** A valid KYC form: one owner over 25 %. */
export const KYC_FIELDS: Record<string, string> = {
  legalRepresentative: 'Ingrid Dahl',
  dateOfBirth: '1980-05-17',
  addressLine1: 'Hauptstraße 5',
  postalCode: '10115',
  city: 'Berlin',
  country: 'DE',
  owner1Name: 'Ingrid Dahl',
  owner1Percent: '60',
  confirm: 'yes',
};

/** The smallest file that is a PDF by its first bytes. */
const PDF = '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n';

/** The KYC form (a `solutionUrl`), posted multipart with a PDF as the document. */
export async function submitKycForm(url: string, overrides: Record<string, string> = {}) {
  const form = new FormData();
  for (const [name, value] of Object.entries({ ...KYC_FIELDS, ...overrides })) {
    form.append(name, value);
  }
  form.append('document', new Blob([PDF], { type: 'application/pdf' }), 'passport.pdf');
  const response = await fetch(url, { method: 'POST', body: form });
  return { status: response.status, html: await response.text() };
}

/** The README's case: a debtor in Austria, where a power of attorney is needed too. */
export const README_CASE = {
  debtor: {
    name: 'Bäckerei Sommer OHG',
    type: 'company',
    country: 'AT',
    email: 'ap@sommer.example',
  },
  invoice: {
    number: 'INV-1',
    amountMinor: 125000,
    currency: 'EUR',
    issueDate: '2026-09-01',
    dueDate: '2026-10-01',
  },
};
