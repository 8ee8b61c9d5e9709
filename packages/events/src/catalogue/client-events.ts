import { z } from 'zod';
import { Attribution } from '../domain-enums';
import {
  CountryCode,
  EntityId,
  ExternalTenantId,
  IsoDateTime,
  Percentage,
  WebUrl,
} from '../primitives';
import { defineEvent } from './define-event';

// The client lifecycle as a partner sees it: link requests for clients that
// already exist on the platform, links, and onboarding of new clients.

export const ClientLinkRequestedData = z.object({
  clientId: EntityId,
  externalTenantId: ExternalTenantId,
  companyName: z.string().min(1),
  country: CountryCode,
  registrationNumber: z.string().min(1),
  linkRequestId: EntityId,
  approvalUrl: WebUrl.describe('Page where the client approves the link; send it to them'),
  expiresAt: IsoDateTime,
});
export type ClientLinkRequestedData = z.infer<typeof ClientLinkRequestedData>;

export const ClientLinkExpiredData = z.object({
  clientId: EntityId,
  externalTenantId: ExternalTenantId,
  linkRequestId: EntityId,
  expiredAt: IsoDateTime,
});
export type ClientLinkExpiredData = z.infer<typeof ClientLinkExpiredData>;

export const ClientLinkedData = z.object({
  clientId: EntityId,
  externalTenantId: ExternalTenantId,
  companyName: z.string().min(1),
  linkId: EntityId,
  attribution: Attribution,
  feePercentage: Percentage.describe("The partner's fee %, snapshotted when the link was made"),
  linkedAt: IsoDateTime,
});
export type ClientLinkedData = z.infer<typeof ClientLinkedData>;

export const ClientLinkRejectedData = z.object({
  clientId: EntityId,
  externalTenantId: ExternalTenantId,
  linkRequestId: EntityId,
  rejectedAt: IsoDateTime,
});
export type ClientLinkRejectedData = z.infer<typeof ClientLinkRejectedData>;

export const ClientLinkArchivedData = z.object({
  clientId: EntityId,
  externalTenantId: ExternalTenantId,
  linkId: EntityId,
  archivedAt: IsoDateTime,
});
export type ClientLinkArchivedData = z.infer<typeof ClientLinkArchivedData>;

export const ClientLinkRestoredData = z.object({
  clientId: EntityId,
  externalTenantId: ExternalTenantId,
  linkId: EntityId,
  restoredAt: IsoDateTime,
});
export type ClientLinkRestoredData = z.infer<typeof ClientLinkRestoredData>;

export const ClientOnboardingCompletedData = z.object({
  clientId: EntityId,
  externalTenantId: ExternalTenantId,
  companyName: z.string().min(1),
  completedAt: IsoDateTime,
  userCount: z
    .int()
    .min(0)
    .describe('How many users the client added on its onboarding page before signing'),
});
export type ClientOnboardingCompletedData = z.infer<typeof ClientOnboardingCompletedData>;

// KYC: the platform verifies the company from what the client submits on the
// hosted form. No personal data (birth dates, addresses, owners, documents)
// ever goes into these events: only ids, times and the operator's reason.

export const ClientKycSubmittedData = z.object({
  clientId: EntityId,
  externalTenantId: ExternalTenantId,
  submissionId: EntityId,
  submittedAt: IsoDateTime,
});
export type ClientKycSubmittedData = z.infer<typeof ClientKycSubmittedData>;

export const ClientKycVerifiedData = z.object({
  clientId: EntityId,
  externalTenantId: ExternalTenantId,
  verifiedAt: IsoDateTime,
});
export type ClientKycVerifiedData = z.infer<typeof ClientKycVerifiedData>;

export const ClientKycRejectedData = z.object({
  clientId: EntityId,
  externalTenantId: ExternalTenantId,
  rejectedAt: IsoDateTime,
  reason: z
    .string()
    .min(1)
    .max(1000)
    .describe('Why, in the operator’s words; show it to the client'),
  solutionUrl: WebUrl.describe('Your link to the KYC form, where the client submits again'),
  solutionUrlExpiresAt: IsoDateTime,
});
export type ClientKycRejectedData = z.infer<typeof ClientKycRejectedData>;

const client = {
  clientId: 'cli_8f3kq2ZxN1',
  externalTenantId: 'acme-tenant-4471',
  companyName: 'Nordlicht Handels GmbH',
} as const;

export const clientEvents = [
  defineEvent({
    type: 'client.link_requested',
    description:
      'A client that already exists on the platform must approve a link to the partner; send it the approval URL.',
    dataSchema: ClientLinkRequestedData,
    example: {
      ...client,
      country: 'DE',
      registrationNumber: 'HRB 184512',
      linkRequestId: 'lrq_5TgW0pLc7e',
      approvalUrl:
        'https://app.example.com/link-requests/lrq_5TgW0pLc7e.Qm9vdHN0cmFwIHRva2VuIGV4YW1wbGUgMTIzNDU2Nzg',
      expiresAt: '2025-03-21T09:26:53.000Z',
    },
  }),
  defineEvent({
    type: 'client.link_expired',
    description: 'A link request passed its expiry unapproved; request the link again to re-issue.',
    dataSchema: ClientLinkExpiredData,
    example: {
      clientId: client.clientId,
      externalTenantId: client.externalTenantId,
      linkRequestId: 'lrq_5TgW0pLc7e',
      expiredAt: '2025-03-21T09:26:53.000Z',
    },
  }),
  defineEvent({
    type: 'client.link_rejected',
    description: 'The client declined a link request; it stays unlinked.',
    dataSchema: ClientLinkRejectedData,
    example: {
      clientId: client.clientId,
      externalTenantId: client.externalTenantId,
      linkRequestId: 'lrq_5TgW0pLc7e',
      rejectedAt: '2025-03-16T11:20:40.000Z',
    },
  }),
  defineEvent({
    type: 'client.linked',
    description:
      'A client is now linked to the partner (a new attributed client, or an approved link request).',
    dataSchema: ClientLinkedData,
    example: {
      ...client,
      linkId: 'lnk_2bV9sQe4Rk',
      attribution: 'non_attributed',
      feePercentage: 20,
      linkedAt: '2025-03-15T14:02:11.000Z',
    },
  }),
  defineEvent({
    type: 'client.link_archived',
    description: 'A link was archived; payouts created from now on earn no fee through it.',
    dataSchema: ClientLinkArchivedData,
    example: {
      clientId: client.clientId,
      externalTenantId: client.externalTenantId,
      linkId: 'lnk_2bV9sQe4Rk',
      archivedAt: '2025-09-30T08:00:00.000Z',
    },
  }),
  defineEvent({
    type: 'client.link_restored',
    description: 'An archived link is active again; payouts created from now on can earn a fee.',
    dataSchema: ClientLinkRestoredData,
    example: {
      clientId: client.clientId,
      externalTenantId: client.externalTenantId,
      linkId: 'lnk_2bV9sQe4Rk',
      restoredAt: '2025-10-02T08:00:00.000Z',
    },
  }),
  defineEvent({
    type: 'client.onboarding_completed',
    description: 'A new client finished onboarding and signed the SDCA; it can now submit cases.',
    dataSchema: ClientOnboardingCompletedData,
    example: { ...client, completedAt: '2025-03-14T10:41:07.000Z', userCount: 2 },
  }),
  defineEvent({
    type: 'client.kyc_submitted',
    description:
      'The client submitted its KYC details on the hosted form; an operator reviews them.',
    dataSchema: ClientKycSubmittedData,
    example: {
      clientId: client.clientId,
      externalTenantId: client.externalTenantId,
      submissionId: 'kyc_4Hq8VnT2sW',
      submittedAt: '2025-03-14T10:52:30.000Z',
    },
  }),
  defineEvent({
    type: 'client.kyc_verified',
    description: 'The platform verified the company (KYC); its cases can now be created.',
    dataSchema: ClientKycVerifiedData,
    example: {
      clientId: client.clientId,
      externalTenantId: client.externalTenantId,
      verifiedAt: '2025-03-15T09:05:12.000Z',
    },
  }),
  defineEvent({
    type: 'client.kyc_rejected',
    description:
      'An operator rejected the KYC submission; send the client the solution URL to submit again.',
    dataSchema: ClientKycRejectedData,
    example: {
      clientId: client.clientId,
      externalTenantId: client.externalTenantId,
      rejectedAt: '2025-03-15T09:05:12.000Z',
      reason: 'The identity document is unreadable; upload a sharper scan.',
      solutionUrl:
        'https://app.example.com/kyc/kys_7Rb2MwP9xQ.Qm9vdHN0cmFwIHRva2VuIGV4YW1wbGUgMTIzNDU2Nzg',
      solutionUrlExpiresAt: '2025-03-22T09:05:12.000Z',
    },
  }),
] as const;
