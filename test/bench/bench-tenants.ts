import { randomUUID } from 'node:crypto';
import type { WebhookEngine } from '@referral/webhooks';
import { inBatches } from './batches';

export interface BenchTenant {
  tenantId: string;
  subscriptionId: string;
}

// Subscriptions are created this many at a time: each is a secret to
// encrypt and a transaction, cheap enough, but a hundred in a row add up.
const IN_FLIGHT = 10;

/** `count` new tenants, each with one `*` subscription to `url`. */
export async function createTenants(
  engine: WebhookEngine,
  url: string,
  count: number,
): Promise<BenchTenant[]> {
  const tenants: BenchTenant[] = [];
  await inBatches(count, IN_FLIGHT, async () => {
    const tenantId = randomUUID();
    tenants.push({ tenantId, subscriptionId: await subscribe(engine, tenantId, url) });
  });
  return tenants;
}

/** One `*` subscription of `tenantId` to each of `urls`; their ids, in the order of `urls`. */
export async function subscribeAll(
  engine: WebhookEngine,
  tenantId: string,
  urls: string[],
): Promise<string[]> {
  const ids: string[] = new Array<string>(urls.length);
  await inBatches(urls.length, IN_FLIGHT, async (i) => {
    ids[i] = await subscribe(engine, tenantId, urls[i]!);
  });
  return ids;
}

async function subscribe(engine: WebhookEngine, tenantId: string, url: string): Promise<string> {
  const created = await engine.subscriptions.create(tenantId, { url, eventTypes: ['*'] });
  if (created.outcome !== 'created')
    throw new Error(`subscription refused: ${JSON.stringify(created)}`);
  return created.subscription.id;
}
