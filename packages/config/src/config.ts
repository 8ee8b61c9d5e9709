import { envSchema, type Env } from './env-schema';
import { ConfigError } from './config-error';

/** The configuration every process reads once at boot, sliced by concern. */
export function parseConfig(env: NodeJS.ProcessEnv = process.env) {
  const parsed = envSchema(env).safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? '(env)'),
        message: issue.message,
      })),
    );
  }
  return toConfig(parsed.data);
}

function toConfig(e: Env) {
  return {
    env: e.NODE_ENV,
    http: {
      host: e.HOST,
      port: e.PORT,
      publicBaseUrl: e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`,
    },
    /** The dispatcher's own HTTP port: /metrics, /healthz and /readyz. */
    dispatcher: { port: e.DISPATCHER_PORT },
    /** The API's operations port (/metrics, /healthz, /readyz), never the public one. */
    api: { opsPort: e.API_OPS_PORT },
    adminToken: e.ADMIN_TOKEN,
    database: { url: e.DATABASE_URL, poolMax: e.DATABASE_POOL_MAX },
    redis: { url: e.REDIS_URL, prefix: e.REDIS_PREFIX },
    webhooks: {
      retryBaseMs: e.WEBHOOK_RETRY_BASE_MS,
      timeoutMs: e.WEBHOOK_TIMEOUT_MS,
      allowPrivateUrls: e.WEBHOOK_ALLOW_PRIVATE_URLS,
      allowHttp: e.WEBHOOK_ALLOW_HTTP,
      secretEncryptionKey: Buffer.from(e.WEBHOOK_SECRET_ENCRYPTION_KEY, 'base64'),
      deliveryConcurrency: e.WEBHOOK_DELIVERY_CONCURRENCY,
      maxInFlightPerSubscription: e.WEBHOOK_MAX_IN_FLIGHT_PER_SUBSCRIPTION,
      reconcileIntervalMs: e.RECONCILE_INTERVAL_MS,
      /** Retention by whole time partitions: the dispatcher's scheduled job. */
      retention: {
        succeededDays: e.WEBHOOK_RETENTION_SUCCEEDED_DAYS,
        failedDays: e.WEBHOOK_RETENTION_FAILED_DAYS,
        sweepMs: e.WEBHOOK_RETENTION_SWEEP_MS,
      },
    },
    clients: {
      pageTokenKey: Buffer.from(e.HOSTED_PAGE_TOKEN_KEY, 'base64'),
      onboardingTtlMs: e.ONBOARDING_URL_TTL_HOURS * 60 * 60 * 1000,
      /** How often the dispatcher expires link requests past their TTL. */
      linkExpirySweepMs: e.LINK_EXPIRY_SWEEP_MS,
    },
    /** The welcome emails: their SMTP relay and the dispatcher's sending worker. */
    mail: {
      smtpUrl: e.SMTP_URL,
      retryBaseMs: e.MAIL_RETRY_BASE_MS,
      maxAttempts: e.MAIL_MAX_ATTEMPTS,
      pollMs: e.MAIL_POLL_MS,
      timeoutMs: e.MAIL_TIMEOUT_MS,
    },
    dashboard: {
      sessionSecret: e.SESSION_SECRET,
      /** Absent: the API's default, `services/dashboard/dist` of this repository. */
      distDir: e.DASHBOARD_DIST,
      secureCookies: e.NODE_ENV === 'production',
    },
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    createDemoPartner: e.CREATE_DEMO_PARTNER,
    /** Fill an empty database with the demo (partners, clients, cases, payouts) at start. */
    seedDemoData: e.SEED_DEMO_DATA,
    log: { level: e.LOG_LEVEL, format: e.LOG_FORMAT },
    /**
     * OpenTelemetry tracing, off without an endpoint. The SDK reads its other
     * OTEL_* variables (service name, headers, batch delay, sampler) itself.
     */
    tracing: { otlpEndpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT },
  };
}

export type Config = ReturnType<typeof toConfig>;

/**
 * Parse the environment or stop the process with a message naming every bad
 * variable. For services' main.ts only.
 */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}
