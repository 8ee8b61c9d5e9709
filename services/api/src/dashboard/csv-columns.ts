import type { CaseListRow, ClientRow, EarningsRow } from '@referral/dashboard-contract';
import { decimalAmount, type CsvColumn } from './csv';

/** The Cases export: the list's columns, money as a decimal with its currency. */
export const caseColumns: readonly CsvColumn<CaseListRow>[] = [
  { header: 'Reference', value: (r) => r.reference },
  { header: 'Client', value: (r) => r.clientName },
  { header: 'Debtor', value: (r) => r.debtorName },
  { header: 'Amount', value: (r) => decimalAmount(r.amountMinor, r.currency) },
  { header: 'Currency', value: (r) => r.currency },
  { header: 'Status', value: (r) => r.status },
  { header: 'Milestone', value: (r) => r.milestone },
  { header: 'Collection partner', value: (r) => r.collectionPartner },
  { header: 'Created at', value: (r) => r.createdAt },
  { header: 'Last activity at', value: (r) => r.lastActivityAt },
];

/** The Earnings and invoice exports. */
export const earningsColumns: readonly CsvColumn<EarningsRow>[] = [
  { header: 'Transaction', value: (r) => r.transactionId },
  { header: 'Case reference', value: (r) => r.caseReference },
  { header: 'Client', value: (r) => r.clientName },
  { header: 'Currency', value: (r) => r.currency },
  { header: 'Invoice amount', value: (r) => decimalAmount(r.invoiceAmountMinor, r.currency) },
  { header: 'Platform revenue', value: (r) => decimalAmount(r.platformRevenueMinor, r.currency) },
  { header: 'Referral fee', value: (r) => decimalAmount(r.referralFeeMinor, r.currency) },
  { header: 'Referral fee (USD)', value: (r) => decimalAmount(r.referralFeeUsdMinor, 'USD') },
  { header: 'USD locked', value: (r) => String(r.usdLocked) },
  { header: 'Stage', value: (r) => r.stage },
  { header: 'Collection partner', value: (r) => r.collectionPartner },
  { header: 'Paid at', value: (r) => r.paidAt },
];

/** The Clients export. */
export const clientColumns: readonly CsvColumn<ClientRow>[] = [
  { header: 'Client', value: (r) => r.clientId },
  { header: 'Company', value: (r) => r.companyName },
  { header: 'External tenant id', value: (r) => r.externalTenantId },
  { header: 'Attribution', value: (r) => r.attribution },
  { header: 'Onboarding', value: (r) => r.onboardingStatus },
  { header: 'SDCA signed at', value: (r) => r.sdcaSignedAt },
  { header: 'Linked at', value: (r) => r.linkedAt },
  { header: 'Link status', value: (r) => r.linkStatus },
  { header: 'Active cases', value: (r) => r.activeCaseCount },
  { header: 'Onboarding URL', value: (r) => r.onboardingUrl },
];
