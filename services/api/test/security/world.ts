import type { Pool } from '@referral/db';
import { apiClient, type ApiClient, type Json } from '../helpers/api-client';
import { readyClient, newCase } from '../helpers/cases';
import { createHarness, type Harness } from '../helpers/harness';

/** One documented operation of /openapi.json. */
export interface Operation {
  method: string;
  /** OpenAPI syntax: `/v1/clients/{id}`. */
  path: string;
  operationId: string;
  /** partnerApiKey, adminToken, customerToken; none for public routes. */
  scheme: 'partnerApiKey' | 'adminToken' | 'customerToken' | 'none';
  takesBody: boolean;
  pathParams: string[];
}

/** Every operation of the live OpenAPI document. */
export async function documentedOperations(url: string): Promise<Operation[]> {
  const doc = (await apiClient(url).get('/openapi.json')).body as Json;
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths as Record<string, Record<string, Json>>)) {
    for (const [method, op] of Object.entries(methods)) {
      const schemes = (op.security as object[]).flatMap((s) => Object.keys(s));
      if (schemes.length > 1) throw new Error(`${method} ${path}: more than one scheme`);
      operations.push({
        method: method.toUpperCase(),
        path,
        operationId: op.operationId as string,
        scheme: (schemes[0] ?? 'none') as Operation['scheme'],
        takesBody: op.requestBody !== undefined,
        pathParams: ((op.parameters ?? []) as { in: string; name: string }[])
          .filter((p) => p.in === 'path')
          .map((p) => p.name),
      });
    }
  }
  return operations;
}

/**
 * The security suite's world: partner A, and partner B owning a client (onboarded,
 * KYC-verified), a case, a subscription and a delivery; a customer token of B's
 * client. The app under test has a rate limit high enough for a matrix.
 */
export interface SecurityWorld {
  h: Harness;
  url: string;
  a: { partnerId: string; apiKey: string; api: ApiClient };
  b: {
    partnerId: string;
    apiKey: string;
    api: ApiClient;
    clientId: string;
    linkId: string;
    caseReference: string;
    subscriptionId: string;
    deliveryId: string;
    customerToken: string;
  };
  admin: ApiClient;
}

export async function createSecurityWorld(): Promise<SecurityWorld> {
  const h = await createHarness();
  const { url } = await h.startApp({ app: { rateLimit: { perSecond: 100_000, burst: 100_000 } } });
  const admin = apiClient(url, 'test-admin-token-0123456789');
  const a = await h.newPartner('Partner A');
  const bPartner = await h.newPartner('Partner B');
  const bApi = apiClient(url, bPartner.apiKey);
  const client = await readyClient(bApi, admin);
  const created = await apiClient(url, client.token).post('/v1/cases', newCase());
  if (created.status !== 201)
    throw new Error(`case: ${created.status} ${JSON.stringify(created.body)}`);
  const sub = await bApi.post('/v1/webhooks/subscriptions', {
    url: 'http://127.0.0.1:9/hook',
    eventTypes: ['*'],
  });
  if (sub.status !== 201) throw new Error(`subscription: ${sub.status}`);
  await bApi.post(`/v1/webhooks/subscriptions/${sub.body.id}/test`);
  const deliveries = await bApi.get(`/v1/webhooks/subscriptions/${sub.body.id}/deliveries`);
  const deliveryId = deliveries.body.data[0]?.id as string | undefined;
  if (!deliveryId) throw new Error('no delivery');
  const linkId = (await bApi.get(`/v1/clients/${client.clientId}`)).body.linkId as string;
  return {
    h,
    url,
    a: { ...a, api: apiClient(url, a.apiKey) },
    b: {
      ...bPartner,
      api: bApi,
      clientId: client.clientId,
      linkId,
      caseReference: created.body.reference as string,
      subscriptionId: sub.body.id as string,
      deliveryId,
      customerToken: client.token,
    },
    admin,
  };
}

/**
 * Every table's row count and a digest of its rows, in one round trip: any
 * insert, update or delete anywhere changes it.
 */
export async function databaseDigest(pool: Pool): Promise<Record<string, string>> {
  const { rows: tables } = await pool.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY 1`,
  );
  const sql = tables
    .map(
      ({ name }) =>
        `SELECT '${name}' AS name, count(*) || ':' || md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS digest FROM "${name}" x`,
    )
    .join(' UNION ALL ');
  const { rows } = await pool.query<{ name: string; digest: string }>(sql);
  return Object.fromEntries(rows.map((r) => [r.name, r.digest]));
}

/** The tables whose digest differs. */
export function changedTables(before: Record<string, string>, after: Record<string, string>) {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((n) => before[n] !== after[n]).sort();
}
