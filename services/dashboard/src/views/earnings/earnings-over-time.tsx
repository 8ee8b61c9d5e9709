import type { EarningsSummary } from '@referral/dashboard-contract';
import { TransactionStage } from '@referral/events';
import { lazy, Suspense } from 'react';
import { stageLabels } from '@/components/status-badges';
import { Card } from '@/components/ui/card';
import { Skeleton } from '@/components/ui/skeleton';
import { formatMonth, formatUsd } from '@/lib/format';

const EarningsChart = lazy(() => import('./earnings-chart'));

const monthTotal = (m: EarningsSummary['monthly'][number]) =>
  Object.values(m.byStage).reduce((sum, v) => sum + (v ?? 0), 0);

/** The chart, a sentence that sums it up, and the same numbers as a table. */
export function EarningsOverTime({ summary }: { summary: EarningsSummary | undefined }) {
  const monthly = summary?.monthly ?? [];
  const best = monthly.reduce<EarningsSummary['monthly'][number] | undefined>(
    (top, m) => (!top || monthTotal(m) > monthTotal(top) ? m : top),
    undefined,
  );
  return (
    <Card aria-labelledby="earnings-chart-title" className="p-5">
      <h2 id="earnings-chart-title" className="text-sm font-semibold text-slate-900">
        Earnings over time
      </h2>
      {!summary ? (
        <Skeleton className="mt-4 h-64" />
      ) : monthly.length === 0 ? (
        <p className="mt-4 text-sm text-slate-600">No fees in this period yet.</p>
      ) : (
        <>
          <p className="mt-1 text-sm text-slate-600">
            Fees by month of payment over {monthly.length}{' '}
            {monthly.length === 1 ? 'month' : 'months'}
            {best
              ? `; the highest was ${formatMonth(best.month)} with ${formatUsd(monthTotal(best))}`
              : ''}
            .
          </p>
          <Suspense fallback={<Skeleton className="mt-4 h-64" />}>
            <div className="mt-4">
              <EarningsChart monthly={monthly} />
            </div>
          </Suspense>
          <details className="mt-3 text-sm">
            <summary className="cursor-pointer font-medium text-brand-700">
              Show the numbers as a table
            </summary>
            <div className="mt-2 overflow-x-auto">
              <table className="w-full text-right text-xs">
                <caption className="sr-only">Fees in US dollars by month and stage</caption>
                <thead>
                  <tr className="text-slate-600">
                    <th scope="col" className="py-1 text-left font-medium">
                      Month
                    </th>
                    {TransactionStage.options.map((s) => (
                      <th key={s} scope="col" className="px-2 py-1 font-medium">
                        {stageLabels[s]}
                      </th>
                    ))}
                    <th scope="col" className="py-1 font-medium">
                      Total
                    </th>
                  </tr>
                </thead>
                <tbody className="tabular-nums">
                  {monthly.map((m) => (
                    <tr key={m.month} className="border-t border-slate-100">
                      <th scope="row" className="py-1 text-left font-normal">
                        {formatMonth(m.month)}
                      </th>
                      {TransactionStage.options.map((s) => (
                        <td key={s} className="px-2 py-1">
                          {formatUsd(m.byStage[s] ?? 0)}
                        </td>
                      ))}
                      <td className="py-1 font-medium">{formatUsd(monthTotal(m))}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
        </>
      )}
    </Card>
  );
}
