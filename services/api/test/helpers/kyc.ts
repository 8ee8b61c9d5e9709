/** A file for the KYC form's upload. */
export interface TestFile {
  content: Buffer;
  fileName: string;
  type: string;
}

/** The smallest files that are what they say, by their magic bytes. */
export const PDF: TestFile = {
  content: Buffer.from(
    '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
  ),
  fileName: 'passport.pdf',
  type: 'application/pdf',
};
export const PNG: TestFile = {
  content: Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    Buffer.alloc(64, 1),
  ]),
  fileName: 'id-card.png',
  type: 'image/png',
};

/** A valid KYC form (one owner over 25 %). */
export const KYC_FORM: Record<string, string> = {
  legalRepresentative: 'Ingrid Dahl',
  dateOfBirth: '1980-05-17',
  addressLine1: 'Hauptstraße 5',
  addressLine2: '',
  postalCode: '10115',
  city: 'Berlin',
  country: 'DE',
  owner1Name: 'Ingrid Dahl',
  owner1DateOfBirth: '',
  owner1Percent: '60',
  confirm: 'yes',
};

export const kycForm = (overrides: Record<string, string>) => ({ ...KYC_FORM, ...overrides });

/** Post the KYC form as a browser does: multipart, the files under `document`. */
export async function postKyc(
  url: string,
  form: Record<string, string>,
  ...files: (TestFile | undefined)[]
) {
  const body = new FormData();
  for (const [name, value] of Object.entries(form)) body.append(name, value);
  for (const file of files) {
    if (file) body.append('document', new Blob([file.content], { type: file.type }), file.fileName);
  }
  const response = await fetch(url, { method: 'POST', body });
  return { status: response.status, html: await response.text() };
}

/** Post a body as is, under any content type (malformed multipart). */
export async function rawPost(url: string, contentType: string, body: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body,
  });
  return { status: response.status, html: await response.text() };
}
