import type { DemoDeps } from './demo-deps';
import { SEEDED_PARTNERS } from './demo-cast';
import { existingPartnerIds } from './platform-state';
import { random } from './random';
import { seedCases } from './seed-cases';
import { seedClients } from './seed-clients';
import { backdateTimelines } from './backdate';
import { seedProgress } from './seed-progress';

/** What a seeded platform holds: enough for the dashboard and the reporting API to show. */
export interface DemoSummary {
  partners: { id: string; name: string }[];
  clients: number;
  cases: number;
  payouts: number;
  transactions: number;
  ms: number;
}

export interface DemoOptions {
  /** Partners that get demo clients besides the seeded ones (the demo partner of `npm start`). */
  alsoFor?: string[];
  clients?: number;
  cases?: number;
  /** Same seed, same demo. */
  seed?: number;
}

/**
 * A realistic demo through the domain's own commands, so every invariant and
 * event holds: partners, clients of both attributions (a few still unsigned),
 * cases across statuses, countries and sources, payments (installments too)
 * and fees across every revenue stage. Dates are then spread over the past
 * year, in an order that keeps attribution true.
 */
export async function seedDemoData(
  deps: DemoDeps,
  options: DemoOptions = {},
): Promise<DemoSummary> {
  const started = Date.now();
  const rnd = random(options.seed ?? 2026);
  const now = Date.now();

  const seeded = [];
  for (const p of SEEDED_PARTNERS) {
    const { partner } = await deps.partners.create(p.name, {
      referralFeePercent: p.referralFeePercent,
    });
    seeded.push({ id: partner.id, name: partner.name });
  }
  const partnerIds = [...seeded.map((p) => p.id), ...(options.alsoFor ?? [])];
  const clients = await seedClients(deps, rnd, partnerIds, options.clients ?? 50, now);
  const cases = await seedCases(deps, rnd, clients, options.cases ?? 1000, now);
  const { payouts, transactions } = await seedProgress(deps, rnd, clients, cases, now);
  await backdateTimelines(
    deps.pool,
    cases.map((c) => c.reference),
  );
  return {
    partners: seeded,
    clients: clients.length,
    cases: cases.length,
    payouts,
    transactions,
    ms: Date.now() - started,
  };
}

/** Seed the demo, giving every partner that already exists (the demo partner) demo clients too. */
export async function seedDemoForAll(deps: DemoDeps): Promise<DemoSummary> {
  return seedDemoData(deps, { alsoFor: await existingPartnerIds(deps.pool) });
}
