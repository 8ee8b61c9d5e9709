import type { ApiClient } from './api-client';
import { hostedPage, newCompany, onboardedClient, signOnboarding } from './clients';

let invoiceSeq = 0;

/** A valid POST /v1/cases body; the debtor in `country` (DE, routed, needs only the SDCA). */
export function newCase(
  overrides: {
    country?: string;
    amountMinor?: number;
    currency?: string;
    allowPendingContracts?: boolean;
  } = {},
) {
  invoiceSeq += 1;
  return {
    debtor: {
      name: `Debtor ${invoiceSeq} GmbH`,
      type: 'company',
      country: overrides.country ?? 'DE',
      email: `ap-${invoiceSeq}@debtor.example`,
    },
    invoice: {
      number: `INV-${process.pid}-${invoiceSeq}`,
      amountMinor: overrides.amountMinor ?? 125000,
      currency: overrides.currency ?? 'EUR',
      issueDate: '2026-09-01',
      dueDate: '2026-10-01',
    },
    ...(overrides.allowPendingContracts !== undefined
      ? { allowPendingContracts: overrides.allowPendingContracts }
      : {}),
  };
}

/** A customer-API token for one of the partner's clients. */
export async function customerToken(api: ApiClient, clientId: string): Promise<string> {
  const minted = await api.post(`/v1/clients/${clientId}/tokens`);
  if (minted.status !== 201) throw new Error(`mint: ${minted.status}`);
  return minted.body.token as string;
}

/**
 * A client of `api`'s partner that can open cases: onboarded (SDCA signed)
 * and KYC-verified by an operator. Returns its id and a customer token.
 */
export async function readyClient(api: ApiClient, admin: ApiClient, body = newCompany()) {
  const ready = await onboardedClient(api, body);
  const clientId = ready.body.client.id as string;
  const kyc = await admin.post(`/admin/clients/${clientId}/kyc`);
  if (kyc.status !== 200) throw new Error(`kyc: ${kyc.status}`);
  return { clientId, body, token: await customerToken(api, clientId) };
}

/** A KYC-verified client that has not signed its SDCA yet; its onboarding URL is kept. */
export async function unsignedClient(api: ApiClient, admin: ApiClient) {
  const created = await api.post('/v1/clients', newCompany());
  const clientId = created.body.client.id as string;
  await admin.post(`/admin/clients/${clientId}/kyc`);
  return {
    clientId,
    onboardingUrl: created.body.onboardingUrl as string,
    token: await customerToken(api, clientId),
  };
}

/** Sign every contract on a signing page (the 422's solutionUrl). */
export function signContracts(solutionUrl: string, signerName = 'Greta Berg') {
  return hostedPage(solutionUrl, { accept: 'yes', signerName });
}

export { signOnboarding };
