import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { runService, startOpsServer, webhookEngineOptions } from '@referral/runtime';
import { createWebhookEngine } from '@referral/webhooks';
import { createApp } from './app';
import { createHttpMetrics } from './http/http-metrics';
import { describeDemo, isEmptyPlatform, seedDemoForAll } from '@referral/demo-data';
import { dashboardGreeting, ensureDemoPartner } from './demo-partner';
import { referralPlatform } from './platform';

/** Composition root: build the engine and the app from config, listen, and say how to stop. */
void runService('api', async (ctx) => {
  const { config, logger, pool } = ctx;
  const engine = createWebhookEngine(webhookEngineOptions(ctx));
  const { partners, domain } = await referralPlatform(config, pool, engine);
  const metrics = createHttpMetrics();
  const app = createApp({
    pool,
    engine,
    partners,
    domain,
    adminToken: config.adminToken,
    logger,
    metrics,
    dashboard: {
      sessionSecret: config.dashboard.sessionSecret,
      secureCookies: config.dashboard.secureCookies,
      distDir: config.dashboard.distDir,
    },
  });

  const server = app.listen(config.http.port, config.http.host);
  try {
    // 'error' (say, EADDRINUSE) before 'listening' fails the start.
    await once(server, 'listening');
  } catch (err) {
    await engine.close();
    throw err;
  }
  // Metrics and probes on their own port, never the public one (README: Operating it).
  const ops = await startOpsServer({
    host: config.http.host,
    port: config.api.opsPort,
    registry: metrics.registry,
    readiness: { postgres: () => pool.query('SELECT 1'), redis: () => engine.redis.ping() },
  }).catch(async (err: unknown) => {
    server.close();
    await engine.close();
    throw err;
  });
  const { address, port } = server.address() as AddressInfo;
  logger.info({ address, port, metrics: `${ops.url}/metrics` }, 'api started');

  const dashboardUrl = `${config.http.publicBaseUrl.replace(/\/+$/, '')}/dashboard`;
  const instructions = config.createDemoPartner
    ? await ensureDemoPartner(partners, config.http.publicBaseUrl)
    : undefined;
  if (config.seedDemoData && (await isEmptyPlatform(pool))) {
    // Before the instructions: a receiver subscribed from them sees only new events.
    logger.info('empty platform: seeding the demo data');
    process.stdout.write(
      describeDemo(await seedDemoForAll({ pool, partners, domain }), dashboardUrl),
    );
  }
  // Printed plainly, not as a log line: a person copies from it.
  if (instructions) process.stdout.write(instructions);
  process.stdout.write(await dashboardGreeting(partners, dashboardUrl));

  return async () => {
    // Stop accepting; in-flight requests finish, idle keep-alive sockets close.
    await new Promise<void>((resolve, reject) =>
      server.close((err) => (err ? reject(err) : resolve())),
    );
    await ops.close();
    await engine.close();
  };
});
