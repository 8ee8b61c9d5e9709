import type { PoolClient, Queryable } from '@referral/db';
import type { z } from 'zod';
import type { DomainContext } from '../context';
import { signSdca } from '../onboarding/sdca';
import { openPageSession } from '../tokens/page-sessions';
import { signatureForm } from '../signature-input';
import { partnerPageLook, type PartnerPageLook } from '../page-look';
import type { Partner } from '../partners/partner-service';
import type { ContractStatus } from './case';
import { contractStatuses } from './contracts';
import { resumeWaitingCases } from './waiting-cases';

export const ContractSignature = signatureForm('tick the box to accept the contracts listed');
export type ContractSignature = z.infer<typeof ContractSignature>;

/** What the contract-signing page shows: the contracts the debtor's country needs. */
export interface ContractPage {
  state: 'open' | 'completed' | 'expired';
  /** The partner whose client this is; null when the client acted on its own. */
  partner: PartnerPageLook | null;
  companyName: string;
  debtorCountry: string;
  contracts: z.infer<typeof ContractStatus>[];
  expiresAt: string;
}

export type SignContractsOutcome =
  | { outcome: 'not_found' }
  | { outcome: 'signed'; page: ContractPage }
  /** Expired, or nothing left to sign: nothing changes. */
  | { outcome: 'closed'; page: ContractPage };

export interface SolutionUrl {
  url: string;
  expiresAt: string;
  /** False when an open URL was shown again. */
  isNew: boolean;
}

interface SessionRow {
  client_id: string;
  partner_id: string | null;
  country: string;
  expires_at: Date;
  open: boolean;
  company_name: string;
}

const SESSION_PREFIX = 'csg';

/** The hosted page where a client signs the contracts a case needs (the 422's solutionUrl). */
export class ContractSigning {
  constructor(
    private readonly ctx: DomainContext,
    private readonly partners: { get(id: string): Promise<Partner | undefined> },
  ) {}

  /**
   * The signing URL for a client and debtor country: the open one shown
   * again, or a new one. The caller holds the client row locked.
   */
  async solutionUrl(
    tx: PoolClient,
    clientId: string,
    partnerId: string | null,
    country: string,
  ): Promise<SolutionUrl> {
    const session = await openPageSession(
      tx,
      'contract_signing_sessions',
      SESSION_PREFIX,
      { client_id: clientId, country, partner_id: partnerId },
      this.ctx.onboardingTtlMs,
    );
    return {
      url: this.ctx.urls.contracts(this.ctx.pageTokens.issue(session.id)),
      expiresAt: session.expiresAt.toISOString(),
      isNew: session.isNew,
    };
  }

  async page(token: string): Promise<ContractPage | undefined> {
    const id = this.ctx.pageTokens.verify(token, SESSION_PREFIX);
    if (!id) return undefined;
    const row = await this.load(this.ctx.pool, id, false);
    return row && this.toPage(this.ctx.pool, row);
  }

  /** Sign every contract still missing; cases waiting for them start. */
  async sign(token: string, signature: ContractSignature): Promise<SignContractsOutcome> {
    const id = this.ctx.pageTokens.verify(token, SESSION_PREFIX);
    if (!id) return { outcome: 'not_found' };
    return this.ctx.outbox.inTransaction(async (tx, emit) => {
      const row = await this.load(tx, id, true);
      if (!row) return { outcome: 'not_found' };
      const before = await this.toPage(tx, row);
      if (before.state !== 'open') return { outcome: 'closed', page: before };

      for (const contract of before.contracts) {
        if (contract.status === 'signed') continue;
        if (contract.type === 'sdca') {
          await signSdca(
            tx,
            emit,
            { id: row.client_id, companyName: row.company_name },
            signature.signerName,
          );
        } else {
          await tx.query(
            `INSERT INTO client_contracts (client_id, contract_type, country, signed_by)
             VALUES ($1, $2, $3, $4)`,
            [row.client_id, contract.type, row.country, signature.signerName],
          );
        }
      }
      await resumeWaitingCases(tx, emit, { clientId: row.client_id });
      return { outcome: 'signed', page: await this.toPage(tx, row) };
    });
  }

  private async load(db: Queryable, id: string, forUpdate: boolean) {
    // Locking the client row serialises two signatures of the same company.
    const { rows } = await db.query<SessionRow>(
      `SELECT s.client_id, s.partner_id, s.country, s.expires_at, s.expires_at > now() AS open,
              c.company_name
       FROM contract_signing_sessions s JOIN clients c ON c.id = s.client_id
       WHERE s.id = $1 ${forUpdate ? 'FOR UPDATE OF c' : ''}`,
      [id],
    );
    return rows[0];
  }

  private async toPage(db: Queryable, row: SessionRow): Promise<ContractPage> {
    const contracts = await contractStatuses(db, row.client_id, row.country);
    const complete = contracts.every((c) => c.status === 'signed');
    return {
      state: complete ? 'completed' : row.open ? 'open' : 'expired',
      partner: row.partner_id ? await partnerPageLook(this.partners, row.partner_id) : null,
      companyName: row.company_name,
      debtorCountry: row.country,
      contracts,
      expiresAt: row.expires_at.toISOString(),
    };
  }
}
