import { CollectionPartnerRef } from '@referral/events';
import { z } from 'zod';

/** A collection partner as routing sees it: who, and the commission it takes. */
export const Route = CollectionPartnerRef.extend({ commissionPercent: z.number() });
export type Route = z.infer<typeof Route>;

/** One row of the routing table: debtors in `country` go to `collectionPartner`. */
export const RoutingEntry = z.object({ country: z.string(), collectionPartner: Route });
export type RoutingEntry = z.infer<typeof RoutingEntry>;

/** The whole table, and every collection partner a country could be routed to. */
export const RoutingOverview = z.object({
  routes: z.array(RoutingEntry),
  collectionPartners: z.array(Route),
});
export type RoutingOverview = z.infer<typeof RoutingOverview>;
