import { backdateCase } from './backdate';
import { DEBTOR_COUNTRIES, DEBTOR_NAMES } from './demo-cast';
import type { DemoDeps } from './demo-deps';
import type { DemoClient } from './seed-clients';
import { DAY, isoDay, tokenOf, type Random } from './random';

export interface DemoCase {
  reference: string;
  createdAt: number;
  amount: number;
  currency: string;
}

/**
 * Cases, mostly as if through partners' customer tokens; contracts a country
 * needs are signed on the solution page and the request repeated, as a
 * client would. A case is never older than the link it was made through.
 */
export async function seedCases(
  { pool, domain }: DemoDeps,
  rnd: Random,
  clients: DemoClient[],
  count: number,
  now: number,
): Promise<DemoCase[]> {
  const ready = clients.filter((c) => c.ready);
  const created: DemoCase[] = [];
  for (let i = 0; i < count; i += 1) {
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
    await backdateCase(pool, result.case.id, new Date(createdAt));
    created.push({ reference: result.case.reference, createdAt, amount, currency });
  }
  return created;
}
