import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { parser as PromQL } from '@prometheus-io/lezer-promql' with {
  'resolution-mode': 'import',
};
import { createPlatformEnv, type PlatformEnv } from '../support/platform-env';
import { REPO_ROOT, startService, type ServiceProcess } from '../support/service-process';

// The official PromQL grammar. The package ships a CommonJS build, but its
// types are declared for ESM only, so they are named with resolution-mode.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { parser } = require('@prometheus-io/lezer-promql') as { parser: typeof PromQL };

const DASHBOARD = path.join(REPO_ROOT, 'infra', 'grafana', 'webhook-platform.json');

interface Panel {
  type: string;
  title: string;
  datasource?: { uid?: string };
  targets?: { expr: string }[];
  panels?: Panel[];
}

let platform: PlatformEnv;
const services: ServiceProcess[] = [];

beforeAll(async () => {
  platform = await createPlatformEnv();
});
afterAll(async () => {
  await Promise.all(services.map((s) => s.stop('SIGTERM')));
  await platform.cleanup();
});

/** The PromQL of every panel, Grafana's interval variables given a value. */
function queries(): { panel: string; expr: string }[] {
  const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as { panels: Panel[] };
  const all = dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
  return all
    .filter((p) => p.type !== 'row')
    .flatMap((p) => {
      expect({ panel: p.title, datasource: p.datasource?.uid }).toEqual({
        panel: p.title,
        datasource: '${datasource}',
      });
      expect(p.targets?.length).toBeGreaterThan(0);
      return p.targets!.map((t) => ({
        panel: p.title,
        expr: t.expr.replace(/\$__(rate_interval|interval|range)/g, '5m'),
      }));
    });
}

/** The metric names a query reads, refusing one that does not parse. */
function metricNames(expr: string): string[] {
  const names: string[] = [];
  const cursor = parser.parse(expr).cursor();
  do {
    if (cursor.type.isError) throw new Error(`PromQL does not parse at ${cursor.from}: ${expr}`);
    if (cursor.name === 'VectorSelector') {
      const selector = expr.slice(cursor.from, cursor.to);
      const name = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(selector)?.[0];
      if (!name) throw new Error(`a selector without a metric name: ${selector}`);
      names.push(name);
    }
  } while (cursor.next());
  return names;
}

/** Every series name a process exports: each family's name and, for histograms, its _bucket/_sum/_count. */
async function exported(base: string): Promise<Set<string>> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const names = new Set<string>();
  for (const [, name, type] of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    names.add(name!);
    if (type === 'histogram' || type === 'summary') {
      for (const suffix of ['_bucket', '_sum', '_count']) names.add(`${name}${suffix}`);
    }
  }
  return names;
}

it('the Grafana dashboard is valid JSON whose every query parses and reads metrics the API or a dispatcher exports', async () => {
  const metricsUrl = /"metrics":"(http:[^"]+)\/metrics"/;
  const api = startService('api', platform.env);
  const dispatcher = startService('dispatcher', platform.env);
  services.push(api, dispatcher);
  const [[, apiOps], [, dispatcherOps]] = await Promise.all([
    api.waitForOutput(metricsUrl),
    dispatcher.waitForOutput(metricsUrl),
  ]);
  const available = new Set([...(await exported(apiOps!)), ...(await exported(dispatcherOps!))]);

  const used = new Set<string>();
  for (const { panel, expr } of queries()) {
    for (const name of metricNames(expr)) {
      expect({ panel, metric: name, exported: available.has(name) }).toEqual({
        panel,
        metric: name,
        exported: true,
      });
      used.add(name);
    }
  }
  // What the dashboard is for: the API's requests and the delivery backlog.
  for (const name of [
    'http_requests_total',
    'http_request_duration_seconds_bucket',
    'webhook_queue_jobs',
    'webhook_queue_oldest_waiting_seconds',
    'webhook_outbox_lag_seconds',
    'webhook_disabled_subscriptions',
    'webhook_parked_deliveries',
  ]) {
    expect(used).toContain(name);
  }
});

it('a query naming a metric nobody exports, or broken PromQL, is caught', () => {
  expect(metricNames('sum(rate(http_requests_totl[5m]))')).toEqual(['http_requests_totl']);
  expect(() => metricNames('sum(rate(http_requests_total[5m])')).toThrow(/does not parse/);
});
