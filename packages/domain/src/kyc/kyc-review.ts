import {
  decodeCursor,
  idCursor,
  toPage,
  type Page,
  type PoolClient,
  type Queryable,
} from '@referral/db';
import { z } from 'zod';
import { KycStatus } from '../clients/client';
import type { DomainContext } from '../context';
import { activeLinksOf } from '../links/client-links';
import { partnerEvent, type Emit } from '../outbox';
import { documentStore } from './document-store';
import { KYC_DOCUMENT_TYPES } from './document-type';
import { KycDetails } from './kyc-form';
import type { KycFlow } from './kyc-flow';

export const KycDocumentInfo = z.object({
  contentType: z.enum(KYC_DOCUMENT_TYPES).describe('Recognised by the file’s content'),
  byteSize: z.number().int(),
  sha256: z.string(),
  fileName: z.string().describe('As the client’s browser named it'),
  uploadedAt: z.string(),
});

export const KycSubmissionStatus = z.enum(['submitted', 'approved', 'rejected']);
export type KycSubmissionStatus = z.infer<typeof KycSubmissionStatus>;

export const KycSubmission = KycDetails.extend({
  id: z.string(),
  status: KycSubmissionStatus,
  partnerId: z.uuid().nullable().describe('Whose link the client used; null: its own'),
  submittedAt: z.string(),
  decidedAt: z.string().nullable(),
  reason: z.string().nullable().describe('Why it was rejected'),
  document: KycDocumentInfo.nullable().describe('Deleted when the submission is rejected'),
});
export type KycSubmission = z.infer<typeof KycSubmission>;

/** A client's KYC as operators review it: its status and current submission. */
export const KycReviewRecord = z.object({
  clientId: z.string(),
  companyName: z.string(),
  kycStatus: KycStatus,
  kycVerifiedAt: z.string().nullable(),
  submission: KycSubmission.nullable().describe(
    'The current submission; none until the client submits',
  ),
});
export type KycReviewRecord = z.infer<typeof KycReviewRecord>;

/** One line of the operators' review queue. */
export const KycQueueItem = z.object({
  submissionId: z.string(),
  clientId: z.string(),
  companyName: z.string(),
  country: z.string(),
  status: KycSubmissionStatus,
  partnerId: z.uuid().nullable().describe('Whose link the client used; null: its own'),
  submittedAt: z.string(),
  decidedAt: z.string().nullable(),
});
export type KycQueueItem = z.infer<typeof KycQueueItem>;

export const KycRejection = z.strictObject({
  reason: z
    .string({ error: 'say why, in words the client can act on' })
    .trim()
    .min(1, 'say why, in words the client can act on')
    .max(1000, 'at most 1000 characters'),
});
export type KycRejection = z.infer<typeof KycRejection>;

export type KycDecisionOutcome =
  | { outcome: 'not_found' }
  | { outcome: 'nothing_to_review'; kycStatus: KycStatus }
  /** Approved or rejected: the record says which. */
  | { outcome: 'decided'; record: KycReviewRecord };

interface SubmissionRow {
  id: string;
  status: KycSubmissionStatus;
  partner_id: string | null;
  legal_representative: string;
  date_of_birth: string;
  address: KycSubmission['address'];
  beneficial_owners: KycSubmission['beneficialOwners'];
  no_owner_over_25: boolean;
  created_at: Date;
  decided_at: Date | null;
  reason: string | null;
}

/** Operators review what clients submit: approve, reject with a reason, or verify out of band. */
export class KycReview {
  constructor(
    private readonly ctx: DomainContext,
    private readonly flow: KycFlow,
  ) {}

  async record(
    clientId: string,
    db: Queryable = this.ctx.pool,
  ): Promise<KycReviewRecord | undefined> {
    const { rows } = await db.query<{
      id: string;
      company_name: string;
      kyc_status: KycStatus;
      kyc_verified_at: Date | null;
    }>(`SELECT id, company_name, kyc_status, kyc_verified_at FROM clients WHERE id = $1`, [
      clientId,
    ]);
    const client = rows[0];
    if (!client) return undefined;
    const { rows: submissions } = await db.query<SubmissionRow>(
      `SELECT id, status, partner_id, legal_representative, to_char(date_of_birth, 'YYYY-MM-DD') AS date_of_birth,
              address, beneficial_owners, no_owner_over_25, created_at, decided_at, reason
       FROM kyc_submissions WHERE client_id = $1`,
      [clientId],
    );
    const s = submissions[0];
    return {
      clientId: client.id,
      companyName: client.company_name,
      kycStatus: client.kyc_status,
      kycVerifiedAt: client.kyc_verified_at?.toISOString() ?? null,
      submission: s
        ? {
            id: s.id,
            status: s.status,
            partnerId: s.partner_id,
            legalRepresentative: s.legal_representative,
            dateOfBirth: s.date_of_birth,
            address: s.address,
            beneficialOwners: s.beneficial_owners,
            noOwnerOver25: s.no_owner_over_25,
            submittedAt: s.created_at.toISOString(),
            decidedAt: s.decided_at?.toISOString() ?? null,
            reason: s.reason,
            document: (await documentStore.info(db, s.id)) ?? null,
          }
        : null,
    };
  }

  /** Submissions in one state, oldest first: what waits for review, by default. */
  async list({
    status,
    limit,
    cursor,
  }: {
    status: KycSubmissionStatus;
    limit: number;
    cursor?: string;
  }): Promise<Page<KycQueueItem>> {
    const { rows } = await this.ctx.pool.query<{
      id: string;
      client_id: string;
      company_name: string;
      country: string;
      status: KycSubmissionStatus;
      partner_id: string | null;
      created_at: Date;
      decided_at: Date | null;
    }>(
      `SELECT s.id, s.client_id, c.company_name, c.country, s.status, s.partner_id, s.created_at,
              s.decided_at
       FROM kyc_submissions s JOIN clients c ON c.id = s.client_id
       WHERE s.status = $1 AND ($2::text IS NULL OR s.id > $2)
       ORDER BY s.id LIMIT $3`,
      [status, cursor ? (decodeCursor(cursor) ?? null) : null, limit + 1],
    );
    return toPage(
      rows,
      limit,
      (r) => ({
        submissionId: r.id,
        clientId: r.client_id,
        companyName: r.company_name,
        country: r.country,
        status: r.status,
        partnerId: r.partner_id,
        submittedAt: r.created_at.toISOString(),
        decidedAt: r.decided_at?.toISOString() ?? null,
      }),
      idCursor,
    );
  }

  /** The current submission's document, for an operator to download. */
  async document(clientId: string) {
    const { rows } = await this.ctx.pool.query<{ id: string }>(
      `SELECT id FROM kyc_submissions WHERE client_id = $1`,
      [clientId],
    );
    return rows[0] && documentStore.read(this.ctx.pool, rows[0].id);
  }

  /** The submission under review is right: the company is verified and its cases can start. */
  approve(clientId: string): Promise<KycDecisionOutcome> {
    return this.decide(clientId, async (tx, emit, submissionId) => {
      await tx.query(
        `UPDATE kyc_submissions SET status = 'approved', decided_at = now() WHERE id = $1`,
        [submissionId],
      );
      await markVerified(tx, emit, clientId);
    });
  }

  /**
   * The submission under review is not enough: the client is told why (through
   * its partners) and submits again from its link. The document is deleted now:
   * nothing needs it any more.
   */
  reject(clientId: string, { reason }: KycRejection): Promise<KycDecisionOutcome> {
    return this.decide(clientId, async (tx, emit, submissionId) => {
      const { rows } = await tx.query<{ decided_at: Date }>(
        `UPDATE kyc_submissions SET status = 'rejected', decided_at = now(), reason = $2
         WHERE id = $1 RETURNING decided_at`,
        [submissionId, reason],
      );
      await documentStore.remove(tx, [submissionId]);
      await tx.query(`UPDATE clients SET kyc_status = 'rejected' WHERE id = $1`, [clientId]);
      for (const link of await activeLinksOf(tx, clientId)) {
        const solution = await this.flow.solutionUrl(tx, clientId, link.partner_id);
        await emit(
          partnerEvent(link.partner_id, 'client.kyc_rejected', {
            clientId,
            externalTenantId: link.external_tenant_id,
            rejectedAt: rows[0]!.decided_at.toISOString(),
            reason,
            solutionUrl: solution.url,
            solutionUrlExpiresAt: solution.expiresAt,
          }),
        );
      }
    });
  }

  /**
   * An operator verified the company out of band: verified at once (a
   * submission under review counts as approved). Verifying again changes
   * nothing, keeps the first time and emits nothing.
   */
  async verify(clientId: string): Promise<'not_found' | 'verified'> {
    return this.ctx.outbox.inTransaction(async (tx, emit) => {
      const client = await lockClient(tx, clientId);
      if (!client) return 'not_found';
      if (client.kyc_status === 'verified') return 'verified';
      await tx.query(
        `UPDATE kyc_submissions SET status = 'approved', decided_at = now()
         WHERE client_id = $1 AND status = 'submitted'`,
        [clientId],
      );
      await markVerified(tx, emit, clientId);
      return 'verified';
    });
  }

  private decide(
    clientId: string,
    change: (tx: PoolClient, emit: Emit, submissionId: string) => Promise<void>,
  ): Promise<KycDecisionOutcome> {
    return this.ctx.outbox.inTransaction(async (tx, emit) => {
      const client = await lockClient(tx, clientId);
      if (!client) return { outcome: 'not_found' };
      const { rows } = await tx.query<{ id: string }>(
        `SELECT id FROM kyc_submissions WHERE client_id = $1 AND status = 'submitted'`,
        [clientId],
      );
      if (client.kyc_status !== 'submitted' || !rows[0]) {
        return { outcome: 'nothing_to_review', kycStatus: client.kyc_status };
      }
      await change(tx, emit, rows[0].id);
      return { outcome: 'decided', record: (await this.record(clientId, tx))! };
    });
  }
}

async function lockClient(tx: PoolClient, clientId: string) {
  const { rows } = await tx.query<{ kyc_status: KycStatus }>(
    `SELECT kyc_status FROM clients WHERE id = $1 FOR UPDATE`,
    [clientId],
  );
  return rows[0];
}

/** The client is verified; every partner linked to it hears of it. */
async function markVerified(tx: PoolClient, emit: Emit, clientId: string): Promise<void> {
  const { rows } = await tx.query<{ kyc_verified_at: Date }>(
    `UPDATE clients SET kyc_status = 'verified', kyc_verified_at = now() WHERE id = $1
     RETURNING kyc_verified_at`,
    [clientId],
  );
  const verifiedAt = rows[0]!.kyc_verified_at.toISOString();
  for (const link of await activeLinksOf(tx, clientId)) {
    await emit(
      partnerEvent(link.partner_id, 'client.kyc_verified', {
        clientId,
        externalTenantId: link.external_tenant_id,
        verifiedAt,
      }),
    );
  }
}
