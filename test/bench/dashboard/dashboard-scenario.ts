import { CaseSortKey, CSV_ROW_CAP, dashboardApi, PAGE_SIZE } from '@referral/dashboard-contract';
import { createPool } from '@referral/db';
import { createTestDatabase, createTestRedis } from '@referral/testing';
import { startApi } from '../api-service';
import type { BenchConfig, DashboardBenchConfig } from '../bench-config';
import { round, summariseLatency, type LatencySummary } from '../phase-result';
import { target } from '../targets';
import type { Teardown } from '../teardown';
import { signIn } from './dashboard-api';
import type { DashboardResults } from './dashboard-report';
import { initialJs } from './initial-js';
import { seedDashboard } from './seed';
import { listPath, repeat, typeSearches, type DashboardUser } from './timed-requests';
import { typedSearches } from './typing';

const SEARCH_REQUESTS = 300;

/**
 * The dashboard section: a throwaway database seeded for one partner, the
 * API as its own process, one signed-in user sending one request at a time.
 * Everything built is registered with `teardown`.
 */
export async function runDashboardScenario(
  config: BenchConfig,
  plan: DashboardBenchConfig,
  teardown: Teardown,
): Promise<DashboardResults> {
  process.env.DATABASE_URL = config.databaseUrl;
  process.env.REDIS_URL = config.redisUrl;
  const db = await createTestDatabase();
  teardown.push('dropping the dashboard bench database', () => db.drop());
  const redis = await createTestRedis();
  teardown.push('deleting the dashboard bench Redis keys', () => redis.cleanup());
  const pool = createPool(db.url);
  teardown.push('closing the dashboard seed pool', () => pool.end());

  process.stdout.write(`Dashboard: seeding ${plan.cases} cases and ${plan.fees} fees… `);
  const seeded = await seedDashboard(pool, {
    clients: plan.clients,
    cases: plan.cases,
    fees: plan.fees,
    otherClients: Math.ceil(plan.clients / 7),
    otherCases: Math.ceil(plan.cases / 10),
    otherFees: Math.ceil(plan.fees / 12),
  });
  console.log(`${seeded.seconds} s`);
  const searches = await typedSearches(pool, seeded.partnerId);

  const api = await startApi({
    databaseUrl: db.url,
    redisUrl: redis.url,
    redisPrefix: redis.prefix,
  });
  teardown.push('stopping the dashboard API', () => api.stop());
  const user: DashboardUser = { url: api.url, cookie: await signIn(api.url, seeded.partnerId) };

  // Warm-up, not counted: connections, prepared plans, the buffer cache.
  process.stdout.write('Dashboard: warm-up… ');
  await typeSearches(user, searches, 1);
  for (const list of ['cases', 'earnings', 'clients'] as const) {
    await repeat(user, listPath(list), 3);
  }
  console.log('done');

  process.stdout.write('Dashboard: search as you type… ');
  const perRound = searches.reduce((n, s) => n + s.term.length, 0);
  const search = await typeSearches(user, searches, Math.ceil(SEARCH_REQUESTS / perRound));
  console.log(`${search.requests} requests, p95 ${search.latencyMs.p95} ms`);

  process.stdout.write('Dashboard: list pages… ');
  const deepPage = (rows: number) => String(Math.max(1, Math.floor(rows / PAGE_SIZE / 2)));
  const pages: [string, string][] = [
    ['cases, page 1', listPath('cases')],
    ['cases, deep page', listPath('cases', { page: deepPage(plan.cases) })],
    ...CaseSortKey.options.flatMap((sort): [string, string][] => [
      [`cases by ${sort} desc`, listPath('cases', { sort, order: 'desc' })],
      [`cases by ${sort} asc`, listPath('cases', { sort, order: 'asc' })],
    ]),
    ['earnings, page 1', listPath('earnings')],
    ['earnings, deep page', listPath('earnings', { page: deepPage(plan.fees) })],
    ['clients, page 1', listPath('clients')],
    ['clients, deep page', listPath('clients', { page: deepPage(plan.clients) })],
  ];
  const lists: Record<string, LatencySummary> = {};
  const listMs: number[] = [];
  for (const [name, path] of pages) {
    lists[name] = await repeat(user, path, plan.listRuns, undefined, listMs);
  }
  const listAll = summariseLatency(listMs);
  console.log(`${listMs.length} requests, p95 ${listAll.p95} ms`);

  process.stdout.write('Dashboard: CSV exports… ');
  const csvLines = (body: string) => {
    const lines = body.trimEnd().split('\n').length;
    if (lines !== CSV_ROW_CAP + 1) {
      throw new Error(`a CSV export has ${lines} lines, not ${CSV_ROW_CAP + 1}`);
    }
  };
  const csv = {
    // Filters that match tens of thousands of rows: the export stops at the cap.
    'cases.csv?tab=active': await repeat(
      user,
      `${dashboardApi.casesCsv}?tab=active`,
      plan.csvRuns,
      csvLines,
    ),
    'earnings.csv?tab=paid': await repeat(
      user,
      `${dashboardApi.earningsCsv}?tab=paid`,
      plan.csvRuns,
      csvLines,
    ),
  };
  const csvP95 = Math.max(...Object.values(csv).map((s) => s.p95));
  console.log(`p95 ${round(csvP95, 1)} ms`);

  const bundle = await initialJs();
  return {
    finishedAt: new Date().toISOString(),
    seed: { ...seeded.rows, seconds: seeded.seconds },
    search,
    lists: { all: listAll, pages: lists },
    csv,
    initialJs: bundle ?? null,
    targets: {
      searchP95: target('Search as you type p95', search.latencyMs.p95, 'ms', '<=', 50),
      csvP95: target(`CSV of ${CSV_ROW_CAP} rows p95`, csvP95, 'ms', '<=', 300),
      ...(bundle && {
        initialJs: target('Initial JS, gzip', bundle.gzipBytes / 1024, 'KB', '<=', 250),
      }),
    },
  };
}
