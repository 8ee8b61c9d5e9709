import { z } from 'zod';
import {
  CaseMilestone,
  CasePendingReason,
  CaseSource,
  CaseStatus,
  ContractType,
  DebtorType,
} from '../domain-enums';
import {
  CaseReference,
  CountryCode,
  CurrencyCode,
  EntityId,
  ExternalTenantId,
  IsoDate,
  IsoDateTime,
  MinorUnits,
  WebUrl,
} from '../primitives';
import { defineEvent } from './define-event';

export const CaseDebtor = z.object({
  name: z.string().min(1),
  type: DebtorType,
  country: CountryCode.describe("The debtor's jurisdiction; it decides the collection partner"),
});
export type CaseDebtor = z.infer<typeof CaseDebtor>;

export const CaseInvoice = z.object({
  number: z.string().min(1),
  amountMinor: MinorUnits,
  currency: CurrencyCode,
  issueDate: IsoDate,
  dueDate: IsoDate,
});
export type CaseInvoice = z.infer<typeof CaseInvoice>;

/** The agency the case was routed to. */
export const CollectionPartnerRef = z.object({ id: EntityId, name: z.string().min(1) });
export type CollectionPartnerRef = z.infer<typeof CollectionPartnerRef>;

export const CaseCreatedData = z.object({
  caseId: EntityId,
  reference: CaseReference,
  clientId: EntityId,
  status: CaseStatus,
  milestone: CaseMilestone.describe(
    'collection_started when the case starts (active, routed to a collection partner), else created',
  ),
  source: CaseSource,
  debtor: CaseDebtor,
  invoice: CaseInvoice,
  collectionPartner: CollectionPartnerRef.nullable().describe('Null until the case is routed'),
  pendingReason: CasePendingReason.nullable().describe('Why the case is pending, else null'),
});
export type CaseCreatedData = z.infer<typeof CaseCreatedData>;

export const CaseStatusChangedData = z.object({
  caseId: EntityId,
  reference: CaseReference,
  clientId: EntityId,
  previousStatus: CaseStatus,
  status: CaseStatus,
  previousMilestone: CaseMilestone,
  milestone: CaseMilestone,
  changedAt: IsoDateTime,
  reason: z.string().min(1).nullable(),
});
export type CaseStatusChangedData = z.infer<typeof CaseStatusChangedData>;

export const CaseContractRequiredData = z.object({
  clientId: EntityId,
  externalTenantId: ExternalTenantId,
  missing: z.array(ContractType).nonempty(),
  solutionUrl: WebUrl.describe('Page where the client signs the missing contracts'),
  solutionUrlExpiresAt: IsoDateTime.describe(
    'When the URL stops working; a new case request gives a new one',
  ),
  debtorCountry: CountryCode,
  caseReference: CaseReference.nullable().describe(
    'The case created pending (allowPendingContracts); null when the request was refused with 422',
  ),
});
export type CaseContractRequiredData = z.infer<typeof CaseContractRequiredData>;

const caseIds = { caseId: 'case_Jd72LmQa0c', reference: 'DEB-10482', clientId: 'cli_8f3kq2ZxN1' };

export const caseEvents = [
  defineEvent({
    type: 'case.created',
    description: 'A case was created for a client linked to the partner, from any source.',
    dataSchema: CaseCreatedData,
    example: {
      ...caseIds,
      status: 'active',
      milestone: 'collection_started',
      source: 'partner_api',
      debtor: { name: 'Bäckerei Sommer OHG', type: 'company', country: 'AT' },
      invoice: {
        number: 'INV-2025-0193',
        amountMinor: 125000,
        currency: 'EUR',
        issueDate: '2025-01-10',
        dueDate: '2025-02-09',
      },
      collectionPartner: { id: 'cp_Vienna01', name: 'Alpen Inkasso GmbH' },
      pendingReason: null,
    },
  }),
  defineEvent({
    type: 'case.status_changed',
    description: 'A case changed status (pending, active, paused, closed) or reached a milestone.',
    dataSchema: CaseStatusChangedData,
    example: {
      ...caseIds,
      previousStatus: 'active',
      status: 'paused',
      previousMilestone: 'in_collection',
      milestone: 'in_collection',
      changedAt: '2025-04-02T11:15:00.000Z',
      reason: 'Debtor disputes the invoice amount',
    },
  }),
  defineEvent({
    type: 'case.contract_required',
    description:
      'A case needs contracts the client has not signed yet; send the client the solution URL.',
    dataSchema: CaseContractRequiredData,
    example: {
      clientId: 'cli_8f3kq2ZxN1',
      externalTenantId: 'acme-tenant-4471',
      missing: ['power_of_attorney', 'jpa'],
      solutionUrl:
        'https://app.example.com/contracts/csg_0193b2c4d5e6f708192a3b4c5d6e7f80.Xq7vR2mN9pL4kT8wY1zA3bC5dE6fG7hJ8kL9mN0pQ1r',
      solutionUrlExpiresAt: '2025-03-21T09:26:53.589Z',
      debtorCountry: 'AT',
      caseReference: null,
    },
  }),
] as const;
