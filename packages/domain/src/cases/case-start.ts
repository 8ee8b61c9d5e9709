import type { CaseMilestone } from '@referral/events';

/**
 * The milestone of a case that starts (goes active with a collection
 * partner): starting is what `collection_started` means, whether the case is
 * created active or was pending. Milestones only move forward, so one an
 * operator already moved past it is kept.
 */
export function milestoneOnStart(current: CaseMilestone): CaseMilestone {
  return current === 'created' ? 'collection_started' : current;
}
