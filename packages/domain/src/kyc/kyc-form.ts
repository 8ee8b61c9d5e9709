import { z } from 'zod';
import { CountryCode } from '@referral/events';

// Postgres text holds no NUL, and no name or address line holds a control character.
const PRINTABLE = /^[^\u0000-\u001f\u007f]*$/;

const text = (max: number, missing: string) =>
  z
    .string({ error: missing })
    .trim()
    .min(1, missing)
    .max(max, `at most ${max} characters`)
    .regex(PRINTABLE, 'must not contain control characters');

/** A text field the browser always sends, blank when left empty: blank becomes undefined. */
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `at most ${max} characters`)
    .regex(PRINTABLE, 'must not contain control characters')
    .optional()
    .transform((v) => (v ? v : undefined));

/** `YYYY-MM-DD` that names a real day (no 31 February). */
function isRealDate(value: string): boolean {
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** Whole years from `dateOfBirth` to `today` (both `YYYY-MM-DD`). */
export function ageOn(dateOfBirth: string, today: string): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

const today = () => new Date().toISOString().slice(0, 10);

/** A date of birth of a living adult: a real past day, 18 to 120 years ago. */
const DateOfBirth = (missing: string) =>
  z
    .string({ error: missing })
    .trim()
    .min(1, missing)
    // Each check stops the next: one message per date, the first that fails.
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'enter the date as YYYY-MM-DD', abort: true })
    .refine(isRealDate, { error: 'is not a real date', abort: true })
    .refine((v) => v < today(), { error: 'must be in the past', abort: true })
    .refine((v) => ageOn(v, today()) >= 18, 'must be 18 or older')
    .refine((v) => ageOn(v, today()) <= 120, 'check the year');

/** A share of more than 25 % (the threshold for a beneficial owner) and at most 100 %. */
const Percent = z
  .string()
  .trim()
  .regex(/^\d{1,3}(\.\d{1,2})?$/, 'enter a number such as 40 or 33.5')
  .transform(Number)
  .refine((n) => n > 25 && n <= 100, 'must be more than 25 and at most 100');

export const Address = z.object({
  line1: z.string(),
  line2: z.string().optional(),
  postalCode: z.string(),
  city: z.string(),
  country: CountryCode,
});
export type Address = z.infer<typeof Address>;

export const BeneficialOwner = z.object({
  name: z.string(),
  dateOfBirth: z.string().optional(),
  percent: z.number(),
});
export type BeneficialOwner = z.infer<typeof BeneficialOwner>;

/** What verification needs of the company, as stored and shown to operators. */
export const KycDetails = z.object({
  legalRepresentative: z.string(),
  dateOfBirth: z.string().describe('The legal representative’s, YYYY-MM-DD'),
  address: Address,
  beneficialOwners: z.array(BeneficialOwner).describe('Everyone owning more than 25 %'),
  noOwnerOver25: z.boolean().describe('The client confirmed that no one owns more than 25 %'),
});
export type KycDetails = z.infer<typeof KycDetails>;

/**
 * Everyone owning more than 25 % fits in three rows (four would exceed 100 %),
 * so the form, which has no script, shows three fixed rows.
 */
export const OWNER_ROWS = [1, 2, 3] as const;

const ownerFields = Object.fromEntries(
  OWNER_ROWS.flatMap((n) => [
    [`owner${n}Name`, optionalText(200)],
    [`owner${n}DateOfBirth`, optionalText(10)],
    [`owner${n}Percent`, optionalText(6)],
  ]),
) as Record<
  `owner${1 | 2 | 3}${'Name' | 'DateOfBirth' | 'Percent'}`,
  ReturnType<typeof optionalText>
>;

/** The form's fields about the company and its representative (all but the owners). */
const DetailsFields = z.object({
  legalRepresentative: text(200, 'enter the legal representative’s full name'),
  dateOfBirth: DateOfBirth('enter the legal representative’s date of birth'),
  addressLine1: text(200, 'enter the street and number'),
  addressLine2: optionalText(200),
  postalCode: text(20, 'enter the postal code'),
  city: text(100, 'enter the city'),
  country: z
    .string({ error: 'enter the country as a two-letter code, e.g. DE' })
    .trim()
    .toUpperCase()
    .min(1, { error: 'enter the country as a two-letter code, e.g. DE', abort: true })
    .pipe(CountryCode),
  confirm: z.literal('yes', { error: 'tick the box to confirm the details are correct' }),
});

/** The owner rows and the "no one owns more than 25 %" box, checked together. */
const OwnerFields = z
  .object({ ...ownerFields, noOwnerOver25: z.literal('yes').optional() })
  .transform((form, ctx) => {
    const owners: BeneficialOwner[] = [];
    let total = 0;
    for (const n of OWNER_ROWS) {
      const name = form[`owner${n}Name`];
      const dob = form[`owner${n}DateOfBirth`];
      const percent = form[`owner${n}Percent`];
      if (!name && !dob && !percent) continue;
      const issue = (field: string, message: string) =>
        ctx.addIssue({ code: 'custom', path: [`owner${n}${field}`], message });
      if (!name) issue('Name', `enter owner ${n}’s name`);
      const share = Percent.safeParse(percent ?? '');
      if (!percent) issue('Percent', `enter owner ${n}’s share in %`);
      else if (!share.success) issue('Percent', share.error.issues[0]!.message);
      const born = dob ? DateOfBirth('').safeParse(dob) : undefined;
      if (born && !born.success) issue('DateOfBirth', born.error.issues[0]!.message);
      if (name && share.success) {
        total += share.data;
        owners.push({ name, ...(dob ? { dateOfBirth: dob } : {}), percent: share.data });
      }
    }
    if (total > 100) {
      ctx.addIssue({
        code: 'custom',
        path: ['owner1Percent'],
        message: 'the shares add up to more than 100 %',
      });
    }
    const confirmedNone = form.noOwnerOver25 === 'yes';
    const anyOwnerRow = OWNER_ROWS.some(
      (n) => form[`owner${n}Name`] || form[`owner${n}DateOfBirth`] || form[`owner${n}Percent`],
    );
    if (!anyOwnerRow && !confirmedNone) {
      ctx.addIssue({
        code: 'custom',
        path: ['noOwnerOver25'],
        message: 'name everyone owning more than 25 %, or tick the box that no one does',
      });
    }
    if (anyOwnerRow && confirmedNone) {
      ctx.addIssue({
        code: 'custom',
        path: ['noOwnerOver25'],
        message: 'untick the box, or clear the owner rows: both cannot be true',
      });
    }
    return { beneficialOwners: owners, noOwnerOver25: confirmedNone };
  });

/** A field of the form, as its errors and kept values name it. */
export type KycFormField =
  keyof z.input<typeof DetailsFields> | keyof z.input<typeof OwnerFields> | 'document';

/** The first error of each failing field. */
export type KycFormErrors = Partial<Record<KycFormField, string>>;

/**
 * The hosted KYC form as the browser posts it (every value a string; the
 * document comes beside it): the details to store, or every failing field
 * at once (its name is the input's, so each error links to it).
 */
export function parseKycForm(
  form: Record<string, unknown>,
): { ok: true; details: KycDetails } | { ok: false; errors: KycFormErrors } {
  const fields = DetailsFields.safeParse(form);
  const owners = OwnerFields.safeParse(form);
  if (!fields.success || !owners.success) {
    const errors: KycFormErrors = {};
    for (const issue of [...(fields.error?.issues ?? []), ...(owners.error?.issues ?? [])]) {
      const field = String(issue.path[0] ?? 'confirm') as KycFormField;
      errors[field] ??= issue.message;
    }
    return { ok: false, errors };
  }
  const f = fields.data;
  return {
    ok: true,
    details: {
      legalRepresentative: f.legalRepresentative,
      dateOfBirth: f.dateOfBirth,
      address: {
        line1: f.addressLine1,
        ...(f.addressLine2 ? { line2: f.addressLine2 } : {}),
        postalCode: f.postalCode,
        city: f.city,
        country: f.country,
      },
      ...owners.data,
    },
  };
}
