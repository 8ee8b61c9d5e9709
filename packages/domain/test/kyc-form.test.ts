import { ageOn, parseKycForm } from '../src/kyc/kyc-form';
import { checkDocument, sniffDocumentType } from '../src/kyc/document-type';

const valid = {
  legalRepresentative: 'Ingrid Dahl',
  dateOfBirth: '1980-05-17',
  addressLine1: 'Hauptstraße 5',
  addressLine2: '',
  postalCode: '10115',
  city: 'Berlin',
  country: 'de',
  owner1Name: 'Ingrid Dahl',
  owner1Percent: '60',
  confirm: 'yes',
};

const errorsOf = (form: Record<string, string>) => {
  const parsed = parseKycForm(form);
  return parsed.ok ? {} : parsed.errors;
};

describe('the KYC form', () => {
  it('turns the posted strings into the details to store', () => {
    expect(parseKycForm(valid)).toEqual({
      ok: true,
      details: {
        legalRepresentative: 'Ingrid Dahl',
        dateOfBirth: '1980-05-17',
        address: { line1: 'Hauptstraße 5', postalCode: '10115', city: 'Berlin', country: 'DE' },
        beneficialOwners: [{ name: 'Ingrid Dahl', percent: 60 }],
        noOwnerOver25: false,
      },
    });
    const none = { ...valid, owner1Name: '', owner1Percent: '', noOwnerOver25: 'yes' };
    expect(parseKycForm(none)).toMatchObject({
      details: { beneficialOwners: [], noOwnerOver25: true },
    });
  });

  it('names every failing field at once, the owners too', () => {
    expect(
      Object.keys(errorsOf({ ...valid, owner1Name: '', owner1Percent: '', confirm: '' })).sort(),
    ).toEqual(['confirm', 'noOwnerOver25']);
    const empty = parseKycForm({});
    expect(empty.ok ? [] : Object.keys(empty.errors).sort()).toEqual([
      'addressLine1',
      'city',
      'confirm',
      'country',
      'dateOfBirth',
      'legalRepresentative',
      'noOwnerOver25',
      'postalCode',
    ]);
  });

  it('counts whole years of age, birthdays included', () => {
    expect(ageOn('2008-03-01', '2026-02-28')).toBe(17);
    expect(ageOn('2008-03-01', '2026-03-01')).toBe(18);
    expect(ageOn('2000-02-29', '2018-02-28')).toBe(17);
  });

  it.each([
    [{ dateOfBirth: '1980-02-30' }, 'dateOfBirth', 'is not a real date'],
    [{ dateOfBirth: '17.05.1980' }, 'dateOfBirth', 'enter the date as YYYY-MM-DD'],
    [{ dateOfBirth: '2999-01-01' }, 'dateOfBirth', 'must be in the past'],
    [
      { dateOfBirth: `${new Date().getUTCFullYear() - 10}-01-01` },
      'dateOfBirth',
      'must be 18 or older',
    ],
    [{ country: 'XX' }, 'country', 'is not an assigned ISO 3166-1 alpha-2 country code'],
    [{ owner1Percent: '25' }, 'owner1Percent', 'must be more than 25 and at most 100'],
    [{ owner1Percent: 'lots' }, 'owner1Percent', 'enter a number such as 40 or 33.5'],
    [{ owner1Name: '' }, 'owner1Name', 'enter owner 1’s name'],
    [
      { owner2Name: 'Per', owner2Percent: '50' },
      'owner1Percent',
      'the shares add up to more than 100 %',
    ],
    [
      { owner1Name: '', owner1Percent: '' },
      'noOwnerOver25',
      'name everyone owning more than 25 %, or tick the box that no one does',
    ],
    [
      { noOwnerOver25: 'yes' },
      'noOwnerOver25',
      'untick the box, or clear the owner rows: both cannot be true',
    ],
    [
      { legalRepresentative: 'Ingrid\u0000' },
      'legalRepresentative',
      'must not contain control characters',
    ],
    [{ confirm: '' }, 'confirm', 'tick the box to confirm the details are correct'],
  ])('refuses %j: %s %s', (change, field, message) => {
    expect(errorsOf({ ...valid, ...change })).toMatchObject({ [field]: message });
  });
});

describe('identity documents', () => {
  it('are recognised by their first bytes, whatever they are called', () => {
    expect(sniffDocumentType(Buffer.from('%PDF-1.7\n'))).toBe('application/pdf');
    expect(sniffDocumentType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffDocumentType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(
      'image/png',
    );
    expect(sniffDocumentType(Buffer.from('<html>%PDF-'))).toBeUndefined();
    expect(sniffDocumentType(Buffer.alloc(0))).toBeUndefined();
  });

  it('keep a safe file name and a SHA-256', () => {
    const checked = checkDocument({
      content: Buffer.from('%PDF-1.7\n'),
      fileName: '..\\C:/x/"pass\u0007port".pdf',
    });
    expect(checked).toMatchObject({
      document: {
        contentType: 'application/pdf',
        byteSize: 9,
        fileName: 'passport.pdf',
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      },
    });
    expect(checkDocument(undefined)).toEqual({
      error: 'attach an identity document (PDF, JPEG or PNG, at most 5 MB)',
    });
    expect(
      checkDocument({ content: Buffer.alloc(5 * 1024 * 1024 + 1, 0x25), fileName: 'a.pdf' }),
    ).toEqual({
      error: 'the document is larger than 5 MB; attach a smaller scan',
    });
  });
});
