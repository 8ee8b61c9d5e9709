import { dashboardApi } from '@referral/dashboard-contract';
import { summariseLatency, type LatencySummary } from '../phase-result';
import { prefixes, type TypedSearch } from './typing';

/** One signed-in user of the dashboard API, one request at a time. */
export interface DashboardUser {
  url: string;
  cookie: string;
}

export interface Timed {
  path: string;
  ms: number;
  body: string;
}

/**
 * GET `path` and read the whole body: the time a browser waits for the
 * answer. Anything but 200 fails the run: a 429 or 500 is not a latency.
 */
export async function timedGet(user: DashboardUser, path: string): Promise<Timed> {
  const started = performance.now();
  const response = await fetch(user.url + path, { headers: { cookie: user.cookie } });
  const body = await response.text();
  const ms = performance.now() - started;
  if (response.status !== 200) {
    throw new Error(`GET ${path}: ${response.status} ${body.slice(0, 500)}`);
  }
  return { path, ms, body };
}

const LIST_PATHS = {
  cases: dashboardApi.cases,
  earnings: dashboardApi.earnings,
  clients: dashboardApi.clients,
} as const;

export const listPath = (list: keyof typeof LIST_PATHS, query: Record<string, string> = {}) => {
  const qs = new URLSearchParams(query).toString();
  return qs ? `${LIST_PATHS[list]}?${qs}` : LIST_PATHS[list];
};

export interface SearchResult {
  requests: number;
  latencyMs: LatencySummary;
  byList: Record<string, LatencySummary>;
  /** The slowest requests, to say which prefixes miss. */
  slowest: { path: string; ms: number }[];
}

/** Type every search into its list, prefix by prefix, `rounds` times over. */
export async function typeSearches(
  user: DashboardUser,
  searches: TypedSearch[],
  rounds: number,
): Promise<SearchResult> {
  const all: Timed[] = [];
  const byList = new Map<string, number[]>();
  for (let round = 0; round < rounds; round++) {
    for (const search of searches) {
      for (const prefix of prefixes(search.term)) {
        const timed = await timedGet(user, listPath(search.list, { search: prefix, page: '1' }));
        all.push(timed);
        byList.set(search.list, [...(byList.get(search.list) ?? []), timed.ms]);
      }
    }
  }
  return {
    requests: all.length,
    latencyMs: summariseLatency(all.map((t) => t.ms)),
    byList: Object.fromEntries([...byList].map(([list, ms]) => [list, summariseLatency(ms)])),
    slowest: all
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 10)
      .map((t) => ({ path: decodeURIComponent(t.path), ms: Math.round(t.ms * 10) / 10 })),
  };
}

/**
 * `runs` requests of `path`; the bodies are checked by `check`, if given,
 * and the times also pushed to `into`.
 */
export async function repeat(
  user: DashboardUser,
  path: string,
  runs: number,
  check?: (body: string) => void,
  into?: number[],
): Promise<LatencySummary> {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const timed = await timedGet(user, path);
    check?.(timed.body);
    ms.push(timed.ms);
  }
  into?.push(...ms);
  return summariseLatency(ms);
}
