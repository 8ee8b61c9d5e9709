import type { DemoSummary } from './seed-demo';

/** What to print after seeding: the partners to log in as, and the counts. */
export function describeDemo(summary: DemoSummary): string {
  return [
    '================ Demo data ================',
    `${summary.clients} clients, ${summary.cases} cases, ${summary.payouts} payouts, ` +
      `${summary.transactions} referral fees (${(summary.ms / 1000).toFixed(1)} s)`,
    'Demo partners (Partner GUID):',
    ...summary.partners.map((p) => `  ${p.id}  ${p.name}`),
    '===========================================',
    '',
  ].join('\n');
}
