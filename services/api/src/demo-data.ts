import type { Pool } from '@referral/db';
import type { PartnerService, ReferralDomain } from '@referral/domain';
import type { CaseMilestone, TransactionStage } from '@referral/events';

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

const SEEDED_PARTNERS = [
  { name: 'Northwind Accounting', referralFeePercent: 20 },
  { name: 'Ledgerly', referralFeePercent: 15 },
  { name: 'Cashflow Cloud', referralFeePercent: 25 },
];

// Debtor countries by weight, with their currency. JP and BR have no
// collection partner; AT, ES and US need contracts beyond the SDCA.
const DEBTOR_COUNTRIES: [country: string, currency: string, weight: number][] = [
  ['DE', 'EUR', 30],
  ['NL', 'EUR', 10],
  ['GB', 'GBP', 10],
  ['FR', 'EUR', 8],
  ['AT', 'EUR', 8],
  ['SE', 'SEK', 5],
  ['DK', 'DKK', 5],
  ['US', 'USD', 8],
  ['ES', 'EUR', 6],
  ['JP', 'JPY', 2],
  ['BR', 'BRL', 2],
];
const CLIENT_COUNTRIES = ['DE', 'DE', 'DE', 'AT', 'NL', 'GB', 'FR', 'SE', 'DK', 'US'];
const COMPANY_WORDS = [
  'Nordlicht',
  'Bergmann',
  'Kaiser',
  'Hafen',
  'Linden',
  'Sonnen',
  'Falken',
  'Eichen',
  'Stern',
  'Adler',
  'Rhein',
  'Alster',
  'Birken',
  'Wiesen',
  'Mühlen',
  'Brücken',
  'Felsen',
  'Quell',
];
const COMPANY_KINDS = [
  'Logistik',
  'Handel',
  'Bau',
  'Technik',
  'Medien',
  'Textil',
  'Druck',
  'Möbel',
];
const DEBTOR_NAMES = [
  'Bäckerei Sommer',
  'Kranich Transporte',
  'Atelier Blau',
  'Vega Retail',
  'Orbit Services',
  'Maple & Co',
  'Delta Foods',
  'Hansen Byg',
  'Lund Design',
  'Costa Verde',
  'Kobayashi Trading',
  'Rio Claro Ltda',
  'Meier Elektro',
  'Blue Harbour',
  'Studio Nord',
  'Fjord Fisk',
  'Bravo Bikes',
];
const DAY = 24 * 60 * 60 * 1000;

/** mulberry32: a small, seedable PRNG, so the demo is the same every time. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!,
    weighted<T>(items: readonly [T, number][]): T {
      let roll = next() * items.reduce((sum, [, w]) => sum + w, 0);
      for (const [item, weight] of items) if ((roll -= weight) < 0) return item;
      return items[items.length - 1]![0];
    },
  };
}

const tokenOf = (url: string) => url.slice(url.lastIndexOf('/') + 1);
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * A realistic demo through the domain's own commands, so every invariant and
 * event holds: partners, clients of both attributions (a few still unsigned),
 * cases across statuses, countries and sources, payments (installments too)
 * and fees across every revenue stage. Dates are then spread over the past
 * year, in an order that keeps attribution true.
 */
export async function seedDemoData(
  deps: { pool: Pool; partners: PartnerService; domain: ReferralDomain },
  options: DemoOptions = {},
): Promise<DemoSummary> {
  const started = Date.now();
  const { pool, partners, domain } = deps;
  const rnd = random(options.seed ?? 2026);
  const now = Date.now();

  const seeded = [];
  for (const p of SEEDED_PARTNERS) {
    const { partner } = await partners.create(p.name, { referralFeePercent: p.referralFeePercent });
    seeded.push({ id: partner.id, name: partner.name });
  }
  const partnerIds = [...seeded.map((p) => p.id), ...(options.alsoFor ?? [])];

  // Clients: each brought by one partner (attributed); a third also linked to
  // a second partner through an approved link request (non-attributed).
  interface DemoClient {
    id: string;
    /** Each linked partner and when its link was made. */
    links: Map<string, number>;
    ready: boolean;
  }
  const clients: DemoClient[] = [];
  const clientCount = options.clients ?? 50;
  for (let i = 0; i < clientCount; i += 1) {
    const owner = partnerIds[i % partnerIds.length]!;
    const company = {
      externalTenantId: `demo-tenant-${1000 + i}`,
      companyName: `${rnd.pick(COMPANY_WORDS)} ${rnd.pick(COMPANY_KINDS)} ${i % 3 ? 'GmbH' : 'AG'}`,
      registrationNumber: `HRB ${700000 + i * 37}`,
      country: rnd.pick(CLIENT_COUNTRIES),
      contactEmail: `finance${i}@client${i}.example`,
      contactName: 'Demo Contact',
    };
    const registered = await domain.registration.register(owner, company);
    if (registered.outcome !== 'onboarding_required') throw new Error(registered.outcome);
    const clientId = registered.client.id;
    // One in ten never signs: the dashboard shows them with their onboarding URL.
    const ready = i % 10 !== 9;
    if (ready) {
      await domain.onboarding.complete(tokenOf(registered.onboardingUrl), {
        accept: 'yes',
        signerName: company.contactName,
      });
      await domain.links.verifyKyc(clientId);
    }
    const linkedSince = now - rnd.int(300, 420) * DAY;
    await pool.query(`UPDATE clients SET created_at = $2 WHERE id = $1`, [
      clientId,
      new Date(linkedSince),
    ]);
    await pool.query(`UPDATE client_links SET linked_at = $2 WHERE client_id = $1`, [
      clientId,
      new Date(linkedSince),
    ]);
    const client: DemoClient = { id: clientId, links: new Map([[owner, linkedSince]]), ready };
    if (ready && i % 3 === 0) {
      const other = partnerIds[(i + 1) % partnerIds.length]!;
      const asked = await domain.registration.register(other, {
        ...company,
        externalTenantId: `demo-tenant-${1000 + i}-b`,
      });
      if (asked.outcome === 'approval_required') {
        await domain.linkRequests.decide(tokenOf(asked.approvalUrl), 'approve');
        const since = linkedSince + rnd.int(30, 200) * DAY;
        await pool.query(
          `UPDATE client_links SET linked_at = $3 WHERE client_id = $1 AND partner_id = $2`,
          [clientId, other, new Date(since)],
        );
        client.links.set(other, since);
      }
    }
    clients.push(client);
  }

  // Cases, mostly as if through partners' customer tokens; contracts a
  // country needs are signed on the solution page and the request repeated.
  const ready = clients.filter((c) => c.ready);
  const created: { reference: string; createdAt: number; amount: number; currency: string }[] = [];
  const caseCount = options.cases ?? 1000;
  for (let i = 0; i < caseCount; i += 1) {
    const client = rnd.pick(ready);
    const [country, currency] = rnd.weighted(
      DEBTOR_COUNTRIES.map(([c, cur, w]) => [[c, cur] as const, w]),
    );
    const scale = currency === 'JPY' ? 1 : currency === 'SEK' || currency === 'DKK' ? 1000 : 100;
    const amount = Math.round(Math.exp(rnd.int(530, 1060) / 100)) * scale;
    const viaPartner = rnd.next() < 0.7;
    const origin = viaPartner
      ? { source: 'partner_api' as const, partnerId: rnd.pick([...client.links.keys()]) }
      : { source: rnd.pick(['web_app', 'csv_import', 'client_api_key', 'integration'] as const) };
    // A case through a partner's token is never older than that partner's link.
    const since = viaPartner
      ? client.links.get(origin.partnerId!)!
      : Math.min(...client.links.values());
    const createdAt = rnd.int(since + DAY, now - 3 * DAY);
    const input = {
      debtor: {
        name: `${rnd.pick(DEBTOR_NAMES)} ${i}`,
        type: rnd.next() < 0.8 ? ('company' as const) : ('person' as const),
        country,
        email: `ap${i}@debtor.example`,
      },
      invoice: {
        number: `DEMO-${String(i).padStart(5, '0')}`,
        amountMinor: amount,
        currency,
        issueDate: isoDay(createdAt - 60 * DAY),
        dueDate: isoDay(createdAt - 30 * DAY),
      },
      allowPendingContracts: rnd.next() < 0.3,
    };

    let result = await domain.caseCreation.create(client.id, origin, input);
    if (result.outcome === 'contract_required') {
      // Nine in ten clients sign; the rest leave the request refused.
      if (rnd.next() < 0.1) continue;
      await domain.contracts.sign(tokenOf(result.solutionUrl), {
        accept: 'yes',
        signerName: 'Demo Contact',
      });
      result = await domain.caseCreation.create(client.id, origin, input);
    }
    if (result.outcome !== 'created') throw new Error(`demo case: ${result.outcome}`);
    await pool.query(`UPDATE cases SET created_at = $2, updated_at = $2 WHERE id = $1`, [
      result.case.id,
      new Date(createdAt),
    ]);
    await pool.query(`UPDATE case_activity SET at = $2 WHERE case_id = $1 AND kind = 'created'`, [
      result.case.id,
      new Date(createdAt),
    ]);
    created.push({ reference: result.case.reference, createdAt, amount, currency });
  }

  // One partner's link is archived before the payments: its fees stop (link_archived).
  const shared = clients.find((c) => c.links.size > 1);
  if (shared) {
    const { rows } = await pool.query<{ id: string }>(
      `SELECT id FROM client_links WHERE client_id = $1 AND attribution = 'non_attributed'`,
      [shared.id],
    );
    if (rows[0]) await domain.links.archive(rows[0].id);
  }

  // Progress and payments on the cases that started.
  const stageTargets: [TransactionStage, number][] = [
    ['pending', 15],
    ['confirmed', 15],
    ['awaiting_collection_partner', 15],
    ['ready_to_invoice', 15],
    ['awaiting_platform_payment', 15],
    ['paid', 25],
  ];
  const transactionsByTarget = new Map<TransactionStage, string[]>();
  let payouts = 0;
  const { rows: active } = await pool.query<{ reference: string }>(
    `SELECT reference FROM cases WHERE status = 'active' AND reference = ANY($1::text[])`,
    [created.map((c) => c.reference)],
  );
  const byReference = new Map(created.map((c) => [c.reference, c]));
  const milestones: CaseMilestone[] = ['collection_started', 'in_collection', 'resolved'];
  for (const { reference } of active) {
    const kase = byReference.get(reference)!;
    const roll = rnd.next();
    const reached = roll < 0.2 ? 0 : roll < 0.45 ? 1 : roll < 0.75 ? 2 : 3;
    // Starting already reached collection_started; the roll moves it on from there.
    for (const milestone of milestones.slice(1, reached)) {
      await domain.caseProgress.move(reference, { milestone });
    }
    if (reached >= 2) {
      // Paid in one go or in installments, between creation and today.
      const parts = rnd.next() < 0.3 ? rnd.int(2, 3) : 1;
      const paidShare = reached === 3 ? 1 : rnd.int(30, 90) / 100;
      const total = Math.max(parts, Math.round(kase.amount * paidShare));
      let paidSoFar = 0;
      for (let part = 1; part <= parts; part += 1) {
        const amountMinor = part === parts ? total - paidSoFar : Math.floor(total / parts);
        paidSoFar += amountMinor;
        const paidAt = isoDay(kase.createdAt + ((now - kase.createdAt) * part) / (parts + 1));
        const recorded = await domain.payouts.record(reference, {
          amountMinor,
          currency: kase.currency,
          paidAt,
        });
        if (recorded.outcome !== 'recorded') throw new Error(`demo payment: ${recorded.outcome}`);
        payouts += 1;
        for (const a of recorded.payout.attributions) {
          if (!a.transactionId) continue;
          const target = rnd.weighted(stageTargets);
          transactionsByTarget.set(target, [
            ...(transactionsByTarget.get(target) ?? []),
            a.transactionId,
          ]);
        }
      }
    }
    if (reached === 3) await domain.caseProgress.move(reference, { status: 'closed' });
    else if (rnd.next() < 0.12) {
      await domain.caseProgress.move(reference, {
        status: 'paused',
        reason: 'Debtor asked for time to pay',
      });
    }
  }

  // Revenue stages move in bulk, as operators do when an invoice arrives or is paid.
  const order = stageTargets.map(([stage]) => stage);
  let transactions = 0;
  for (const [index, stage] of order.entries()) {
    const ids = order.slice(index).flatMap((s) => transactionsByTarget.get(s) ?? []);
    if (index === 0) {
      transactions = ids.length;
      continue;
    }
    for (let i = 0; i < ids.length; i += 500) {
      const moved = await domain.transactions.move(ids.slice(i, i + 500), stage);
      if (moved.outcome !== 'moved') throw new Error(`demo stage: ${moved.outcome}`);
    }
  }

  return {
    partners: seeded,
    clients: clients.length,
    cases: created.length,
    payouts,
    transactions,
    ms: Date.now() - started,
  };
}

/** Seed the demo, giving every partner that already exists (the demo partner) demo clients too. */
export async function seedDemoForAll(deps: {
  pool: Pool;
  partners: PartnerService;
  domain: ReferralDomain;
}): Promise<DemoSummary> {
  const { rows } = await deps.pool.query<{ id: string }>(
    `SELECT id FROM partners ORDER BY created_at`,
  );
  return seedDemoData(deps, { alsoFor: rows.map((r) => r.id) });
}

/** True when no client exists yet: the demo may be added without mixing with real data. */
export async function isEmptyPlatform(pool: Pool): Promise<boolean> {
  const { rows } = await pool.query<{ any: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM clients) AS any`,
  );
  return !rows[0]!.any;
}

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
