import type { DemoSummary } from './seed-demo';

/** What to print after seeding: the partners to log in as, and the counts. */
/** What the seeded demo holds; with `dashboardUrl`, where its partners sign in with their GUID. */
export function describeDemo(summary: DemoSummary, dashboardUrl?: string): string {
  return [
    '================ Demo data ================',
    `${summary.clients} clients, ${summary.cases} cases, ${summary.payouts} payouts, ` +
      `${summary.transactions} referral fees (${(summary.ms / 1000).toFixed(1)} s)`,
    'Demo partners (Partner GUID):',
    ...summary.partners.map((p) => `  ${p.id}  ${p.name}`),
    ...(dashboardUrl
      ? [`Partner dashboard: ${dashboardUrl} (sign in with a Partner GUID above)`]
      : []),
    '===========================================',
    '',
  ].join('\n');
}
