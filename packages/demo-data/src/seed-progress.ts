import type { TransactionStage } from '@referral/events';
import type { DemoDeps } from './demo-deps';
import type { DemoCase } from './seed-cases';
import type { DemoClient } from './seed-clients';
import { isoDay, type Random } from './random';

const STAGE_TARGETS: [TransactionStage, number][] = [
  ['pending', 15],
  ['confirmed', 15],
  ['awaiting_collection_partner', 15],
  ['ready_to_invoice', 15],
  ['awaiting_platform_payment', 15],
  ['paid', 25],
];

/**
 * What happens after cases start: an operator archives one partner's link
 * (its fees stop: link_archived), cases move through milestones, debtors pay
 * (in installments too), cases close or pause, and fees move through every
 * revenue stage in bulk, as operators do when an invoice arrives or is paid.
 */
export async function seedProgress(
  { domain }: DemoDeps,
  rnd: Random,
  clients: DemoClient[],
  cases: DemoCase[],
  now: number,
): Promise<{ payouts: number; transactions: number }> {
  const shared = clients.find((c) => c.links.size > 1);
  const record = shared && (await domain.links.client(shared.id));
  const second = record?.links.find((l) => l.attribution === 'non_attributed');
  if (second) await domain.links.archive(second.id);

  const transactionsByTarget = new Map<TransactionStage, string[]>();
  let payouts = 0;
  for (const kase of cases) {
    // Pending cases may have started since (their client signed for a later case).
    if ((await domain.caseProgress.find(kase.reference))?.status !== 'active') continue;
    const { reference } = kase;
    const roll = rnd.next();
    const reached = roll < 0.2 ? 0 : roll < 0.45 ? 1 : roll < 0.75 ? 2 : 3;
    // Starting already reached collection_started; the roll moves it on from
    // there: in collection, debtors pay, and only then is the case resolved.
    if (reached >= 2) await domain.caseProgress.move(reference, { milestone: 'in_collection' });
    if (reached >= 2) {
      // Paid in one go or in installments, between creation and today.
      const parts = rnd.next() < 0.3 ? rnd.int(2, 3) : 1;
      const paidShare = reached === 3 ? 1 : rnd.int(30, 90) / 100;
      const total = Math.max(parts, Math.round(kase.amount * paidShare));
      let paidSoFar = 0;
      for (let part = 1; part <= parts; part += 1) {
        const amountMinor = part === parts ? total - paidSoFar : Math.floor(total / parts);
        paidSoFar += amountMinor;
        const paidAt = isoDay(kase.createdAt + ((now - kase.createdAt) * part) / (parts + 1));
        const recorded = await domain.payouts.record(reference, {
          amountMinor,
          currency: kase.currency,
          paidAt,
        });
        if (recorded.outcome !== 'recorded') throw new Error(`demo payment: ${recorded.outcome}`);
        payouts += 1;
        for (const a of recorded.payout.attributions) {
          if (!a.transactionId) continue;
          const target = rnd.weighted(STAGE_TARGETS);
          transactionsByTarget.set(target, [
            ...(transactionsByTarget.get(target) ?? []),
            a.transactionId,
          ]);
        }
      }
    }
    if (reached === 3) {
      await domain.caseProgress.move(reference, { milestone: 'resolved' });
      await domain.caseProgress.move(reference, { status: 'closed' });
    } else if (rnd.next() < 0.12) {
      await domain.caseProgress.move(reference, {
        status: 'paused',
        reason: 'Debtor asked for time to pay',
      });
    }
  }

  const order = STAGE_TARGETS.map(([stage]) => stage);
  let transactions = 0;
  for (const [index, stage] of order.entries()) {
    const ids = order.slice(index).flatMap((s) => transactionsByTarget.get(s) ?? []);
    if (index === 0) {
      transactions = ids.length;
      continue;
    }
    for (let i = 0; i < ids.length; i += 500) {
      const moved = await domain.transactions.move(ids.slice(i, i + 500), stage);
      if (moved.outcome !== 'moved') throw new Error(`demo stage: ${moved.outcome}`);
    }
  }
  return { payouts, transactions };
}
