import { newId } from '@referral/db';
import { CaseMilestone, type CaseStatus } from '@referral/events';
import type { DomainContext } from '../context';
import type { CaseMessage, CaseMessageInput, CaseProgressInput } from './case';
import { addActivity, recordCaseChange } from './case-history';
import { findCase, type CaseRow } from './case-query';

// Where each status may go. Pending is only ever a start: the platform leaves
// it by itself once nothing is missing, or an operator closes the case.
const nextStatuses: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = {
  pending: ['closed'],
  active: ['paused', 'closed'],
  paused: ['active', 'closed'],
  closed: [],
};

export type ProgressOutcome =
  | { outcome: 'not_found' }
  | { outcome: 'moved'; case: CaseRow }
  | {
      outcome: 'invalid_transition';
      field: 'status' | 'milestone';
      from: string;
      to: string;
      allowed: readonly string[];
    };

export type MessageOutcome = { outcome: 'not_found' } | { outcome: 'sent'; message: CaseMessage };

/** Operators move cases (status, milestone) and relay messages; each lands on the timeline. */
export class CaseProgress {
  constructor(private readonly ctx: DomainContext) {}

  /** Any case, as operators see it. */
  find(reference: string): Promise<CaseRow | undefined> {
    return findCase(this.ctx.pool, reference, null);
  }

  move(reference: string, change: CaseProgressInput): Promise<ProgressOutcome> {
    return this.ctx.outbox.inTransaction(async (tx, emit) => {
      const { rows } = await tx.query<{ id: string }>(
        `SELECT id FROM cases WHERE reference = $1 FOR UPDATE`,
        [reference],
      );
      if (!rows[0]) return { outcome: 'not_found' };
      const before = (await findCase(tx, reference, null))!;
      const status = change.status ?? before.status;
      const milestone = change.milestone ?? before.milestone;

      if (change.status !== undefined && !nextStatuses[before.status].includes(status)) {
        return {
          outcome: 'invalid_transition',
          field: 'status',
          from: before.status,
          to: status,
          allowed: nextStatuses[before.status],
        };
      }
      const milestones = CaseMilestone.options;
      const laterMilestones = milestones.slice(milestones.indexOf(before.milestone) + 1);
      if (
        change.milestone !== undefined &&
        (before.status === 'closed' || !laterMilestones.includes(milestone))
      ) {
        return {
          outcome: 'invalid_transition',
          field: 'milestone',
          from: before.milestone,
          to: milestone,
          allowed: before.status === 'closed' ? [] : laterMilestones,
        };
      }

      const updated = await tx.query<{ updated_at: Date }>(
        `UPDATE cases SET status = $2, milestone = $3, updated_at = now(),
                pending_reason = CASE WHEN $2 = 'pending' THEN pending_reason END
         WHERE id = $1 RETURNING updated_at`,
        [before.id, status, milestone],
      );
      await recordCaseChange(
        tx,
        emit,
        { ...before, clientId: before.client_id },
        { status, milestone, updatedAt: updated.rows[0]!.updated_at },
        change.reason ?? null,
      );
      return { outcome: 'moved', case: (await findCase(tx, reference, null))! };
    });
  }

  /** Store a message between the client and the collection partner. */
  message(reference: string, input: CaseMessageInput): Promise<MessageOutcome> {
    return this.ctx.outbox.inTransaction(async (tx) => {
      const kase = await findCase(tx, reference, null);
      if (!kase) return { outcome: 'not_found' };
      const { rows } = await tx.query<{ id: string; created_at: Date }>(
        `INSERT INTO case_messages (id, case_id, sender, body) VALUES ($1, $2, $3, $4)
         RETURNING id, created_at`,
        [newId('msg'), kase.id, input.from, input.body],
      );
      const who = input.from === 'client' ? 'the client' : 'the collection partner';
      await addActivity(tx, kase.id, 'message', `Message from ${who}`);
      const row = rows[0]!;
      return {
        outcome: 'sent',
        message: {
          id: row.id,
          from: input.from,
          body: input.body,
          sentAt: row.created_at.toISOString(),
        },
      };
    });
  }
}
