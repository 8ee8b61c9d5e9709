import type { PartnerService } from '@referral/domain';

export const DEMO_PARTNER_NAME = 'Demo Partner';

/**
 * On an empty platform, create a partner to try the API with. Returns what to
 * print, or undefined when partners already exist (the key was shown before).
 */
export async function ensureDemoPartner(
  partners: PartnerService,
  publicBaseUrl: string,
): Promise<string | undefined> {
  if ((await partners.count()) > 0) return undefined;
  const { partner, apiKey } = await partners.create(DEMO_PARTNER_NAME);
  return demoInstructions(partner.id, apiKey, publicBaseUrl.replace(/\/+$/, ''));
}

export function demoInstructions(partnerId: string, apiKey: string, baseUrl: string): string {
  const auth = `-H "Authorization: Bearer $API_KEY"`;
  return `
================ Demo partner created ================
Partner GUID: ${partnerId}
API key:      ${apiKey}
(Shown once. Set CREATE_DEMO_PARTNER=false to skip this.)

Try it (bash):

export API=${baseUrl}
export API_KEY=${apiKey}

# 1. Subscribe a receiver to every event type. The response shows its signing
#    secret, once. Replace the URL with your receiver's.
curl -sS -X POST "$API/v1/webhooks/subscriptions" ${auth} \\
  -H 'Content-Type: application/json' \\
  -d '{"url":"https://example.com/webhooks","eventTypes":["*"]}'

# 2. Put the "id" from that response here, and send a test event:
export SUB_ID=<subscription id>
curl -sS -X POST "$API/v1/webhooks/subscriptions/$SUB_ID/test" ${auth}

# 3. List its deliveries (each with status and attempt count):
curl -sS "$API/v1/webhooks/subscriptions/$SUB_ID/deliveries" ${auth}

API reference: $API/openapi.json
======================================================
`;
}
