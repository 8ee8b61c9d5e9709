import {
  ReportedTransaction,
  TransactionFilter,
  TransactionReport,
  TransactionTotals,
} from '@referral/domain';
import type { AppDeps } from '../app-deps';
import type { RouteRegistry } from '../http/route-registry';
import { named } from '../openapi/json-schema';
import { PageQuery } from '../schemas';

named(ReportedTransaction, 'ReportedTransaction');
named(TransactionTotals, 'TransactionTotals');
named(TransactionReport, 'TransactionReport');

/** Revenue reporting: a partner's referral fees by stage. */
export function reportingRoutes(routes: RouteRegistry, { domain }: AppDeps): void {
  routes.partner(
    {
      method: 'get',
      path: '/v1/reporting/transactions',
      operationId: 'listTransactions',
      summary: 'Your referral fees with their revenue stage, newest first, and totals in USD',
      description:
        'USD amounts float with the exchange rate until a fee reaches ready_to_invoice; from then ' +
        'on they are locked (`usdLocked`). `totals` sums every matching row, whatever the page.',
      tags: ['Reporting'],
      query: PageQuery.extend(TransactionFilter.shape),
      responses: { 200: { description: 'A page of transactions', schema: TransactionReport } },
    },
    async ({ tenantId, query: { limit, cursor, ...filter } }) => ({
      status: 200,
      body: await domain.reporting.transactions(tenantId, filter, { limit, cursor }),
    }),
  );
}
