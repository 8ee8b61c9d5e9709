import type { PoolClient } from '@referral/db';
import type { CaseMilestone, CasePendingReason, CaseStatus } from '@referral/events';
import type { Emit } from '../outbox';
import { addActivity, recordCaseChange } from './case-history';
import { milestoneOnStart } from './case-start';
import { missingContracts } from './contracts';
import { routeFor } from './collection-route';

interface WaitingRow {
  id: string;
  reference: string;
  client_id: string;
  status: CaseStatus;
  milestone: CaseMilestone;
  pending_reason: CasePendingReason;
  debtor_country: string;
}

/**
 * Start the pending cases whose reason has gone: contracts now signed (a
 * client's cases) or a collection partner now routed (a country's cases).
 * A case still missing something keeps waiting, with its current reason.
 */
export async function resumeWaitingCases(
  tx: PoolClient,
  emit: Emit,
  scope: { clientId: string } | { country: string },
): Promise<number> {
  const { rows } = await tx.query<WaitingRow>(
    `SELECT id, reference, client_id, status, milestone, pending_reason, debtor_country
     FROM cases
     WHERE status = 'pending' AND ${'clientId' in scope ? 'client_id' : 'debtor_country'} = $1
     ORDER BY id FOR UPDATE`,
    ['clientId' in scope ? scope.clientId : scope.country],
  );
  let started = 0;
  for (const row of rows) {
    if ((await missingContracts(tx, row.client_id, row.debtor_country)).length > 0) continue;
    const route = await routeFor(tx, row.debtor_country);
    if (!route) {
      if (row.pending_reason !== 'no_collection_partner') {
        await tx.query(
          `UPDATE cases SET pending_reason = 'no_collection_partner', updated_at = now() WHERE id = $1`,
          [row.id],
        );
        await addActivity(
          tx,
          row.id,
          'status_changed',
          `Contracts signed; waiting for a collection partner in ${row.debtor_country}`,
        );
      }
      continue;
    }
    const milestone = milestoneOnStart(row.milestone);
    const { rows: updated } = await tx.query<{ updated_at: Date }>(
      `UPDATE cases SET status = 'active', milestone = $4, pending_reason = NULL,
              collection_partner_id = $2, commission_percent = $3, started_at = now(),
              updated_at = now()
       WHERE id = $1 RETURNING updated_at`,
      [row.id, route.id, route.commissionPercent, milestone],
    );
    await recordCaseChange(
      tx,
      emit,
      { ...row, clientId: row.client_id },
      { status: 'active', milestone, updatedAt: updated[0]!.updated_at },
      row.pending_reason === 'contracts_missing'
        ? `contracts signed; routed to ${route.name}`
        : `routed to ${route.name}`,
    );
    started += 1;
  }
  return started;
}
