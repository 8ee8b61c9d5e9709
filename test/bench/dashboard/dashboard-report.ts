import type { LatencySummary } from '../phase-result';
import type { Target } from '../bench-results';
import type { BundleSize } from './initial-js';
import type { SearchResult } from './timed-requests';

export interface DashboardResults {
  finishedAt: string;
  /** Rows per table after seeding, and how long seeding took. */
  seed: Record<string, number>;
  search: SearchResult;
  lists: { all: LatencySummary; pages: Record<string, LatencySummary> };
  csv: Record<string, LatencySummary>;
  /** Null when services/dashboard/dist is not built. */
  initialJs: BundleSize | null;
  targets: Partial<Record<'searchP95' | 'csvP95' | 'initialJs', Target>>;
}

export function formatDashboardReport(results: DashboardResults): string {
  const { seed, search, lists, csv, initialJs } = results;
  const latencyRows = (entries: [string, LatencySummary][]) =>
    entries.map(([name, s]) => row(name, s.p50, s.p95, s.p99, s.max));
  return [
    '',
    `Partner dashboard benchmark: ${seed.cases} cases, ${seed.transactions} fees, ` +
      `${seed.clients} clients (seeded in ${seed.seconds} s); one user, one request at a time`,
    '',
    row('Requests (ms)', 'p50', 'p95', 'p99', 'max'),
    ...latencyRows([[`search as you type (${search.requests})`, search.latencyMs]]),
    ...latencyRows(Object.entries(search.byList).map(([list, s]) => [`  ${list}`, s])),
    ...latencyRows([['list pages, no search', lists.all]]),
    ...latencyRows(Object.entries(lists.pages).map(([name, s]) => [`  ${name}`, s])),
    ...latencyRows(Object.entries(csv).map(([name, s]) => [`CSV ${name}`, s])),
    '',
    'Slowest search requests:',
    ...search.slowest.slice(0, 5).map((s) => `  ${s.ms.toFixed(1).padStart(8)} ms  ${s.path}`),
    '',
    `${'Target'.padEnd(44)}${'measured'.padStart(12)}   result`,
    ...Object.values(results.targets).map((t) => {
      const rule = `${t.label} ≤ ${t.threshold} ${t.unit}`;
      return `${rule.padEnd(44)}${t.measured.toFixed(1).padStart(12)}   ${t.result}`;
    }),
    initialJs
      ? `Initial JS: ${initialJs.files.length} files, ${(initialJs.rawBytes / 1024).toFixed(1)} KB raw`
      : 'Initial JS: not measured, services/dashboard/dist is not built',
  ].join('\n');
}

function row(name: string, ...values: (string | number)[]): string {
  return (
    name.padEnd(44) +
    values.map((v) => (typeof v === 'number' ? v.toFixed(1) : v).padStart(10)).join('')
  );
}
