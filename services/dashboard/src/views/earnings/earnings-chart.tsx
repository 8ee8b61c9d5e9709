import type { EarningsSummary } from '@referral/dashboard-contract';
import { TransactionStage } from '@referral/events';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { stageColours, stageLabels } from '@/components/status-badges';
import { formatMonth, formatUsd } from '@/lib/format';

/**
 * Fees per month stacked by stage. Loaded on its own (recharts is most of
 * its weight); hidden from assistive tech, which reads the table beside it.
 */
export default function EarningsChart({ monthly }: { monthly: EarningsSummary['monthly'] }) {
  const data = monthly.map((m) => ({ month: formatMonth(m.month), ...m.byStage }));
  return (
    <div aria-hidden className="h-64 w-full">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart
          data={data}
          margin={{ top: 8, right: 8, bottom: 0, left: 8 }}
          accessibilityLayer={false}
        >
          <CartesianGrid vertical={false} stroke="#e2e8f0" />
          <XAxis
            dataKey="month"
            tickLine={false}
            axisLine={false}
            tick={{ fill: '#475569', fontSize: 12 }}
          />
          <YAxis
            tickLine={false}
            axisLine={false}
            width={72}
            tick={{ fill: '#475569', fontSize: 12 }}
            tickFormatter={(v: number) => formatUsd(v)}
          />
          <Tooltip
            formatter={(value, name) => [
              formatUsd(Number(value)),
              stageLabels[name as TransactionStage] ?? name,
            ]}
            cursor={{ fill: '#f1f5f9' }}
          />
          <Legend
            // The stages' own order (their lifecycle), not alphabetical.
            itemSorter={(item) =>
              TransactionStage.options.indexOf(item.dataKey as TransactionStage)
            }
            formatter={(value: string) => (
              <span className="text-xs text-slate-700">
                {stageLabels[value as TransactionStage] ?? value}
              </span>
            )}
          />
          {TransactionStage.options.map((stage) => (
            <Bar
              key={stage}
              dataKey={stage}
              stackId="fees"
              fill={stageColours[stage]}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
