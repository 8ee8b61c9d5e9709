import { z } from 'zod';

const isProduction = (env: NodeJS.ProcessEnv) => env.NODE_ENV === 'production';

/** "true"/"false"/"1"/"0" — z.coerce.boolean would read "false" as true. */
const booleanFlag = z
  .enum(['true', 'false', '1', '0'], { error: 'expected true or false' })
  .transform((v) => v === 'true' || v === '1');

const port = z.coerce.number().int().min(0).max(65535);
const positiveMs = z.coerce.number().int().positive();
const retentionDays = z.coerce.number().int().min(1).max(3650);

// Development-only fallbacks. In production these variables are required.
const DEV_ADMIN_TOKEN = 'dev-admin-token';
const DEV_ENCRYPTION_KEY = Buffer.alloc(32, 7).toString('base64');
const DEV_PAGE_TOKEN_KEY = Buffer.alloc(32, 9).toString('base64');
const DEV_SESSION_SECRET = 'dev-dashboard-session-secret-not-for-production';

const encryptionKey = z.string().refine((v) => Buffer.from(v, 'base64').length === 32, {
  message: 'expected 32 bytes, base64-encoded (openssl rand -base64 32)',
});

/**
 * The platform's configuration schema. Defaults suit one machine with Redis and
 * Postgres on their standard local ports; production must set its secrets.
 */
export function envSchema(env: NodeJS.ProcessEnv) {
  const prod = isProduction(env);
  const devDefault = <T extends z.ZodType>(schema: T, fallback: z.input<T>) =>
    prod ? schema : schema.default(fallback as never);

  return z
    .object({
      NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
      HOST: z
        .string()
        .min(1)
        .default(prod ? '0.0.0.0' : '127.0.0.1'),
      PORT: port.default(3000),
      DISPATCHER_PORT: port.default(9464),
      /** The API's operations port: /metrics, /healthz, /readyz, apart from the public PORT. */
      API_OPS_PORT: port.default(9465),
      PUBLIC_BASE_URL: z.url().optional(),
      DATABASE_URL: z.url().default('postgres://postgres@127.0.0.1:5432/referral_platform'),
      /** Connections each process may open: replicas × this must fit Postgres's max_connections. */
      DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(1000).default(20),
      REDIS_URL: z.url().default('redis://127.0.0.1:6379'),
      REDIS_PREFIX: z.string().min(1).default('referral'),
      ADMIN_TOKEN: devDefault(
        z.string().min(16, 'must be at least 16 characters'),
        DEV_ADMIN_TOKEN,
      ),
      WEBHOOK_SECRET_ENCRYPTION_KEY: devDefault(encryptionKey, DEV_ENCRYPTION_KEY),
      HOSTED_PAGE_TOKEN_KEY: devDefault(encryptionKey, DEV_PAGE_TOKEN_KEY),
      /** Signs the partner dashboard's session cookie. */
      SESSION_SECRET: devDefault(
        z.string().min(32, 'must be at least 32 characters (openssl rand -base64 32)'),
        DEV_SESSION_SECRET,
      ),
      /** The built dashboard SPA (index.html + assets/); defaults to services/dashboard/dist. */
      DASHBOARD_DIST: z.string().min(1).optional(),
      ONBOARDING_URL_TTL_HOURS: z.coerce.number().int().min(1).max(720).default(168),
      LINK_EXPIRY_SWEEP_MS: positiveMs.default(60_000),
      WEBHOOK_RETRY_BASE_MS: positiveMs.default(60_000),
      WEBHOOK_TIMEOUT_MS: positiveMs.default(10_000),
      WEBHOOK_ALLOW_PRIVATE_URLS: booleanFlag.default(!prod),
      WEBHOOK_ALLOW_HTTP: booleanFlag.default(!prod),
      WEBHOOK_DELIVERY_CONCURRENCY: positiveMs.default(200),
      WEBHOOK_MAX_IN_FLIGHT_PER_SUBSCRIPTION: positiveMs.default(10),
      RECONCILE_INTERVAL_MS: positiveMs.default(10_000),
      /** Days a delivery that succeeded (or was cancelled) is kept, with its attempts and event. */
      WEBHOOK_RETENTION_SUCCEEDED_DAYS: retentionDays.default(30),
      /** Days a delivery that failed or was parked is kept, with its attempts and event. */
      WEBHOOK_RETENTION_FAILED_DAYS: retentionDays.default(90),
      WEBHOOK_RETENTION_SWEEP_MS: positiveMs.default(3_600_000),
      /**
       * The relay the welcome emails go through: smtp://host:port (STARTTLS when
       * offered) or smtps://user:pass@host:465. Development's default is the
       * `npm run demo:smtp` server; production names its relay (it holds credentials).
       */
      SMTP_URL: devDefault(
        z.url({ protocol: /^smtps?$/, error: 'expected an smtp:// or smtps:// URL' }),
        'smtp://127.0.0.1:1025',
      ),
      /** Welcome email retry n waits base × 2^(n-1), ±20 %. */
      MAIL_RETRY_BASE_MS: positiveMs.default(60_000),
      MAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(8),
      /** How often the dispatcher looks for welcome emails to send. */
      MAIL_POLL_MS: positiveMs.default(500),
      /** Each SMTP phase (connect, greeting, every command) must answer within this. */
      MAIL_TIMEOUT_MS: positiveMs.default(30_000),
      SHUTDOWN_TIMEOUT_MS: positiveMs.default(30_000),
      CREATE_DEMO_PARTNER: booleanFlag.default(!prod),
      SEED_DEMO_DATA: booleanFlag.default(!prod),
      LOG_LEVEL: z
        .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
        .default('info'),
      LOG_FORMAT: z.enum(['json', 'pretty']).default(prod ? 'json' : 'pretty'),
      /**
       * Tracing is on when set: spans go over OTLP/HTTP to `<endpoint>/v1/traces`.
       * Empty counts as unset, as the OpenTelemetry specification says.
       */
      OTEL_EXPORTER_OTLP_ENDPOINT: z.preprocess(
        (v) => (v === '' ? undefined : v),
        z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }).optional(),
      ),
    })
    .refine((e) => e.WEBHOOK_RETENTION_FAILED_DAYS >= e.WEBHOOK_RETENTION_SUCCEEDED_DAYS, {
      path: ['WEBHOOK_RETENTION_FAILED_DAYS'],
      message:
        'must be at least WEBHOOK_RETENTION_SUCCEEDED_DAYS (failed deliveries are kept longer)',
    });
}

export type Env = z.infer<ReturnType<typeof envSchema>>;

/** Every variable the schema reads, by name: what a deployment's config may set. */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(envSchema({}).shape);
