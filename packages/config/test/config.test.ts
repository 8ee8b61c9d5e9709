import { CONFIG_VARIABLES, ConfigError, parseConfig } from '../src';

describe('parseConfig', () => {
  it('works with no variables at all outside production', () => {
    const config = parseConfig({});
    expect(config.http.port).toBe(3000);
    expect(config.redis.url).toBe('redis://127.0.0.1:6379');
    expect(config.database.url).toMatch(/^postgres:\/\/.*127\.0\.0\.1:5432\//);
    expect(config.webhooks.retryBaseMs).toBe(60_000);
    expect(config.webhooks.timeoutMs).toBe(10_000);
    expect(config.webhooks.allowPrivateUrls).toBe(true);
    expect(config.webhooks.secretEncryptionKey).toHaveLength(32);
    expect(config.log.format).toBe('pretty');
  });

  it('reads booleans as words, not as truthy strings', () => {
    expect(parseConfig({ WEBHOOK_ALLOW_PRIVATE_URLS: 'false' }).webhooks.allowPrivateUrls).toBe(
      false,
    );
    expect(parseConfig({ WEBHOOK_ALLOW_PRIVATE_URLS: '1' }).webhooks.allowPrivateUrls).toBe(true);
  });

  it('names every bad variable', () => {
    let error: unknown;
    try {
      parseConfig({ PORT: 'abc', WEBHOOK_TIMEOUT_MS: '-5', REDIS_URL: 'not a url' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const variables = (error as ConfigError).problems.map((p) => p.variable).sort();
    expect(variables).toEqual(['PORT', 'REDIS_URL', 'WEBHOOK_TIMEOUT_MS']);
    expect((error as ConfigError).message).toContain('PORT:');
  });

  it('requires real secrets in production and keeps private URLs off by default', () => {
    expect(() => parseConfig({ NODE_ENV: 'production' })).toThrow(
      /ADMIN_TOKEN[\s\S]*WEBHOOK_SECRET_ENCRYPTION_KEY[\s\S]*HOSTED_PAGE_TOKEN_KEY[\s\S]*SESSION_SECRET[\s\S]*SMTP_URL/,
    );
    const config = parseConfig({
      NODE_ENV: 'production',
      ADMIN_TOKEN: 'a-long-enough-admin-token',
      WEBHOOK_SECRET_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
      HOSTED_PAGE_TOKEN_KEY: Buffer.alloc(32, 2).toString('base64'),
      SESSION_SECRET: 'a-session-secret-of-at-least-32-characters',
      SMTP_URL: 'smtps://apikey:SG.key@smtp.sendgrid.net:465',
    });
    expect(config.dashboard.secureCookies).toBe(true);
    expect(config.mail.smtpUrl).toBe('smtps://apikey:SG.key@smtp.sendgrid.net:465');
    expect(config.webhooks.allowPrivateUrls).toBe(false);
    expect(config.webhooks.allowHttp).toBe(false);
    expect(config.log.format).toBe('json');
  });

  it('keeps succeeded deliveries 30 days and failed ones 90 by default, never failed ones less', () => {
    expect(parseConfig({}).webhooks.retention).toEqual({
      succeededDays: 30,
      failedDays: 90,
      sweepMs: 3_600_000,
    });
    expect(
      parseConfig({ WEBHOOK_RETENTION_SUCCEEDED_DAYS: '7', WEBHOOK_RETENTION_FAILED_DAYS: '7' })
        .webhooks.retention,
    ).toMatchObject({ succeededDays: 7, failedDays: 7 });
    expect(() => parseConfig({ WEBHOOK_RETENTION_FAILED_DAYS: '14' })).toThrow(
      /WEBHOOK_RETENTION_FAILED_DAYS: must be at least WEBHOOK_RETENTION_SUCCEEDED_DAYS/,
    );
    expect(() => parseConfig({ WEBHOOK_RETENTION_SUCCEEDED_DAYS: '0' })).toThrow(
      /WEBHOOK_RETENTION_SUCCEEDED_DAYS/,
    );
  });

  it('turns tracing on only with an http(s) OTLP endpoint; empty is unset', () => {
    expect(parseConfig({}).tracing.otlpEndpoint).toBeUndefined();
    expect(parseConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: '' }).tracing.otlpEndpoint).toBeUndefined();
    expect(
      parseConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }).tracing.otlpEndpoint,
    ).toBe('http://collector:4318');
    expect(() => parseConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toThrow(
      /OTEL_EXPORTER_OTLP_ENDPOINT: expected an http\(s\) URL/,
    );
  });

  it('rejects an encryption key of the wrong length', () => {
    expect(() =>
      parseConfig({ WEBHOOK_SECRET_ENCRYPTION_KEY: Buffer.alloc(16).toString('base64') }),
    ).toThrow(/WEBHOOK_SECRET_ENCRYPTION_KEY: expected 32 bytes/);
  });

  it('opens at most 20 Postgres connections per process unless told otherwise', () => {
    expect(parseConfig({}).database.poolMax).toBe(20);
    expect(parseConfig({ DATABASE_POOL_MAX: '6' }).database.poolMax).toBe(6);
    expect(() => parseConfig({ DATABASE_POOL_MAX: '0' })).toThrow(/DATABASE_POOL_MAX/);
  });

  it('lists the variables it reads by name', () => {
    expect(CONFIG_VARIABLES).toEqual(
      expect.arrayContaining(['DATABASE_URL', 'DATABASE_POOL_MAX', 'WEBHOOK_TIMEOUT_MS', 'PORT']),
    );
    expect(CONFIG_VARIABLES).not.toContain('PATH');
  });
});
