import type { PoolClient } from '@referral/db';
import { CaseMilestone, type CaseStatus } from '@referral/events';
import { partnerEvent, type Emit } from '../outbox';
import { activeLinksOf } from '../links/client-links';
import type { TimelineEntry } from './case';
import type { z } from 'zod';

type ActivityKind = z.infer<typeof TimelineEntry>['kind'];

/** Add a line to the case's activity timeline. */
export async function addActivity(
  tx: PoolClient,
  caseId: string,
  kind: ActivityKind,
  summary: string,
): Promise<void> {
  await tx.query(`INSERT INTO case_activity (case_id, kind, summary) VALUES ($1, $2, $3)`, [
    caseId,
    kind,
    summary,
  ]);
}

export interface CaseState {
  id: string;
  reference: string;
  clientId: string;
  status: CaseStatus;
  milestone: CaseMilestone;
}

const words = (value: string) => value.replaceAll('_', ' ');

/**
 * The milestone a `status_changed` timeline entry moved the case to, read
 * back from the summary `recordCaseChange` writes; undefined when the entry
 * moved only the status.
 */
export function milestoneMovedTo(summary: string): CaseMilestone | undefined {
  const moved = /Milestone [a-z ]+ → ([a-z ]+)/.exec(summary)?.[1];
  return CaseMilestone.options.find((m) => words(m) === moved);
}

/**
 * A case moved (status, milestone or both): the timeline gets a line, and
 * every partner with an active link to the client a `case.status_changed`.
 */
export async function recordCaseChange(
  tx: PoolClient,
  emit: Emit,
  before: CaseState,
  after: Pick<CaseState, 'status' | 'milestone'> & { updatedAt: Date },
  reason: string | null,
): Promise<void> {
  const moves = [
    before.status !== after.status && `Status ${before.status} → ${after.status}`,
    before.milestone !== after.milestone &&
      `Milestone ${words(before.milestone)} → ${words(after.milestone)}`,
  ].filter(Boolean);
  await addActivity(
    tx,
    before.id,
    'status_changed',
    `${moves.join('; ')}${reason ? ` (${reason})` : ''}`,
  );
  for (const link of await activeLinksOf(tx, before.clientId)) {
    await emit(
      partnerEvent(link.partner_id, 'case.status_changed', {
        caseId: before.id,
        reference: before.reference,
        clientId: before.clientId,
        previousStatus: before.status,
        status: after.status,
        previousMilestone: before.milestone,
        milestone: after.milestone,
        changedAt: after.updatedAt.toISOString(),
        reason,
      }),
    );
  }
}
