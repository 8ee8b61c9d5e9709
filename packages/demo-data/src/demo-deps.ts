import type { Pool } from '@referral/db';
import type { PartnerService, ReferralDomain } from '@referral/domain';

/** What the demo acts through: the domain's commands, and the pool for backdating. */
export interface DemoDeps {
  pool: Pool;
  partners: PartnerService;
  domain: ReferralDomain;
}
