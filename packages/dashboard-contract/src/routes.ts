/**
 * The dashboard API's paths, under `/dashboard/api`. Every route but the
 * session's POST needs the session cookie; the SPA is served at `/dashboard`.
 */
export const DASHBOARD_BASE = '/dashboard';
export const DASHBOARD_API = '/dashboard/api';

export const dashboardApi = {
  /** POST: sign in; GET: who is signed in; DELETE: log out. */
  session: `${DASHBOARD_API}/session`,
  cases: `${DASHBOARD_API}/cases`,
  casesSummary: `${DASHBOARD_API}/cases/summary`,
  casesCsv: `${DASHBOARD_API}/cases.csv`,
  caseDetail: (reference: string) => `${DASHBOARD_API}/cases/${encodeURIComponent(reference)}`,
  earnings: `${DASHBOARD_API}/earnings`,
  earningsSummary: `${DASHBOARD_API}/earnings/summary`,
  earningsCsv: `${DASHBOARD_API}/earnings.csv`,
  /** Every fee ready to invoice, for the partner's invoice. */
  invoiceCsv: `${DASHBOARD_API}/earnings/invoice.csv`,
  clients: `${DASHBOARD_API}/clients`,
  clientsSummary: `${DASHBOARD_API}/clients/summary`,
  clientsCsv: `${DASHBOARD_API}/clients.csv`,
  subscriptions: `${DASHBOARD_API}/webhooks/subscriptions`,
  enableSubscription: (id: string) =>
    `${DASHBOARD_API}/webhooks/subscriptions/${encodeURIComponent(id)}/enable`,
  deliveries: `${DASHBOARD_API}/webhooks/deliveries`,
  delivery: (id: string) => `${DASHBOARD_API}/webhooks/deliveries/${encodeURIComponent(id)}`,
  /** The event types a partner can filter the delivery log by. */
  eventTypes: `${DASHBOARD_API}/webhooks/event-types`,
} as const;
