import type { PoolClient, Queryable } from '@referral/db';
import type { z } from 'zod';
import type { DomainContext } from '../context';
import { resumeWaitingCases } from '../cases/waiting-cases';
import { partnerPageLook, type PartnerPageLook } from '../page-look';
import type { Partner } from '../partners/partner-service';
import { signSdca } from './sdca';
import { signatureForm } from '../signature-input';
import {
  addUser,
  removeUser,
  usersOf,
  type AddUserOutcome,
  type ClientUser,
  type ClientUserInput,
} from './client-users';

export type OnboardingPageState = 'open' | 'completed' | 'expired';

/** What the onboarding page shows: the company's details to confirm, and the SDCA. */
export interface OnboardingPage {
  state: OnboardingPageState;
  partner: PartnerPageLook;
  companyName: string;
  country: string;
  registrationNumber: string;
  contactEmail: string;
  contactName: string | null;
  /** The people the client added to use the platform, before it signs. */
  users: ClientUser[];
  expiresAt: string;
}

/** The form's fields, as the browser posts them. */
export const SdcaSignature = signatureForm(
  'tick the box to confirm the details and accept the SDCA',
);
export type SdcaSignature = z.infer<typeof SdcaSignature>;

export type CompleteOutcome =
  | { outcome: 'not_found' }
  | { outcome: 'completed'; page: OnboardingPage }
  /** Expired, or signed before: nothing changes. */
  | { outcome: 'closed'; page: OnboardingPage };

/** Adding or removing a user: its own outcome, or the page is no longer open. */
export type UserChangeOutcome<O> =
  | { outcome: 'not_found' }
  | { outcome: 'closed'; page: OnboardingPage }
  | (O & { page: OnboardingPage });

interface SessionRow {
  client_id: string;
  partner_id: string;
  expires_at: Date;
  open: boolean;
  company_name: string;
  country: string;
  registration_number: string;
  contact_email: string;
  contact_name: string | null;
  sdca_signed_at: Date | null;
}

/** The hosted onboarding page: the client confirms its details and signs the SDCA. */
export class Onboarding {
  constructor(
    private readonly ctx: DomainContext,
    private readonly partners: { get(id: string): Promise<Partner | undefined> },
  ) {}

  async page(token: string): Promise<OnboardingPage | undefined> {
    const id = this.ctx.pageTokens.verify(token, 'onb');
    if (!id) return undefined;
    const row = await this.load(this.ctx.pool, id, false);
    return row && this.toPage(this.ctx.pool, row);
  }

  /**
   * Sign the SDCA: onboarding is complete, every partner linked to the client
   * hears of it (`client.onboarding_completed`), and cases waiting for it start.
   */
  async complete(token: string, signature: SdcaSignature): Promise<CompleteOutcome> {
    const id = this.ctx.pageTokens.verify(token, 'onb');
    if (!id) return { outcome: 'not_found' };
    return this.ctx.outbox.inTransaction(async (tx, emit) => {
      const row = await this.load(tx, id, true);
      if (!row) return { outcome: 'not_found' };
      if (row.sdca_signed_at || !row.open)
        return { outcome: 'closed', page: await this.toPage(tx, row) };

      const signedAt = await signSdca(
        tx,
        emit,
        { id: row.client_id, companyName: row.company_name },
        signature.signerName,
      );
      await resumeWaitingCases(tx, emit, { clientId: row.client_id });
      return {
        outcome: 'completed',
        page: await this.toPage(tx, { ...row, sdca_signed_at: signedAt }),
      };
    });
  }

  /** Add a user to the company, while the page is open and the SDCA unsigned. */
  addUser(token: string, input: ClientUserInput): Promise<UserChangeOutcome<AddUserOutcome>> {
    return this.changeUsers(token, async (tx, clientId) => addUser(tx, clientId, input));
  }

  /** Remove a user the client added, while the page is open and the SDCA unsigned. */
  removeUser(
    token: string,
    userId: string,
  ): Promise<UserChangeOutcome<{ outcome: 'removed' | 'user_not_found' }>> {
    return this.changeUsers(token, async (tx, clientId) => ({
      outcome: (await removeUser(tx, clientId, userId)) ? 'removed' : 'user_not_found',
    }));
  }

  private async changeUsers<O extends { outcome: string }>(
    token: string,
    change: (tx: PoolClient, clientId: string) => Promise<O>,
  ): Promise<UserChangeOutcome<O>> {
    const id = this.ctx.pageTokens.verify(token, 'onb');
    if (!id) return { outcome: 'not_found' };
    // No event: partners hear of the users when the signing counts them.
    return this.ctx.outbox.inTransaction(async (tx) => {
      const row = await this.load(tx, id, true);
      if (!row) return { outcome: 'not_found' };
      if (row.sdca_signed_at || !row.open)
        return { outcome: 'closed', page: await this.toPage(tx, row) };
      const result = await change(tx, row.client_id);
      return { ...result, page: await this.toPage(tx, row) };
    });
  }

  private async load(
    db: Queryable,
    id: string,
    forUpdate: boolean,
  ): Promise<SessionRow | undefined> {
    // Locking the client row serialises two signatures of the same company.
    const { rows } = await db.query<SessionRow>(
      `SELECT s.client_id, s.partner_id, s.expires_at, s.expires_at > now() AS open,
              c.company_name, c.country, c.registration_number, c.contact_email, c.contact_name,
              c.sdca_signed_at
       FROM onboarding_sessions s JOIN clients c ON c.id = s.client_id
       WHERE s.id = $1 ${forUpdate ? 'FOR UPDATE OF c' : ''}`,
      [id],
    );
    return rows[0];
  }

  private async toPage(db: Queryable, row: SessionRow): Promise<OnboardingPage> {
    return {
      state: row.sdca_signed_at ? 'completed' : row.open ? 'open' : 'expired',
      partner: await partnerPageLook(this.partners, row.partner_id),
      companyName: row.company_name,
      country: row.country,
      registrationNumber: row.registration_number,
      contactEmail: row.contact_email,
      contactName: row.contact_name,
      users: await usersOf(db, row.client_id),
      expiresAt: row.expires_at.toISOString(),
    };
  }
}
