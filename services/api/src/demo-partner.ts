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
  const auth = `-w '\\n' -H "Authorization: Bearer $API_KEY"`;
  return `
================ Demo partner created ================
Partner GUID: ${partnerId}
API key:      ${apiKey}
(Shown once. Set CREATE_DEMO_PARTNER=false to skip this.)

Try it (bash):

export API=${baseUrl}
export API_KEY=${apiKey}

# 1. Subscribe a receiver to every event type. The response holds the
#    subscription "id" and its signing "secret" (shown this once).
curl -sS -X POST "$API/v1/webhooks/subscriptions" ${auth} \\
  -H 'Content-Type: application/json' \\
  -d '{"url":"http://127.0.0.1:4000/webhooks","eventTypes":["*"]}' | tee subscription.json
export SUB_ID=$(node -pe 'require("./subscription.json").id')
export WEBHOOK_SECRET=$(node -pe 'require("./subscription.json").secret')

# 2. Start a receiver on 127.0.0.1:4000 that verifies every delivery with the
#    public standardwebhooks package and prints it:
npm run --silent demo:receiver & sleep 2

# 3. Send the subscription a test event, then list its deliveries:
curl -sS -X POST "$API/v1/webhooks/subscriptions/$SUB_ID/test" ${auth}
sleep 1
curl -sS "$API/v1/webhooks/subscriptions/$SUB_ID/deliveries" ${auth}

# 4. A welcome email for your clients: an SMTP server on 127.0.0.1:1025 that
#    prints what it gets, an operator authorising your sending domain (your
#    ADMIN_TOKEN, dev-admin-token in development), and your template:
npm run --silent demo:smtp &
export PARTNER_ID=${partnerId}
curl -sS -X PATCH "$API/admin/partners/$PARTNER_ID" -w '\\n' -H "Authorization: Bearer \${ADMIN_TOKEN:-dev-admin-token}" \\
  -H 'Content-Type: application/json' -d '{"mailDomains":["acme.example"]}'
curl -sS -X PUT "$API/v1/welcome-email" ${auth} -H 'Content-Type: application/json' \\
  -d '{"from":{"address":"welcome@acme.example","name":"Acme"},"subject":"Welcome, {{client.companyName}}","html":"<p>Hello {{client.signerName}}, welcome to {{partner.name}}.</p>"}'

# 5. Bring a client: the answer's "onboardingUrl" is the page to send it to
#    (open it in a browser, add users and sign); the receiver prints
#    client.linked, then client.onboarding_completed, and demo:smtp prints
#    the welcome email.
curl -sS -X POST "$API/v1/clients" ${auth} -H 'Content-Type: application/json' \\
  -d '{"externalTenantId":"demo-1","companyName":"Nordlicht Handels GmbH","registrationNumber":"HRB 184512","country":"DE","contactEmail":"ap@nordlicht.example"}' | tee client.json
export CLIENT_ID=$(node -pe 'require("./client.json").client.id')

# 6. Open a case for it with a customer token minted for the client. The
#    first answer is 422 kyc-required: open its "solutionUrl" in a browser,
#    fill in the KYC form (any small PDF, JPEG or PNG as the document) and
#    submit (client.kyc_submitted). An operator approves it (your ADMIN_TOKEN,
#    dev-admin-token in development; client.kyc_verified). Repeat the request:
#    Austria also needs a power of attorney, so it answers 422 with a
#    "solutionUrl" to sign it; sign, repeat: case.created, routed to the
#    collection partner for Austria.
export CUSTOMER_TOKEN=$(curl -sS -X POST "$API/v1/clients/$CLIENT_ID/tokens" -H "Authorization: Bearer $API_KEY" | node -pe 'JSON.parse(require("fs").readFileSync(0)).token')
export CASE='{"debtor":{"name":"Bäckerei Sommer OHG","type":"company","country":"AT","email":"ap@sommer.example"},"invoice":{"number":"INV-1","amountMinor":125000,"currency":"EUR","issueDate":"2026-09-01","dueDate":"2026-10-01"}}'
curl -sS -X POST "$API/v1/cases" -w '\\n' -H "Authorization: Bearer $CUSTOMER_TOKEN" -H 'Content-Type: application/json' -d "$CASE"
# (after submitting the KYC form)
curl -sS -X POST "$API/admin/clients/$CLIENT_ID/kyc/approve" -w '\\n' -H "Authorization: Bearer \${ADMIN_TOKEN:-dev-admin-token}"
curl -sS -X POST "$API/v1/cases" -w '\\n' -H "Authorization: Bearer $CUSTOMER_TOKEN" -H 'Content-Type: application/json' -d "$CASE"

API reference: $API/openapi.json
======================================================
`;
}

/** Where partners sign in to the dashboard, and the Partner GUIDs there are to sign in with. */
export async function dashboardGreeting(
  partners: PartnerService,
  dashboardUrl: string,
): Promise<string> {
  const known = await partners.names();
  return [
    `Partner dashboard: ${dashboardUrl} (sign in with a Partner GUID)`,
    ...known.map((p) => `  ${p.id}  ${p.name}`),
    '',
  ].join('\n');
}
