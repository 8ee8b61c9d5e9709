import type { CaseReads } from '../cases/case-reads';
import type { DomainContext } from '../context';
import { DashboardCaseDetail } from './dashboard-case-detail';
import { DashboardCases } from './dashboard-cases';
import { DashboardClients } from './dashboard-clients';
import { DashboardEarnings } from './dashboard-earnings';

/**
 * The partner dashboard's read models. Each takes the partner's id and reads
 * only that partner's rows; the filters are the domain's own (the public
 * API's lists use the same), the windows are page numbers with a total.
 */
export function createPartnerDashboard(ctx: DomainContext, cases: CaseReads) {
  return {
    cases: new DashboardCases(ctx.pool),
    caseDetail: new DashboardCaseDetail(ctx.pool, cases),
    earnings: new DashboardEarnings(ctx.pool),
    clients: new DashboardClients(ctx.pool, ctx),
  };
}

export type PartnerDashboard = ReturnType<typeof createPartnerDashboard>;
