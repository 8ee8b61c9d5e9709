import type { Queryable } from '@referral/db';
import type { Partner } from '../partners/partner-service';
import type { DomainContext } from '../context';
import { partnerEvent } from '../outbox';
import { insertLink } from './new-link';
import { partnerPageLook, type PartnerPageLook } from '../page-look';

export type LinkRequestState = 'pending' | 'approved' | 'rejected' | 'expired';

/** What the approval page shows. */
export interface LinkRequestPage {
  state: LinkRequestState;
  partner: PartnerPageLook;
  companyName: string;
  country: string;
  registrationNumber: string;
  expiresAt: string;
}

export type LinkDecision = 'approve' | 'reject';

export type DecideOutcome =
  | { outcome: 'not_found' }
  | { outcome: 'approved' | 'rejected'; page: LinkRequestPage }
  /** Expired, or decided before: nothing changes. */
  | { outcome: 'closed'; page: LinkRequestPage };

interface RequestRow {
  id: string;
  partner_id: string;
  client_id: string;
  external_tenant_id: string;
  status: LinkRequestState;
  expires_at: Date;
  open: boolean;
  company_name: string;
  country: string;
  registration_number: string;
}

/** The hosted link-approval page's side of link requests. */
export class LinkRequests {
  constructor(
    private readonly ctx: DomainContext,
    private readonly partners: { get(id: string): Promise<Partner | undefined> },
  ) {}

  /** The request a page token names, or undefined for a token that is not ours. */
  async page(token: string): Promise<LinkRequestPage | undefined> {
    const id = this.ctx.pageTokens.verify(token, 'lrq');
    if (!id) return undefined;
    const row = await this.load(this.ctx.pool, id, false);
    return row && this.toPage(row);
  }

  /** Approve (a non-attributed link, fee snapshotted) or reject; only while the request is open. */
  async decide(token: string, decision: LinkDecision): Promise<DecideOutcome> {
    const id = this.ctx.pageTokens.verify(token, 'lrq');
    if (!id) return { outcome: 'not_found' };
    return this.ctx.outbox.inTransaction(async (tx, emit) => {
      const row = await this.load(tx, id, true);
      if (!row) return { outcome: 'not_found' };
      if (row.status !== 'pending' || !row.open) {
        return { outcome: 'closed', page: await this.toPage(row) };
      }
      const status = decision === 'approve' ? 'approved' : 'rejected';
      const { rows } = await tx.query<{ decided_at: Date }>(
        `UPDATE link_requests SET status = $2, decided_at = now() WHERE id = $1 RETURNING decided_at`,
        [id, status],
      );
      if (decision === 'approve') {
        await insertLink(tx, emit, {
          partnerId: row.partner_id,
          clientId: row.client_id,
          companyName: row.company_name,
          externalTenantId: row.external_tenant_id,
          attribution: 'non_attributed',
        });
      } else {
        await emit(
          partnerEvent(row.partner_id, 'client.link_rejected', {
            clientId: row.client_id,
            externalTenantId: row.external_tenant_id,
            linkRequestId: id,
            rejectedAt: rows[0]!.decided_at.toISOString(),
          }),
        );
      }
      return { outcome: status, page: await this.toPage({ ...row, status }) };
    });
  }

  private async load(
    db: Queryable,
    id: string,
    forUpdate: boolean,
  ): Promise<RequestRow | undefined> {
    const { rows } = await db.query<RequestRow>(
      `SELECT r.id, r.partner_id, r.client_id, r.external_tenant_id, r.status, r.expires_at,
              r.expires_at > now() AS open, c.company_name, c.country, c.registration_number
       FROM link_requests r JOIN clients c ON c.id = r.client_id
       WHERE r.id = $1 ${forUpdate ? 'FOR UPDATE OF r' : ''}`,
      [id],
    );
    return rows[0];
  }

  private async toPage(row: RequestRow): Promise<LinkRequestPage> {
    return {
      // A pending request past its TTL is expired to the client, swept or not.
      state: row.status === 'pending' && !row.open ? 'expired' : row.status,
      partner: await partnerPageLook(this.partners, row.partner_id),
      companyName: row.company_name,
      country: row.country,
      registrationNumber: row.registration_number,
      expiresAt: row.expires_at.toISOString(),
    };
  }
}
