import type { CaseDetailView } from '@referral/dashboard-contract';
import type { CaseMilestone } from '@referral/events';
import { cn } from '@/lib/cn';
import { formatDate } from '@/lib/format';

const labels: Record<CaseMilestone, string> = {
  created: 'Created',
  collection_started: 'Collection started',
  in_collection: 'In collection',
  resolved: 'Resolved',
};

/** The four milestones in order, the current one marked as the current step. */
export function MilestoneTracker({
  milestones,
  current,
}: {
  milestones: CaseDetailView['milestones'];
  current: CaseMilestone;
}) {
  return (
    <ol aria-label="Milestones" className="grid grid-cols-2 gap-y-4 sm:grid-cols-4">
      {milestones.map((step, index) => {
        const isCurrent = step.milestone === current;
        return (
          <li
            key={step.milestone}
            aria-current={isCurrent ? 'step' : undefined}
            className="relative flex flex-col gap-1 pr-4"
          >
            <div className="flex items-center">
              <span
                aria-hidden
                className={cn(
                  'z-10 grid size-6 place-items-center rounded-full text-xs font-semibold ring-2',
                  step.reached
                    ? 'bg-brand-600 text-white ring-brand-600'
                    : 'bg-white text-slate-500 ring-slate-300',
                  isCurrent && 'ring-4 ring-brand-100',
                )}
              >
                {step.reached ? '✓' : index + 1}
              </span>
              {index < milestones.length - 1 ? (
                <span
                  aria-hidden
                  className={cn(
                    'ml-2 h-0.5 flex-1',
                    milestones[index + 1]?.reached ? 'bg-brand-600' : 'bg-slate-200',
                  )}
                />
              ) : null}
            </div>
            <span
              className={cn(
                'text-sm font-medium',
                step.reached ? 'text-slate-900' : 'text-slate-600',
              )}
            >
              {labels[step.milestone]}
              <span className="sr-only">{step.reached ? ' (reached)' : ' (not reached)'}</span>
            </span>
            <span className="text-xs text-slate-600">
              {step.at ? formatDate(step.at) : step.reached ? 'Date not recorded' : 'Not yet'}
            </span>
          </li>
        );
      })}
    </ol>
  );
}
