import type { PoolClient } from '@referral/db';
import { partnerEvent, type Emit, type Outbox } from '../outbox';

interface ExpiredRow {
  id: string;
  partner_id: string;
  client_id: string;
  external_tenant_id: string;
  expires_at: Date;
}

async function emitExpired(emit: Emit, rows: ExpiredRow[]): Promise<void> {
  for (const row of rows) {
    await emit(
      partnerEvent(row.partner_id, 'client.link_expired', {
        clientId: row.client_id,
        externalTenantId: row.external_tenant_id,
        linkRequestId: row.id,
        expiredAt: row.expires_at.toISOString(),
      }),
    );
  }
}

/**
 * Expire one request that is past its TTL. The update only matches a pending
 * row, so whoever gets there first (the sweep, or a new POST /v1/clients)
 * emits the one `client.link_expired`.
 */
export async function expireLinkRequest(tx: PoolClient, emit: Emit, id: string): Promise<void> {
  const { rows } = await tx.query<ExpiredRow>(
    `UPDATE link_requests SET status = 'expired', decided_at = now()
     WHERE id = $1 AND status = 'pending' AND expires_at <= now()
     RETURNING id, partner_id, client_id, external_tenant_id, expires_at`,
    [id],
  );
  await emitExpired(emit, rows);
}

/**
 * Expire every pending request past its TTL, `batchSize` per transaction.
 * Safe to run from any number of dispatchers at once: rows another sweep holds
 * are skipped, and each expiry commits with its event exactly once.
 */
export async function expireDueLinkRequests(outbox: Outbox, batchSize = 500): Promise<number> {
  let total = 0;
  for (;;) {
    const expired = await outbox.inTransaction(async (tx, emit) => {
      const { rows } = await tx.query<ExpiredRow>(
        `WITH due AS (
           SELECT id FROM link_requests
           WHERE status = 'pending' AND expires_at <= now()
           ORDER BY expires_at LIMIT $1
           FOR UPDATE SKIP LOCKED
         )
         UPDATE link_requests r SET status = 'expired', decided_at = now()
         FROM due WHERE r.id = due.id
         RETURNING r.id, r.partner_id, r.client_id, r.external_tenant_id, r.expires_at`,
        [batchSize],
      );
      await emitExpired(emit, rows);
      return rows.length;
    });
    total += expired;
    if (expired < batchSize) return total;
  }
}
