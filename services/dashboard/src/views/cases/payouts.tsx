import type { CaseDetailView } from '@referral/dashboard-contract';
import { StageBadge } from '@/components/status-badges';
import { Callout } from '@/components/ui/callout';
import { formatDate, formatMoney, formatUsd } from '@/lib/format';

/** Each payment of the case: the partner's fee on it, or why there is none and what to do. */
export function Payouts({ payouts }: { payouts: CaseDetailView['payouts'] }) {
  if (payouts.length === 0) {
    return (
      <p className="text-sm text-slate-600">
        No payments yet. Your fee appears here when the debtor pays.
      </p>
    );
  }
  return (
    <ul className="divide-y divide-slate-100">
      {payouts.map((payout) => (
        <li key={payout.id} className="py-3 first:pt-0 last:pb-0">
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <p className="text-sm text-slate-900">
              <span className="font-medium">
                {formatMoney(payout.amountMinor, payout.currency)}
              </span>{' '}
              paid {formatDate(payout.paidAt)}
            </p>
            {payout.fee ? <StageBadge stage={payout.fee.stage} /> : null}
          </div>
          <p className="mt-0.5 text-xs text-slate-600">
            Platform revenue {formatMoney(payout.platformRevenueMinor, payout.currency)}
          </p>
          {payout.fee ? (
            <p className="mt-1 text-sm text-slate-700">
              Your fee:{' '}
              <span className="font-semibold text-slate-900">{formatUsd(payout.fee.usdMinor)}</span>{' '}
              <span className="text-slate-600">
                ({payout.fee.feePercent}% · {formatMoney(payout.fee.amountMinor, payout.currency)}
                {payout.fee.usdLocked
                  ? ', USD amount locked'
                  : ', USD amount moves with the exchange rate until invoiced'}
                )
              </span>
            </p>
          ) : payout.noFee ? (
            <Callout tone="warning" className="mt-2" title="No referral fee on this payment">
              <p>{payout.noFee.explanation}</p>
              <p className="mt-2 font-medium">What you can do</p>
              <p>{payout.noFee.whatYouCanDo}</p>
            </Callout>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
