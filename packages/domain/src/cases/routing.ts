import type { DomainContext } from '../context';
import { routeFor } from './collection-route';
import type { RoutingEntry, RoutingOverview } from './routing-entry';
import { resumeWaitingCases } from './waiting-cases';

export type SetRouteOutcome =
  | { outcome: 'unknown_collection_partner' }
  | { outcome: 'routed'; route: RoutingEntry; casesStarted: number };

/** Operators read and change the routing table. */
export class RoutingTable {
  constructor(private readonly ctx: Pick<DomainContext, 'pool' | 'outbox'>) {}

  async list(): Promise<RoutingOverview> {
    const [routes, partners] = await Promise.all([
      this.ctx.pool.query<{
        country: string;
        id: string;
        name: string;
        commission_percent: string;
      }>(
        `SELECT r.country, p.id, p.name, p.commission_percent
         FROM collection_routes r JOIN collection_partners p ON p.id = r.collection_partner_id
         ORDER BY r.country`,
      ),
      this.ctx.pool.query<{ id: string; name: string; commission_percent: string }>(
        `SELECT id, name, commission_percent FROM collection_partners ORDER BY name`,
      ),
    ]);
    return {
      routes: routes.rows.map((r) => ({
        country: r.country,
        collectionPartner: {
          id: r.id,
          name: r.name,
          commissionPercent: Number(r.commission_percent),
        },
      })),
      collectionPartners: partners.rows.map((p) => ({
        id: p.id,
        name: p.name,
        commissionPercent: Number(p.commission_percent),
      })),
    };
  }

  /** Route a country's debtors to a collection partner; its cases waiting for one start. */
  set(country: string, collectionPartnerId: string): Promise<SetRouteOutcome> {
    return this.ctx.outbox.inTransaction(async (tx, emit) => {
      const { rowCount } = await tx.query(`SELECT 1 FROM collection_partners WHERE id = $1`, [
        collectionPartnerId,
      ]);
      if (rowCount === 0) return { outcome: 'unknown_collection_partner' };
      await tx.query(
        `INSERT INTO collection_routes (country, collection_partner_id) VALUES ($1, $2)
         ON CONFLICT (country) DO UPDATE SET collection_partner_id = excluded.collection_partner_id`,
        [country, collectionPartnerId],
      );
      const route = (await routeFor(tx, country))!;
      const casesStarted = await resumeWaitingCases(tx, emit, { country });
      return {
        outcome: 'routed',
        route: {
          country,
          collectionPartner: route,
        },
        casesStarted,
      };
    });
  }
}
