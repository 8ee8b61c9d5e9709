import { newId, type PoolClient } from '@referral/db';
import type { DomainContext } from '../context';
import { partnerEvent, type Emit } from '../outbox';
import { expireLinkRequest } from '../links/link-request-expiry';
import { insertLink, partnerTerms } from '../links/new-link';
import { currentOnboardingSession } from '../onboarding/onboarding-session';
import type { PartnerClient, RegisterClientInput } from './client';
import { registrationKey } from './identity';
import { findPartnerClient } from './partner-client-query';

export interface LinkRequestRef {
  linkRequestId: string;
  clientId: string;
  approvalUrl: string;
  expiresAt: string;
}

/** Every answer to "create or link this client", one per HTTP status the API gives. */
export type RegisterClientOutcome =
  | { outcome: 'ready'; client: PartnerClient }
  | {
      outcome: 'onboarding_required';
      client: PartnerClient;
      onboardingUrl: string;
      expiresAt: string;
    }
  | ({ outcome: 'approval_required' } & LinkRequestRef)
  | ({ outcome: 'approval_pending' } & LinkRequestRef)
  | { outcome: 'external_tenant_id_conflict' }
  | { outcome: 'linked_under_other_id'; clientId: string; externalTenantId: string }
  | { outcome: 'link_archived'; client: PartnerClient };

interface ClientRow {
  id: string;
  company_name: string;
  sdca_signed_at: Date | null;
}

/**
 * POST /v1/clients: create a company new to the platform (attributed to the
 * partner), or ask an existing one for a link. Each call is one transaction
 * with its events.
 */
export class ClientRegistration {
  constructor(private readonly ctx: DomainContext) {}

  register(partnerId: string, input: RegisterClientInput): Promise<RegisterClientOutcome> {
    return this.ctx.outbox.inTransaction(async (tx, emit) => {
      const key = registrationKey(input.registrationNumber);
      // Concurrent calls about one company, or one partner's externalTenantId,
      // queue here and then see each other's rows: no duplicate client, link
      // or request. Always company first, so two locks never wait in a cycle.
      await tx.query(`SELECT pg_advisory_xact_lock(1, hashtext($1))`, [`${input.country}:${key}`]);
      await tx.query(`SELECT pg_advisory_xact_lock(2, hashtext($1))`, [
        `${partnerId}:${input.externalTenantId}`,
      ]);

      const { rows } = await tx.query<ClientRow>(
        `SELECT id, company_name, sdca_signed_at FROM clients WHERE country = $1 AND registration_key = $2`,
        [input.country, key],
      );
      const company = rows[0];
      if (await this.externalIdTakenByAnother(tx, partnerId, input.externalTenantId, company?.id)) {
        return { outcome: 'external_tenant_id_conflict' };
      }
      if (!company) return this.createClient(tx, emit, partnerId, input, key);
      return this.existingClient(tx, emit, partnerId, input, company);
    });
  }

  /** The partner already uses this externalTenantId, in a link or an open request, for another company. */
  private async externalIdTakenByAnother(
    tx: PoolClient,
    partnerId: string,
    externalTenantId: string,
    clientId: string | undefined,
  ): Promise<boolean> {
    const { rows } = await tx.query<{ client_id: string }>(
      `SELECT client_id FROM client_links WHERE partner_id = $1 AND external_tenant_id = $2
       UNION ALL
       SELECT client_id FROM link_requests
       WHERE partner_id = $1 AND external_tenant_id = $2 AND status = 'pending'`,
      [partnerId, externalTenantId],
    );
    return rows.some((row) => row.client_id !== clientId);
  }

  /** A company new to the platform: the partner brought it, so it is attributed. */
  private async createClient(
    tx: PoolClient,
    emit: Emit,
    partnerId: string,
    input: RegisterClientInput,
    key: string,
  ): Promise<RegisterClientOutcome> {
    const clientId = newId('cli');
    await tx.query(
      `INSERT INTO clients (id, country, registration_number, registration_key, company_name, contact_email, contact_name)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        clientId,
        input.country,
        input.registrationNumber,
        key,
        input.companyName,
        input.contactEmail,
        input.contactName ?? null,
      ],
    );
    await insertLink(tx, emit, {
      partnerId,
      clientId,
      companyName: input.companyName,
      externalTenantId: input.externalTenantId,
      attribution: 'attributed',
    });
    const client = (await findPartnerClient(tx, this.ctx, partnerId, clientId))!;
    return this.onboardingRequired(tx, partnerId, client);
  }

  private async existingClient(
    tx: PoolClient,
    emit: Emit,
    partnerId: string,
    input: RegisterClientInput,
    company: ClientRow,
  ): Promise<RegisterClientOutcome> {
    const linked = await findPartnerClient(tx, this.ctx, partnerId, company.id);
    if (linked) {
      if (linked.externalTenantId !== input.externalTenantId) {
        return {
          outcome: 'linked_under_other_id',
          clientId: company.id,
          externalTenantId: linked.externalTenantId,
        };
      }
      if (linked.linkStatus === 'archived') return { outcome: 'link_archived', client: linked };
      if (linked.onboardingStatus === 'completed') return { outcome: 'ready', client: linked };
      return this.onboardingRequired(tx, partnerId, linked);
    }
    return this.requestLink(tx, emit, partnerId, input, company);
  }

  /** The client's current onboarding URL, or a fresh one: shown in the answer and on the client. */
  private async onboardingRequired(
    tx: PoolClient,
    partnerId: string,
    client: PartnerClient,
  ): Promise<RegisterClientOutcome> {
    const session = await currentOnboardingSession(
      tx,
      client.id,
      partnerId,
      this.ctx.onboardingTtlMs,
    );
    const onboardingUrl = this.ctx.urls.onboarding(this.ctx.pageTokens.issue(session.id));
    const expiresAt = session.expiresAt.toISOString();
    return {
      outcome: 'onboarding_required',
      client: { ...client, onboardingUrl, onboardingUrlExpiresAt: expiresAt },
      onboardingUrl,
      expiresAt,
    };
  }

  /** The company exists but not for this partner: it must approve a link. */
  private async requestLink(
    tx: PoolClient,
    emit: Emit,
    partnerId: string,
    input: RegisterClientInput,
    company: ClientRow,
  ): Promise<RegisterClientOutcome> {
    const { rows } = await tx.query<{
      id: string;
      external_tenant_id: string;
      expires_at: Date;
      open: boolean;
    }>(
      `SELECT id, external_tenant_id, expires_at, expires_at > now() AS open FROM link_requests
       WHERE partner_id = $1 AND client_id = $2 AND status = 'pending'`,
      [partnerId, company.id],
    );
    const pending = rows[0];
    if (pending?.open) {
      if (pending.external_tenant_id !== input.externalTenantId) {
        return {
          outcome: 'linked_under_other_id',
          clientId: company.id,
          externalTenantId: pending.external_tenant_id,
        };
      }
      return {
        outcome: 'approval_pending',
        ...this.requestRef(pending.id, company.id, pending.expires_at),
      };
    }
    // Past its TTL but not yet swept: expire it now (its one event), then ask again.
    if (pending) await expireLinkRequest(tx, emit, pending.id);

    const { linkRequestTtlDays } = await partnerTerms(tx, partnerId);
    const id = newId('lrq');
    const inserted = await tx.query<{ expires_at: Date }>(
      `INSERT INTO link_requests (id, partner_id, client_id, external_tenant_id, expires_at)
       VALUES ($1, $2, $3, $4, now() + make_interval(days => $5)) RETURNING expires_at`,
      [id, partnerId, company.id, input.externalTenantId, linkRequestTtlDays],
    );
    const ref = this.requestRef(id, company.id, inserted.rows[0]!.expires_at);
    await emit(
      partnerEvent(partnerId, 'client.link_requested', {
        clientId: company.id,
        externalTenantId: input.externalTenantId,
        companyName: company.company_name,
        country: input.country,
        registrationNumber: input.registrationNumber,
        linkRequestId: id,
        approvalUrl: ref.approvalUrl,
        expiresAt: ref.expiresAt,
      }),
    );
    return { outcome: 'approval_required', ...ref };
  }

  private requestRef(id: string, clientId: string, expiresAt: Date): LinkRequestRef {
    return {
      linkRequestId: id,
      clientId,
      approvalUrl: this.ctx.urls.linkRequest(this.ctx.pageTokens.issue(id)),
      expiresAt: expiresAt.toISOString(),
    };
  }
}
