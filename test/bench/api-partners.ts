import type { Pool } from '@referral/db';
import { PartnerService } from '@referral/domain';
import { inBatches } from './batches';

export interface ApiPartner {
  partnerId: string;
  apiKey: string;
}

const IN_FLIGHT = 10;

/**
 * `count` partners and their API keys, made as the seed makes them
 * (`PartnerService.create`): the admin API's token has a rate limit of its own.
 */
export async function createApiPartners(pool: Pool, count: number): Promise<ApiPartner[]> {
  const partners = new PartnerService(pool);
  const made: ApiPartner[] = [];
  await inBatches(count, IN_FLIGHT, async (n) => {
    const { partner, apiKey } = await partners.create(`Bench Partner ${n + 1}`);
    made.push({ partnerId: partner.id, apiKey });
  });
  return made;
}

/**
 * A new `*` subscription to `receiverUrl` for every partner, made through
 * the API (`POST /v1/webhooks/subscriptions`, one request per key); their
 * ids, in the order of `partners`.
 */
export async function subscribeThroughApi(
  apiUrl: string,
  partners: ApiPartner[],
  receiverUrl: string,
): Promise<string[]> {
  const ids = new Array<string>(partners.length);
  await inBatches(partners.length, IN_FLIGHT, async (n) => {
    const response = await fetch(`${apiUrl}/v1/webhooks/subscriptions`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${partners[n]!.apiKey}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ url: receiverUrl, eventTypes: ['*'] }),
    });
    const body = (await response.json()) as { id?: string };
    if (response.status !== 201 || !body.id) {
      throw new Error(`creating a subscription: ${response.status} ${JSON.stringify(body)}`);
    }
    ids[n] = body.id;
  });
  return ids;
}
