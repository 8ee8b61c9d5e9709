import { exampleEnvelope } from '@referral/events';

export const ADMIN_TOKEN = 'dev-admin-token'; // the services' default outside production

export interface ApiAnswer {
  status: number;
  contentType: string;
  headers: Headers;
  body: Record<string, unknown> | undefined;
}

/** One request to a running API, its JSON answer parsed. */
export async function apiCall(
  baseUrl: string,
  method: string,
  path: string,
  token: string,
  body?: unknown,
): Promise<ApiAnswer> {
  const response = await fetch(baseUrl + path, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    headers: response.headers,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined,
  };
}

/** `apiCall` for a test that reads its answers' fields by name: the body untyped. */
export async function callApi(
  baseUrl: string,
  method: string,
  path: string,
  token: string,
  body?: unknown,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
): Promise<{ status: number; body: any }> {
  return apiCall(baseUrl, method, path, token, body);
}

function expectStatus(answer: ApiAnswer, status: number, what: string): Record<string, unknown> {
  if (answer.status !== status || !answer.body) {
    throw new Error(`${what}: ${answer.status} ${JSON.stringify(answer.body)}`);
  }
  return answer.body;
}

/** A partner (admin API) with one `*` subscription to `receiverUrl` (partner API). */
export async function partnerSubscribedTo(baseUrl: string, receiverUrl: string) {
  const partner = expectStatus(
    await apiCall(baseUrl, 'POST', '/admin/partners', ADMIN_TOKEN, { name: 'Reliability Partner' }),
    201,
    'creating a partner',
  );
  const apiKey = String(partner.apiKey);
  const subscription = expectStatus(
    await apiCall(baseUrl, 'POST', '/v1/webhooks/subscriptions', apiKey, {
      url: receiverUrl,
      eventTypes: ['*'],
    }),
    201,
    'subscribing',
  );
  return { partnerId: String(partner.partnerId), apiKey, subscriptionId: String(subscription.id) };
}

const LINKED = exampleEnvelope('client.linked').data;

/** `POST /admin/events`: one catalogue event for the partner, as the platform would emit it. */
export function publishThroughApi(baseUrl: string, partnerId: string): Promise<ApiAnswer> {
  return apiCall(baseUrl, 'POST', '/admin/events', ADMIN_TOKEN, {
    partnerId,
    type: 'client.linked',
    data: LINKED,
  });
}
