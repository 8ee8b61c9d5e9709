import type { Pool } from '@referral/db';
import { PartnerService } from '@referral/domain';

export interface SubscribedPartner {
  apiKey: string;
  subscriptionId: string;
  /** The subscription's signing secret, shown once at creation. */
  secret: string;
}

const IN_FLIGHT = 10;

/** POST a JSON body with a bearer token; the answer's status and body. */
export async function post(url: string, token: string, body?: unknown) {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/**
 * `count` partners (made as the seed makes them: the admin token's own rate
 * limit would pace their creation), each subscribed through `apiUrl` to
 * `receiverUrl/<index>`, so the receiver knows which secret verifies what.
 */
export async function subscribedPartners(
  pool: Pool,
  apiUrl: string,
  receiverUrl: string,
  count: number,
): Promise<SubscribedPartner[]> {
  const partners = new PartnerService(pool);
  const subscribe = async (i: number): Promise<SubscribedPartner> => {
    const { apiKey } = await partners.create(`Scale partner ${i}`);
    const answer = await post(`${apiUrl}/v1/webhooks/subscriptions`, apiKey, {
      url: `${receiverUrl}/${i}`,
      eventTypes: ['*'],
    });
    if (answer.status !== 201) throw new Error(`subscribing: ${JSON.stringify(answer)}`);
    return { apiKey, subscriptionId: String(answer.body.id), secret: String(answer.body.secret) };
  };
  const made: SubscribedPartner[] = [];
  for (let i = 0; i < count; i += IN_FLIGHT) {
    const batch = Array.from({ length: Math.min(IN_FLIGHT, count - i) }, (_, j) => i + j);
    made.push(...(await Promise.all(batch.map(subscribe))));
  }
  return made;
}

/**
 * `count` open link requests through `apiUrl`: a first partner brings each
 * company, a second asks for it (409 approval_required). Neither partner has
 * a subscription, so their events make no deliveries.
 */
export async function openLinkRequests(pool: Pool, apiUrl: string, count: number) {
  const partners = new PartnerService(pool);
  const first = await partners.create('Scale first partner');
  const second = await partners.create('Scale second partner');
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const company = {
      externalTenantId: `scale-${i}`,
      companyName: `Scale Company ${i} Oy`,
      registrationNumber: `FI${1_000_000 + i}`,
      country: 'FI',
      contactEmail: `ap${i}@scale.example`,
    };
    const brought = await post(`${apiUrl}/v1/clients`, first.apiKey, company);
    if (brought.status !== 202) throw new Error(`bringing a client: ${JSON.stringify(brought)}`);
    const asked = await post(`${apiUrl}/v1/clients`, second.apiKey, company);
    if (asked.body.outcome !== 'approval_required') {
      throw new Error(`asking for a link: ${JSON.stringify(asked)}`);
    }
    ids.push(String(asked.body.linkRequestId));
  }
  return ids;
}
