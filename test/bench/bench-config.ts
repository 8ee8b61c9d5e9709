import { z } from 'zod';
import { DELIVERY_TIMEOUT_MS } from './bare-queue';

const count = z.coerce.number().int().positive();
const flag = z
  .enum(['true', 'false', '1', '0'], { error: 'expected true or false' })
  .transform((v) => v === 'true' || v === '1');

/** Only here to sign and verify bench deliveries; shared by the producer and the worker. */
export const BENCH_SECRET_KEY = Buffer.alloc(32, 5);

const BenchEnv = z.object({
  DATABASE_URL: z.url().default('postgres://postgres@127.0.0.1:5432/postgres'),
  REDIS_URL: z.url().default('redis://127.0.0.1:6379'),
  BENCH_EVENTS: count.default(20_000),
  BENCH_WARMUP_EVENTS: z.coerce.number().int().min(0).default(1_000),
  BENCH_RATE: count.default(500),
  BENCH_PACED_SECONDS: count.default(10),
  /** Publishes (or bare adds) in flight during the burst phases. */
  BENCH_PRODUCER_CONCURRENCY: count.default(50),
  BENCH_DELIVERY_CONCURRENCY: count.default(200),
  /** Full-path tenants per phase, one `*` subscription each, sent to round-robin. */
  BENCH_TENANTS: count.default(100),
  /** The fan-out phase: one event to this many `*` subscriptions of one tenant… */
  BENCH_FANOUT_SUBSCRIPTIONS: count.default(100),
  /** …this many times… */
  BENCH_FANOUT_EVENTS: count.default(20),
  /** …one event every this many milliseconds. */
  BENCH_FANOUT_INTERVAL_MS: count.default(250),
  /** Run the fairness phases: a healthy receiver alone, then beside a hung one. */
  BENCH_FAIRNESS: flag.default(true),
  /** Fairness phases: events per tenant (issue 12: 1,000). */
  BENCH_FAIRNESS_EVENTS: count.default(1_000),
  /** Deliveries queued with no worker running, to weigh them in Redis. */
  BENCH_QUEUED_EVENTS: count.default(5_000),
  /** Run the phases through the API process (events by HTTP, and its request path). */
  BENCH_API: flag.default(true),
  /** Partners (API keys) the API load is spread over, so no key meets its rate limit. */
  BENCH_API_PARTNERS: count.default(400),
  /** Events created by HTTP requests to the API. */
  BENCH_API_EVENTS: count.default(10_000),
  /** Requests in flight (connections) against the API and the bare HTTP server. */
  BENCH_API_CONCURRENCY: count.default(50),
  /** Length of each request-path measure (after a warm-up of a fifth of it). */
  BENCH_API_SECONDS: count.default(10),
  /** Also run the bare pipeline at the paced rate. */
  BENCH_BARE_PACED: flag.default(true),
  /** Write V8 CPU profiles of the worker and API processes to test/bench/results/profiles. */
  BENCH_CPU_PROF: flag.default(false),
  /** How long a phase may take to deliver everything after the last send. */
  BENCH_DRAIN_TIMEOUT_SECONDS: count.default(120),
  /** The whole run is abandoned (children killed, stores dropped) after this. */
  BENCH_MAX_SECONDS: count.default(900),
  /** `npm run bench` ends with the dashboard section (`npm run bench:dashboard` runs it alone). */
  BENCH_DASHBOARD: flag.default(true),
  BENCH_DASHBOARD_CASES: count.default(100_000),
  BENCH_DASHBOARD_FEES: count.default(100_000),
  BENCH_DASHBOARD_CLIENTS: count.default(2_000),
  /** Requests per CSV export measured. */
  BENCH_DASHBOARD_CSV_RUNS: count.default(20),
  /** Times each plain list page is requested. */
  BENCH_DASHBOARD_LIST_RUNS: count.default(5),
});

export type BenchConfig = ReturnType<typeof parseBenchConfig>;

export function parseBenchConfig(env: NodeJS.ProcessEnv) {
  const e = parseOrExit(BenchEnv, env);
  return {
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    events: e.BENCH_EVENTS,
    warmupEvents: e.BENCH_WARMUP_EVENTS,
    rate: e.BENCH_RATE,
    pacedSeconds: e.BENCH_PACED_SECONDS,
    producerConcurrency: e.BENCH_PRODUCER_CONCURRENCY,
    deliveryConcurrency: e.BENCH_DELIVERY_CONCURRENCY,
    tenants: e.BENCH_TENANTS,
    fanOut: {
      subscriptions: e.BENCH_FANOUT_SUBSCRIPTIONS,
      events: e.BENCH_FANOUT_EVENTS,
      intervalMs: e.BENCH_FANOUT_INTERVAL_MS,
    },
    fairness: { enabled: e.BENCH_FAIRNESS, events: e.BENCH_FAIRNESS_EVENTS },
    queuedEvents: e.BENCH_QUEUED_EVENTS,
    api: {
      enabled: e.BENCH_API,
      partners: e.BENCH_API_PARTNERS,
      events: e.BENCH_API_EVENTS,
      concurrency: e.BENCH_API_CONCURRENCY,
      seconds: e.BENCH_API_SECONDS,
    },
    barePaced: e.BENCH_BARE_PACED,
    cpuProfile: e.BENCH_CPU_PROF,
    drainTimeoutMs: e.BENCH_DRAIN_TIMEOUT_SECONDS * 1000,
    maxRunMs: e.BENCH_MAX_SECONDS * 1000,
  };
}

export type DashboardBenchConfig = ReturnType<typeof parseDashboardBenchConfig>;

/** The dashboard section's settings (its database and Redis are the bench's). */
export function parseDashboardBenchConfig(env: NodeJS.ProcessEnv) {
  const e = parseOrExit(BenchEnv, env);
  return {
    enabled: e.BENCH_DASHBOARD,
    cases: e.BENCH_DASHBOARD_CASES,
    fees: e.BENCH_DASHBOARD_FEES,
    clients: e.BENCH_DASHBOARD_CLIENTS,
    csvRuns: e.BENCH_DASHBOARD_CSV_RUNS,
    listRuns: e.BENCH_DASHBOARD_LIST_RUNS,
  };
}

/** What run-bench hands each worker process through its environment. */
const WorkerEnv = z.object({
  DATABASE_URL: z.url(),
  REDIS_URL: z.url(),
  REDIS_PREFIX: z.string().min(1),
  BENCH_DELIVERY_CONCURRENCY: count.default(200),
  /** The engine worker's delivery timeout (the fairness phases' hung receiver needs a long one). */
  BENCH_DELIVERY_TIMEOUT_MS: count.default(DELIVERY_TIMEOUT_MS),
  /** The bare worker's fixed target; the engine takes its URL from the subscription. */
  BENCH_RECEIVER_URL: z.url().optional(),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('silent'),
});
export type WorkerEnv = z.infer<typeof WorkerEnv>;

export function parseWorkerEnv(env: NodeJS.ProcessEnv): WorkerEnv {
  return parseOrExit(WorkerEnv, env);
}

/** What run-bench hands the bare HTTP server (`bare-api-process.ts`). */
const BareApiEnv = z.object({ DATABASE_URL: z.url() });

export function parseBareApiEnv(env: NodeJS.ProcessEnv): z.infer<typeof BareApiEnv> {
  return parseOrExit(BareApiEnv, env);
}

function parseOrExit<T extends z.ZodType>(schema: T, env: NodeJS.ProcessEnv): z.infer<T> {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) {
    console.error(`bench: ${issue.path.join('.')}: ${issue.message}`);
  }
  process.exit(2);
}
