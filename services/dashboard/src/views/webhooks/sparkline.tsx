import type { SubscriptionHealth } from '@referral/dashboard-contract';
import { formatCount } from '@/lib/format';

// Drawn in a 24-slot viewBox and stretched to the card's width.
const WIDTH = 240;
const HEIGHT = 32;

/** 24 hourly bars, successes stacked on failures; the label says the totals. */
export function Sparkline({ hourly }: { hourly: SubscriptionHealth['hourly'] }) {
  const succeeded = hourly.reduce((n, h) => n + h.succeeded, 0);
  const failed = hourly.reduce((n, h) => n + h.failed, 0);
  const max = Math.max(1, ...hourly.map((h) => h.succeeded + h.failed));
  const slot = WIDTH / Math.max(hourly.length, 24);
  const bar = Math.max(1, slot - 2);
  const label = `Last 24 hours: ${formatCount(succeeded)} succeeded, ${formatCount(failed)} failed`;
  return (
    <div className="flex items-center gap-3">
      <svg
        role="img"
        aria-label={label}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        preserveAspectRatio="none"
        className="h-8 min-w-0 flex-1"
      >
        <title>{label}</title>
        {hourly.map((h, i) => {
          const okHeight = (h.succeeded / max) * (HEIGHT - 2);
          const failHeight = (h.failed / max) * (HEIGHT - 2);
          const x = i * slot + 1;
          return (
            <g key={h.hourStart}>
              {h.succeeded + h.failed === 0 ? (
                <rect x={x} y={HEIGHT - 3} width={bar} height={2} fill="#e2e8f0" />
              ) : null}
              <rect
                x={x}
                y={HEIGHT - 1 - failHeight}
                width={bar}
                height={failHeight}
                fill="#dc2626"
                rx={1}
              />
              <rect
                x={x}
                y={HEIGHT - 1 - failHeight - okHeight}
                width={bar}
                height={okHeight}
                fill="#10b981"
                rx={1}
              />
            </g>
          );
        })}
      </svg>
      <p aria-hidden className="shrink-0 text-xs whitespace-nowrap text-slate-600 tabular-nums">
        <span className="text-emerald-700">{formatCount(succeeded)} ok</span>
        {' · '}
        <span className={failed ? 'text-red-700' : undefined}>{formatCount(failed)} failed</span>
      </p>
    </div>
  );
}
