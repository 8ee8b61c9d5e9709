import { newId, type PoolClient, type Queryable } from '@referral/db';
import type { DomainContext } from '../context';
import type { SolutionUrl } from '../cases/contract-signing';
import { activeLinksOf } from '../links/client-links';
import { partnerEvent } from '../outbox';
import { openPageSession } from '../tokens/page-sessions';
import { partnerPageLook, type PartnerPageLook } from '../page-look';
import type { Partner } from '../partners/partner-service';
import type { KycStatus } from '../clients/client';
import { documentStore } from './document-store';
import { checkDocument, type UploadedFile } from './document-type';
import { parseKycForm, type KycFormErrors } from './kyc-form';

/** What the hosted KYC page shows. */
export interface KycPage {
  /**
   * open: the form; rejected: the operator's reason and the form again;
   * submitted: under review, no form; verified: done; expired: a new link is needed.
   */
  state: 'open' | 'rejected' | 'submitted' | 'verified' | 'expired';
  /** The partner whose client this is; null when the client acted on its own. */
  partner: PartnerPageLook | null;
  companyName: string;
  expiresAt: string;
  submittedAt: string | null;
  rejection: { reason: string; rejectedAt: string } | null;
}

export type SubmitKycOutcome =
  | { outcome: 'not_found' }
  /** Nothing changes; the page shows the form again with these errors. */
  | { outcome: 'invalid'; page: KycPage; errors: KycFormErrors }
  /** Under review, verified or expired: nothing changes. */
  | { outcome: 'closed'; page: KycPage }
  | { outcome: 'submitted'; page: KycPage };

interface SessionRow {
  session_id: string;
  client_id: string;
  partner_id: string | null;
  expires_at: Date;
  open: boolean;
  company_name: string;
  kyc_status: KycStatus;
  submitted_at: Date | null;
  decided_at: Date | null;
  reason: string | null;
}

const SESSION_PREFIX = 'kys';
const SUBMISSION_PREFIX = 'kyc';

/** The hosted KYC form (the kyc-required 422's solutionUrl) and what the client submits there. */
export class KycFlow {
  constructor(
    private readonly ctx: DomainContext,
    private readonly partners: { get(id: string): Promise<Partner | undefined> },
  ) {}

  /**
   * The KYC form's URL for a client, as one partner (or the client itself,
   * null) sends it: the open one shown again, or a new one. The caller holds
   * the client row locked.
   */
  async solutionUrl(
    tx: PoolClient,
    clientId: string,
    partnerId: string | null,
  ): Promise<SolutionUrl> {
    const session = await openPageSession(
      tx,
      'kyc_sessions',
      SESSION_PREFIX,
      { client_id: clientId, partner_id: partnerId },
      this.ctx.onboardingTtlMs,
    );
    return {
      url: this.ctx.urls.kyc(this.ctx.pageTokens.issue(session.id)),
      expiresAt: session.expiresAt.toISOString(),
      isNew: session.isNew,
    };
  }

  async page(token: string): Promise<KycPage | undefined> {
    const id = this.ctx.pageTokens.verify(token, SESSION_PREFIX);
    if (!id) return undefined;
    const row = await this.load(this.ctx.pool, id, false);
    return row && this.toPage(row);
  }

  /**
   * Submit the form: the client moves to `submitted`, its partners hear of it,
   * and the document goes to the store. A rejected submission (and anything
   * left of its document) is replaced. Bad input changes nothing.
   */
  async submit(
    token: string,
    form: Record<string, unknown>,
    file: UploadedFile | undefined,
  ): Promise<SubmitKycOutcome> {
    const id = this.ctx.pageTokens.verify(token, SESSION_PREFIX);
    if (!id) return { outcome: 'not_found' };
    const parsed = parseKycForm(form);
    const checked = checkDocument(file);
    if (!parsed.ok || 'error' in checked) {
      const page = await this.page(token);
      if (!page) return { outcome: 'not_found' };
      const errors = parsed.ok ? {} : parsed.errors;
      if ('error' in checked) errors.document = checked.error;
      return isKycPageOpen(page)
        ? { outcome: 'invalid', page, errors }
        : { outcome: 'closed', page };
    }
    const details = parsed.details;
    return this.ctx.outbox.inTransaction(async (tx, emit) => {
      const row = await this.load(tx, id, true);
      if (!row) return { outcome: 'not_found' };
      const before = await this.toPage(row);
      if (!isKycPageOpen(before)) return { outcome: 'closed', page: before };

      // One submission per client: a rejected one makes room for this one.
      const { rows: replaced } = await tx.query<{ id: string }>(
        `SELECT id FROM kyc_submissions WHERE client_id = $1`,
        [row.client_id],
      );
      await documentStore.remove(
        tx,
        replaced.map((r) => r.id),
      );
      await tx.query(`DELETE FROM kyc_submissions WHERE client_id = $1`, [row.client_id]);

      const submissionId = newId(SUBMISSION_PREFIX);
      const { rows: inserted } = await tx.query<{ created_at: Date }>(
        `INSERT INTO kyc_submissions (id, client_id, session_id, partner_id, legal_representative,
           date_of_birth, address, beneficial_owners, no_owner_over_25)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING created_at`,
        [
          submissionId,
          row.client_id,
          row.session_id,
          row.partner_id,
          details.legalRepresentative,
          details.dateOfBirth,
          JSON.stringify(details.address),
          JSON.stringify(details.beneficialOwners),
          details.noOwnerOver25,
        ],
      );
      await documentStore.put(tx, submissionId, checked.document);
      await tx.query(`UPDATE clients SET kyc_status = 'submitted' WHERE id = $1`, [row.client_id]);
      const submittedAt = inserted[0]!.created_at.toISOString();
      for (const link of await activeLinksOf(tx, row.client_id)) {
        await emit(
          partnerEvent(link.partner_id, 'client.kyc_submitted', {
            clientId: row.client_id,
            externalTenantId: link.external_tenant_id,
            submissionId,
            submittedAt,
          }),
        );
      }
      const after = await this.load(tx, id, false);
      return { outcome: 'submitted', page: await this.toPage(after!) };
    });
  }

  private async load(db: Queryable, id: string, forUpdate: boolean) {
    // Locking the client row serialises submissions and decisions for one company.
    const { rows } = await db.query<SessionRow>(
      `SELECT s.id AS session_id, s.client_id, s.partner_id, s.expires_at,
              s.expires_at > now() AS open, c.company_name, c.kyc_status,
              k.created_at AS submitted_at, k.decided_at, k.reason
       FROM kyc_sessions s
       JOIN clients c ON c.id = s.client_id
       LEFT JOIN kyc_submissions k ON k.client_id = s.client_id
       WHERE s.id = $1 ${forUpdate ? 'FOR UPDATE OF c' : ''}`,
      [id],
    );
    return rows[0];
  }

  private async toPage(row: SessionRow): Promise<KycPage> {
    return {
      state: pageState(row),
      partner: row.partner_id ? await partnerPageLook(this.partners, row.partner_id) : null,
      companyName: row.company_name,
      expiresAt: row.expires_at.toISOString(),
      submittedAt:
        row.kyc_status === 'submitted' ? (row.submitted_at?.toISOString() ?? null) : null,
      rejection:
        row.kyc_status === 'rejected' && row.reason && row.decided_at
          ? { reason: row.reason, rejectedAt: row.decided_at.toISOString() }
          : null,
    };
  }
}

/** Decided or under review wins over an expired link: the page says where things stand. */
function pageState(row: SessionRow): KycPage['state'] {
  if (row.kyc_status === 'verified' || row.kyc_status === 'submitted') return row.kyc_status;
  if (!row.open) return 'expired';
  return row.kyc_status === 'rejected' ? 'rejected' : 'open';
}

/** A page that takes a submission. */
export const isKycPageOpen = (page: KycPage) => page.state === 'open' || page.state === 'rejected';
