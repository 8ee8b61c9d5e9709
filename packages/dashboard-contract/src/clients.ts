import { Attribution } from '@referral/events';
import { z } from 'zod';
import { listPage, listSearchFields } from './common';

export const ClientTab = z.enum(['all', 'unsigned_sdca', 'non_attributed']);
export type ClientTab = z.infer<typeof ClientTab>;

export const ClientSortKey = z.enum([
  'company',
  'externalTenantId',
  'attribution',
  'onboardingStatus',
  'linkedAt',
  'activeCases',
]);
export type ClientSortKey = z.infer<typeof ClientSortKey>;

/** The Clients view's URL search params; dates are the link date. */
export const ClientListQuery = z.object({
  tab: ClientTab.default('all'),
  sort: ClientSortKey.default('linkedAt'),
  ...listSearchFields,
});
export type ClientListQuery = z.infer<typeof ClientListQuery>;

export const ClientRow = z.object({
  clientId: z.string(),
  companyName: z.string(),
  externalTenantId: z.string(),
  attribution: Attribution,
  onboardingStatus: z.enum(['completed', 'pending']),
  sdcaSignedAt: z.string().nullable(),
  linkedAt: z.string(),
  linkStatus: z.enum(['active', 'archived']),
  activeCaseCount: z.int(),
  /** While the SDCA is unsigned: the newest onboarding URL still valid, if any. */
  onboardingUrl: z.string().nullable(),
  onboardingUrlExpiresAt: z.string().nullable(),
});
export type ClientRow = z.infer<typeof ClientRow>;

export const ClientPage = listPage(ClientRow);
export type ClientPage = z.infer<typeof ClientPage>;

export const ClientSummary = z.object({
  total: z.int(),
  attributed: z.int(),
  onboardingComplete: z.int(),
});
export type ClientSummary = z.infer<typeof ClientSummary>;
