/**
 * `npm run bench`: the webhook engine end to end against a bare BullMQ +
 * undici pipeline, on this machine's Postgres and Redis, in a throwaway
 * database and key prefix removed at the end. Three node processes at a time:
 * this one (producer), one worker (engine, then bare) and the receiver (and a
 * hung receiver during the fairness phases).
 * Then, unless BENCH_DASHBOARD=false, the partner dashboard section
 * (`dashboard/`); `--dashboard` runs that section alone (`npm run bench:dashboard`).
 * Figures are reported, not asserted: a MISS exits 0; a run that cannot finish
 * exits 1; a signal cleans up and exits 128+n (a second one exits at once).
 */
import path from 'node:path';
import { parseBenchConfig, parseDashboardBenchConfig } from './bench-config';
import { formatDashboardReport, type DashboardResults } from './dashboard/dashboard-report';
import { runDashboardScenario } from './dashboard/dashboard-scenario';
import type { BenchResults } from './bench-results';
import { formatReport, writeResults } from './report';
import { RESULTS_DIR } from './results-dir';
import { runScenario } from './scenario';
import { Teardown } from './teardown';

async function main() {
  const config = parseBenchConfig(process.env);
  const dashboardConfig = parseDashboardBenchConfig(process.env);
  const teardown = new Teardown();
  const abort = (reason: string, exitCode: number) => {
    if (teardown.started) process.exit(exitCode);
    console.error(`\nbench: ${reason}; cleaning up`);
    void teardown.run().finally(() => process.exit(exitCode));
  };
  process.on('SIGINT', () => abort('SIGINT received', 130));
  process.on('SIGTERM', () => abort('SIGTERM received', 143));
  const watchdog = setTimeout(
    () => abort(`run exceeded BENCH_MAX_SECONDS (${config.maxRunMs / 1000} s)`, 1),
    config.maxRunMs,
  );
  // A child dying while we tear down (Ctrl-C reaches the whole group) is expected.
  const onCrash = (error: Error) => {
    if (!teardown.started) abort(error.message, 1);
  };

  const dashboardOnly = process.argv.includes('--dashboard');
  try {
    let webhooks: BenchResults | undefined;
    let dashboard: DashboardResults | undefined;
    if (!dashboardOnly) webhooks = await runScenario(config, teardown, onCrash);
    if (dashboardOnly || dashboardConfig.enabled) {
      dashboard = await runDashboardScenario(config, dashboardConfig, teardown);
    }
    await teardown.run();
    const report = (results: object, text: string, name: string) => {
      console.log(text);
      const file = path.join(RESULTS_DIR, name);
      writeResults(file, results);
      console.log(`\nResults written to ${path.relative(process.cwd(), file)}`);
    };
    if (webhooks) report(webhooks, formatReport(webhooks), 'latest.json');
    if (dashboard) report(dashboard, formatDashboardReport(dashboard), 'dashboard-latest.json');
  } catch (error) {
    // Once aborted, the run fails on purpose as its pool and children go away.
    if (!teardown.started) console.error('\nbench failed:', error);
    await teardown.run();
    process.exitCode = 1;
  } finally {
    clearTimeout(watchdog);
  }
}

void main();
