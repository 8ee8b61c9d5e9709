import type { ContractType } from '@referral/events';

/** Contracts signed per debtor jurisdiction; the SDCA is signed once, for every country. */
export type JurisdictionContract = Exclude<ContractType, 'sdca'>;

// The one rule table: which contracts a debtor's jurisdiction needs beyond the
// SDCA. A country not listed needs nothing more.
const jurisdictionContracts: Readonly<Record<string, readonly JurisdictionContract[]>> = {
  AT: ['power_of_attorney'],
  CH: ['power_of_attorney'],
  FR: ['power_of_attorney'],
  BE: ['power_of_attorney'],
  ES: ['power_of_attorney', 'jpa'],
  PT: ['power_of_attorney', 'jpa'],
  IT: ['power_of_attorney', 'jpa'],
  US: ['jpa'],
};

/** Every contract a case against a debtor in `country` needs, the SDCA first. */
export function requiredContracts(country: string): ContractType[] {
  return ['sdca', ...(jurisdictionContracts[country] ?? [])];
}
