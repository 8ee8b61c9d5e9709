import { newId, type PoolClient } from '@referral/db';
import type { CaseSource, ContractType } from '@referral/events';
import type { DomainContext } from '../context';
import { partnerEvent, type Emit } from '../outbox';
import { activeLinksOf } from '../links/client-links';
import type { KycStatus } from '../clients/client';
import type { KycFlow } from '../kyc/kyc-flow';
import type { CreateCaseInput } from './case';
import { addActivity } from './case-history';
import { CASE_SELECT, type CaseRow } from './case-query';
import { milestoneOnStart } from './case-start';
import type { ContractSigning, SolutionUrl } from './contract-signing';
import { missingContracts } from './contracts';
import { routeFor } from './collection-route';

/** Who is creating the case: a partner's customer-API token, or one of the client's own channels. */
export type CaseOrigin =
  { source: 'partner_api'; partnerId: string } | { source: Exclude<CaseSource, 'partner_api'> };

export type CreateCaseOutcome =
  | { outcome: 'created'; case: CaseRow }
  | { outcome: 'client_not_found' }
  | { outcome: 'unsupported_currency'; currency: string }
  | { outcome: 'duplicate_invoice'; reference: string }
  | {
      outcome: 'kyc_required';
      kycStatus: Exclude<KycStatus, 'verified'>;
      solutionUrl: string;
      solutionUrlExpiresAt: string;
    }
  | {
      outcome: 'contract_required';
      missing: ContractType[];
      solutionUrl: string;
      solutionUrlExpiresAt: string;
    };

interface ClientRow {
  id: string;
  company_name: string;
  kyc_status: KycStatus;
}

/**
 * Open a case: checks in the order a partner can act on them (currency,
 * duplicate, KYC, contracts), then routing by the debtor's country.
 */
export class CaseCreation {
  constructor(
    private readonly ctx: DomainContext,
    private readonly signing: ContractSigning,
    private readonly kyc: KycFlow,
  ) {}

  create(clientId: string, origin: CaseOrigin, input: CreateCaseInput): Promise<CreateCaseOutcome> {
    return this.ctx.outbox.inTransaction(async (tx, emit) => {
      // The client row lock serialises case creation per client: one case per
      // invoice, one signing URL per country.
      const { rows } = await tx.query<ClientRow>(
        `SELECT id, company_name, kyc_status FROM clients WHERE id = $1 FOR UPDATE`,
        [clientId],
      );
      const client = rows[0];
      if (!client) return { outcome: 'client_not_found' };
      const { invoice, debtor } = input;

      const rate = await tx.query(`SELECT 1 FROM fx_rates WHERE currency = $1`, [invoice.currency]);
      if (rate.rowCount === 0)
        return { outcome: 'unsupported_currency', currency: invoice.currency };

      const existing = await tx.query<{ reference: string }>(
        `SELECT reference FROM cases WHERE client_id = $1 AND invoice_number = $2`,
        [clientId, invoice.number],
      );
      if (existing.rows[0]) {
        return { outcome: 'duplicate_invoice', reference: existing.rows[0].reference };
      }

      // KYC blocks whatever the caller allows: only an operator's approval lifts it.
      if (client.kyc_status !== 'verified') {
        const solution = await this.kyc.solutionUrl(
          tx,
          clientId,
          origin.source === 'partner_api' ? origin.partnerId : null,
        );
        return {
          outcome: 'kyc_required',
          kycStatus: client.kyc_status,
          solutionUrl: solution.url,
          solutionUrlExpiresAt: solution.expiresAt,
        };
      }

      const missing = await missingContracts(tx, clientId, debtor.country);
      // What to sign and where, when something is missing.
      const contracts =
        missing.length > 0
          ? {
              client,
              origin,
              country: debtor.country,
              missing,
              solution: await this.signing.solutionUrl(
                tx,
                clientId,
                origin.source === 'partner_api' ? origin.partnerId : null,
                debtor.country,
              ),
            }
          : undefined;
      if (contracts && !input.allowPendingContracts) {
        if (contracts.solution.isNew) await announceContracts(tx, emit, contracts, null);
        return {
          outcome: 'contract_required',
          missing,
          solutionUrl: contracts.solution.url,
          solutionUrlExpiresAt: contracts.solution.expiresAt,
        };
      }

      const route = await routeFor(tx, debtor.country);
      const pendingReason = contracts
        ? ('contracts_missing' as const)
        : route
          ? null
          : ('no_collection_partner' as const);
      const status = pendingReason ? ('pending' as const) : ('active' as const);
      const caseId = newId('case');
      await tx.query(
        `INSERT INTO cases (id, client_id, source, source_partner_id, debtor_name, debtor_type,
           debtor_country, debtor_email, debtor_address, invoice_number, amount_minor, currency,
           issue_date, due_date, status, milestone, pending_reason, collection_partner_id,
           commission_percent, started_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,
           $18, $19, CASE WHEN $15 = 'active' THEN now() END)`,
        [
          caseId,
          clientId,
          origin.source,
          origin.source === 'partner_api' ? origin.partnerId : null,
          debtor.name,
          debtor.type,
          debtor.country,
          debtor.email ?? null,
          debtor.address ? JSON.stringify(debtor.address) : null,
          invoice.number,
          invoice.amountMinor,
          invoice.currency,
          invoice.issueDate,
          invoice.dueDate,
          status,
          status === 'active' ? milestoneOnStart('created') : 'created',
          pendingReason,
          route?.id ?? null,
          route?.commissionPercent ?? null,
        ],
      );
      // Read as its creator sees it: the token's partner, if one.
      const viewer = origin.source === 'partner_api' ? origin.partnerId : null;
      const created = (await tx.query<CaseRow>(`${CASE_SELECT} WHERE k.id = $2`, [viewer, caseId]))
        .rows[0]!;
      await addActivity(tx, caseId, 'created', createdSummary(origin.source, created));
      if (contracts?.solution.isNew) {
        await announceContracts(tx, emit, contracts, created.reference);
      }
      for (const link of await activeLinksOf(tx, clientId)) {
        await emit(
          partnerEvent(link.partner_id, 'case.created', {
            caseId,
            reference: created.reference,
            clientId,
            status: created.status,
            milestone: created.milestone,
            source: origin.source,
            debtor: { name: debtor.name, type: debtor.type, country: debtor.country },
            invoice: {
              number: invoice.number,
              amountMinor: invoice.amountMinor,
              currency: invoice.currency,
              issueDate: invoice.issueDate,
              dueDate: invoice.dueDate,
            },
            collectionPartner: route ? { id: route.id, name: route.name } : null,
            pendingReason,
          }),
        );
      }
      return { outcome: 'created', case: created };
    });
  }
}

/**
 * `case.contract_required`, once per signing URL: to the partner whose token
 * asked, or to every linked partner when the client acted on its own.
 */
async function announceContracts(
  tx: PoolClient,
  emit: Emit,
  request: {
    client: ClientRow;
    origin: CaseOrigin;
    country: string;
    missing: ContractType[];
    solution: SolutionUrl;
  },
  caseReference: string | null,
): Promise<void> {
  const { client, origin, country, missing, solution } = request;
  const links = (await activeLinksOf(tx, client.id)).filter(
    (link) => origin.source !== 'partner_api' || link.partner_id === origin.partnerId,
  );
  const [first, ...rest] = missing;
  for (const link of links) {
    await emit(
      partnerEvent(link.partner_id, 'case.contract_required', {
        clientId: client.id,
        externalTenantId: link.external_tenant_id,
        missing: [first!, ...rest],
        solutionUrl: solution.url,
        solutionUrlExpiresAt: solution.expiresAt,
        debtorCountry: country,
        caseReference,
      }),
    );
  }
}

const sourceNames: Record<CaseSource, string> = {
  partner_api: 'through a partner’s customer API',
  web_app: 'in the web app',
  csv_import: 'by CSV import',
  client_api_key: 'with the client’s own API key',
  integration: 'through an integration',
};

function createdSummary(source: CaseSource, row: CaseRow): string {
  const where = row.cp_name ? `; routed to ${row.cp_name}` : '';
  const waiting =
    row.pending_reason === 'contracts_missing'
      ? '; pending until contracts are signed'
      : row.pending_reason === 'no_collection_partner'
        ? `; pending: no collection partner in ${row.debtor_country}`
        : '';
  return `Case created ${sourceNames[source]}${where}${waiting}`;
}
