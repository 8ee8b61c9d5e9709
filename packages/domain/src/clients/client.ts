import { z } from 'zod';
import { Attribution, CountryCode, ExternalTenantId } from '@referral/events';
import { ClientUser } from '../onboarding/client-users';
import { registrationKey } from './identity';

export const OnboardingStatus = z.enum(['pending', 'completed']);
export type OnboardingStatus = z.infer<typeof OnboardingStatus>;

export const LinkStatus = z.enum(['active', 'archived']);
export type LinkStatus = z.infer<typeof LinkStatus>;

/**
 * Where the company stands with KYC: required (nothing submitted), submitted
 * (an operator reviews it), verified, rejected (the client submits again).
 */
export const KycStatus = z
  .enum(['required', 'submitted', 'verified', 'rejected'])
  .describe('KYC: required → submitted → verified, or rejected → submitted again');
export type KycStatus = z.infer<typeof KycStatus>;

/** What a partner sends to create or link a client. */
export const RegisterClientInput = z.strictObject({
  externalTenantId: ExternalTenantId.trim(),
  companyName: z.string().trim().min(1).max(200),
  registrationNumber: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .refine((v) => registrationKey(v).length > 0, 'must contain letters or digits')
    .describe('The company registration number; compared without spaces, dots or dashes'),
  country: z.string().trim().toUpperCase().pipe(CountryCode),
  contactEmail: z
    .email()
    .max(254)
    .describe(
      'Shown on the hosted pages; the only email it gets from the platform is your welcome email, if you configured one',
    ),
  contactName: z.string().trim().min(1).max(200).optional(),
});
export type RegisterClientInput = z.infer<typeof RegisterClientInput>;

/** A client as the partner linked to it sees it. */
export const PartnerClient = z.object({
  id: z.string(),
  externalTenantId: z.string(),
  companyName: z.string(),
  registrationNumber: z.string(),
  country: z.string(),
  contactEmail: z.string(),
  contactName: z.string().nullable(),
  linkId: z.string(),
  attribution: Attribution.describe(
    'attributed: you brought the client (fee on every case); non_attributed: it approved your link request',
  ),
  feePercent: z.number().describe('Your fee %, frozen when the link was made'),
  linkStatus: LinkStatus,
  linkedAt: z.string(),
  archivedAt: z.string().nullable(),
  onboardingStatus: OnboardingStatus.describe('completed once the client signed the SDCA'),
  sdcaSignedAt: z.string().nullable(),
  kycVerified: z
    .boolean()
    .describe('Whether the platform verified the company (KYC); until then cases are refused'),
  kycStatus: KycStatus,
  onboardingUrl: z
    .string()
    .nullable()
    .describe(
      'While unsigned: the current onboarding URL; null once it expired (POST /v1/clients again)',
    ),
  onboardingUrlExpiresAt: z.string().nullable(),
  activeCaseCount: z.number().int().describe('Cases not closed yet'),
});
export type PartnerClient = z.infer<typeof PartnerClient>;

export const ClientFilter = z.object({
  onboardingStatus: OnboardingStatus.optional(),
  attribution: Attribution.optional(),
  linkStatus: LinkStatus.optional(),
  search: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe('Part of the company name, or the start of the externalTenantId'),
});
export type ClientFilter = z.infer<typeof ClientFilter>;

/** A partner's link to a client, as operators see it. */
export const ClientLink = z.object({
  id: z.string(),
  partnerId: z.uuid(),
  clientId: z.string(),
  externalTenantId: z.string(),
  attribution: Attribution,
  feePercent: z.number(),
  linkedAt: z.string(),
  archivedAt: z.string().nullable(),
});
export type ClientLink = z.infer<typeof ClientLink>;

/** A company with every partner's link to it (operators only). */
export const ClientRecord = z.object({
  id: z.string(),
  companyName: z.string(),
  registrationNumber: z.string(),
  country: z.string(),
  contactEmail: z.string(),
  contactName: z.string().nullable(),
  sdcaSignedAt: z.string().nullable(),
  sdcaSignedBy: z.string().nullable(),
  kycVerifiedAt: z.string().nullable().describe('When the platform verified the company (KYC)'),
  kycStatus: KycStatus,
  createdAt: z.string(),
  links: z.array(ClientLink),
  users: z.array(ClientUser).describe('The people the client added on its onboarding page'),
});
export type ClientRecord = z.infer<typeof ClientRecord>;
