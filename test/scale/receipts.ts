import type { ReceivedRequest } from '@referral/testing';
import { verifyWebhook } from '@referral/webhook-signature';

export interface Receipts {
  /** When each webhook-id arrived, every time it did. */
  arrivals: Map<string, number[]>;
  /** Requests whose signature did not verify with their subscription's secret. */
  unverified: number;
}

/**
 * Every request the receiver got, verified with the secret of the
 * subscription its path names (`…/webhooks/<index>`), grouped by webhook-id.
 */
export function tallyReceipts(requests: ReceivedRequest[], secrets: string[]): Receipts {
  const arrivals = new Map<string, number[]>();
  let unverified = 0;
  for (const request of requests) {
    const secret = secrets[Number(request.path.split('/').pop())];
    try {
      if (!secret) throw new Error(`no subscription at ${request.path}`);
      const { id } = verifyWebhook(request.body, request.headers, secret, {
        now: () => request.receivedAt,
      });
      arrivals.set(id, [...(arrivals.get(id) ?? []), request.receivedAt]);
    } catch {
      unverified++;
    }
  }
  return { arrivals, unverified };
}

/** The webhook-ids that arrived more than once, with their arrival times. */
export function duplicates(receipts: Receipts): [string, number[]][] {
  return [...receipts.arrivals].filter(([, times]) => times.length > 1);
}
