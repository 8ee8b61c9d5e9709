import { backdateClient, backdateLink } from './backdate';
import { CLIENT_COUNTRIES, COMPANY_KINDS, COMPANY_WORDS } from './demo-cast';
import type { DemoDeps } from './demo-deps';
import { DAY, tokenOf, type Random } from './random';

export interface DemoClient {
  id: string;
  /** Each linked partner and when its link was made. */
  links: Map<string, number>;
  /** Signed and verified: cases can be opened for it. */
  ready: boolean;
}

/**
 * Clients, each brought by one partner (attributed); a third also linked to a
 * second partner through an approved link request (non-attributed); one in
 * ten never signs its onboarding.
 */
export async function seedClients(
  { pool, domain }: DemoDeps,
  rnd: Random,
  partnerIds: string[],
  count: number,
  now: number,
): Promise<DemoClient[]> {
  const clients: DemoClient[] = [];
  for (let i = 0; i < count; i += 1) {
    const owner = partnerIds[i % partnerIds.length]!;
    const company = {
      externalTenantId: `demo-tenant-${1000 + i}`,
      companyName: `${rnd.pick(COMPANY_WORDS)} ${rnd.pick(COMPANY_KINDS)} ${i % 3 ? 'GmbH' : 'AG'}`,
      registrationNumber: `HRB ${700000 + i * 37}`,
      country: rnd.pick(CLIENT_COUNTRIES),
      contactEmail: `finance${i}@client${i}.example`,
      contactName: 'Demo Contact',
    };
    const registered = await domain.registration.register(owner, company);
    if (registered.outcome !== 'onboarding_required') throw new Error(registered.outcome);
    const clientId = registered.client.id;
    // One in ten never signs: the dashboard shows them with their onboarding URL.
    const ready = i % 10 !== 9;
    if (ready) {
      await domain.onboarding.complete(tokenOf(registered.onboardingUrl), {
        accept: 'yes',
        signerName: company.contactName,
      });
      await domain.kyc.verify(clientId);
    }
    const linkedSince = now - rnd.int(300, 420) * DAY;
    await backdateClient(pool, clientId, new Date(linkedSince));
    const client: DemoClient = { id: clientId, links: new Map([[owner, linkedSince]]), ready };
    if (ready && i % 3 === 0) {
      const other = partnerIds[(i + 1) % partnerIds.length]!;
      const asked = await domain.registration.register(other, {
        ...company,
        externalTenantId: `demo-tenant-${1000 + i}-b`,
      });
      if (asked.outcome === 'approval_required') {
        await domain.linkRequests.decide(tokenOf(asked.approvalUrl), 'approve');
        const since = linkedSince + rnd.int(30, 200) * DAY;
        await backdateLink(pool, clientId, other, new Date(since));
        client.links.set(other, since);
      }
    }
    clients.push(client);
  }
  return clients;
}
