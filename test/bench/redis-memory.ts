import type { Redis } from 'ioredis';
import { EVENT_DATA, EVENT_TYPE } from './bench-event';
import { createTenants } from './bench-tenants';
import { now } from './clock';
import { waitForSucceeded } from './delivery-rows';
import type { FullPathContext } from './full-path';
import { runLoad } from './load';
import { round } from './phase-result';

export interface RedisQueuedMemory {
  deliveries: number;
  /** MEMORY USAGE (SAMPLES 0) summed over every key under the bench's prefix: after − before. */
  prefixDeltaBytes: number;
  /** The prefix's delta ÷ deliveries: what the target reads. */
  bytesPerDelivery: number;
  /** INFO used_memory after − before: the whole server's, so other clients of it add noise. */
  usedMemoryDeltaBytes: number;
  /** Hashes with a `data` field under the prefix: BullMQ's jobs (one may carry many deliveries). */
  jobHashes: number;
  /** MEMORY USAGE of one of them. */
  sampleJobHashBytes: number | undefined;
  /** From starting the worker (its start-up included) to the last delivery succeeded. */
  drainSeconds: number;
}

/**
 * What queued work weighs in Redis: with no worker running, publish `events`
 * events (one delivery each, round-robin over new tenants), weigh Redis, then
 * start the worker with `startWorker` and wait until every delivery succeeded.
 * The keys under the prefix are weighed, not only the server's used_memory:
 * the Redis of a development machine serves other work too. Either delta
 * holds BullMQ's event stream entries too (capped per queue).
 */
export async function measureQueuedMemory(
  ctx: FullPathContext & { redis: Redis; prefix: string; concurrency: number },
  events: number,
  startWorker: () => Promise<unknown>,
): Promise<RedisQueuedMemory> {
  const tenants = await createTenants(ctx.engine, ctx.receiver.url, ctx.tenants);
  await ctx.receiver.collect();
  const before = {
    used: await usedMemory(ctx.redis),
    prefix: await prefixBytes(ctx.redis, ctx.prefix),
  };
  let sent = 0;
  await runLoad({ kind: 'burst', events, concurrency: ctx.concurrency }, async () => {
    const { tenantId } = tenants[sent++ % tenants.length]!;
    const event = await ctx.engine.outbox.publish({ tenantId, type: EVENT_TYPE, data: EVENT_DATA });
    ctx.commits.take(event.id);
  });
  const usedDelta = (await usedMemory(ctx.redis)) - before.used;
  const prefixDelta = (await prefixBytes(ctx.redis, ctx.prefix)) - before.prefix;
  const jobs = await jobHashes(ctx.redis, ctx.prefix);

  const startedAt = now();
  await startWorker();
  await ctx.receiver.waitForReceipts(events, ctx.drainTimeoutMs, `${events} queued receipts`);
  await waitForSucceeded(
    ctx.pool,
    tenants.map((t) => t.subscriptionId),
    events,
    ctx.drainTimeoutMs,
    `${events} queued deliveries succeeded`,
  );
  const drainSeconds = (now() - startedAt) / 1000;
  await ctx.receiver.collect();
  return {
    deliveries: events,
    prefixDeltaBytes: prefixDelta,
    bytesPerDelivery: Math.round(prefixDelta / events),
    usedMemoryDeltaBytes: usedDelta,
    jobHashes: jobs.count,
    sampleJobHashBytes: jobs.sampleBytes,
    drainSeconds: round(drainSeconds),
  };
}

async function usedMemory(redis: Redis): Promise<number> {
  return Number(/^used_memory:(\d+)/m.exec(await redis.info('memory'))?.[1] ?? NaN);
}

/** Every key under `prefix`, weighed exactly (SAMPLES 0: every element, not an estimate). */
async function prefixBytes(redis: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let bytes = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    const pipeline = redis.pipeline();
    for (const key of keys) pipeline.memory('USAGE', key, 'SAMPLES', 0);
    for (const [, usage] of (await pipeline.exec()) ?? []) bytes += Number(usage ?? 0);
  } while (cursor !== '0');
  return bytes;
}

/** BullMQ keeps each job in a hash `<prefix>:<queue>:<job id>` with a `data` field. */
async function jobHashes(redis: Redis, prefix: string) {
  let cursor = '0';
  let count = 0;
  let sample: string | undefined;
  do {
    const [next, keys] = await redis.scan(
      cursor,
      'MATCH',
      `${prefix}:*`,
      'COUNT',
      1000,
      'TYPE',
      'hash',
    );
    cursor = next;
    const pipeline = redis.pipeline();
    for (const key of keys) pipeline.hexists(key, 'data');
    const found = (await pipeline.exec()) ?? [];
    keys.forEach((key, i) => {
      if (found[i]?.[1] !== 1) return;
      count += 1;
      sample ??= key;
    });
  } while (cursor !== '0');
  const sampleBytes =
    sample === undefined ? undefined : ((await redis.memory('USAGE', sample)) ?? undefined);
  return { count, sampleBytes: sampleBytes ?? undefined };
}
