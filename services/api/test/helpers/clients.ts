import type { Pool } from '@referral/db';
import type { ApiClient, ApiResponse } from './api-client';

let seq = 0;

/** A valid POST /v1/clients body for a company no other test uses. */
export function newCompany(overrides: Record<string, unknown> = {}) {
  seq += 1;
  const n = `${process.pid}${seq}${Math.floor(Math.random() * 1e6)}`;
  return {
    externalTenantId: `tenant-${n}`,
    companyName: `Company ${n} GmbH`,
    registrationNumber: `HRB ${n}`,
    country: 'DE',
    contactEmail: `finance-${n}@example.com`,
    contactName: 'Greta Berg',
    ...overrides,
  };
}

/** The events a partner's webhooks got, oldest first, as { type, data }. */
export async function eventsOf(pool: Pool, partnerId: string, type?: string) {
  const { rows } = await pool.query<{ payload: string }>(
    `SELECT payload FROM webhook_events WHERE tenant_id = $1 AND ($2::text IS NULL OR type = $2)
     ORDER BY created_at, id`,
    [partnerId, type ?? null],
  );
  return rows.map(
    (r) => JSON.parse(r.payload) as { id: string; type: string; data: Record<string, unknown> },
  );
}

/** A hosted page, as a browser without JavaScript would get or post it. */
export async function hostedPage(url: string, form?: Record<string, string>) {
  const response = await fetch(url, {
    method: form ? 'POST' : 'GET',
    ...(form
      ? {
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(form).toString(),
        }
      : {}),
  });
  return { status: response.status, headers: response.headers, html: await response.text() };
}

/** Sign the SDCA on the onboarding page. */
export function signOnboarding(onboardingUrl: string, signerName = 'Greta Berg') {
  return hostedPage(onboardingUrl, { accept: 'yes', signerName });
}

/** Create a client for `api` and sign its SDCA: the company then exists on the platform. */
export async function onboardedClient(api: ApiClient, body = newCompany()): Promise<ApiResponse> {
  const created = await api.post('/v1/clients', body);
  if (created.status !== 202) throw new Error(`expected 202, got ${created.status}`);
  await signOnboarding(created.body.onboardingUrl);
  return api.post('/v1/clients', body);
}

/** Move a row's deadline into the past, as time would. */
export async function expire(
  pool: Pool,
  table: 'link_requests' | 'onboarding_sessions' | 'customer_tokens',
  where: string,
  value: string,
) {
  await pool.query(
    `UPDATE ${table} SET expires_at = now() - interval '1 second' WHERE ${where} = $1`,
    [value],
  );
}
