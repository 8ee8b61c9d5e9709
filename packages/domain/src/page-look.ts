import type { Branding, Partner } from './partners/partner-service';

/** What a hosted page shows of the partner: its name and branding. */
export interface PartnerPageLook {
  name: string;
  branding: Branding;
}

export async function partnerPageLook(
  partners: { get(id: string): Promise<Partner | undefined> },
  partnerId: string,
): Promise<PartnerPageLook> {
  const partner = await partners.get(partnerId);
  if (!partner) throw new Error(`partner ${partnerId} does not exist`);
  return { name: partner.name, branding: partner.branding };
}
