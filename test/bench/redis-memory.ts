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
  /** INFO used_memory after the publishes minus before. */
  usedMemoryDeltaBytes: number;
  bytesPerDelivery: number;
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
 * The delta also holds BullMQ's event stream entries, capped per queue.
 */
export async function measureQueuedMemory(
  ctx: FullPathContext & { redis: Redis; prefix: string; concurrency: number },
  events: number,
  startWorker: () => Promise<unknown>,
): Promise<RedisQueuedMemory> {
  const tenants = await createTenants(ctx.engine, ctx.receiver.url, ctx.tenants);
  await ctx.receiver.collect();
  const before = await usedMemory(ctx.redis);
  let sent = 0;
  await runLoad({ kind: 'burst', events, concurrency: ctx.concurrency }, async () => {
    const { tenantId } = tenants[sent++ % tenants.length]!;
    const event = await ctx.engine.outbox.publish({ tenantId, type: EVENT_TYPE, data: EVENT_DATA });
    ctx.commits.take(event.id);
  });
  const delta = (await usedMemory(ctx.redis)) - before;
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
    usedMemoryDeltaBytes: delta,
    bytesPerDelivery: Math.round(delta / events),
    jobHashes: jobs.count,
    sampleJobHashBytes: jobs.sampleBytes,
    drainSeconds: round(drainSeconds),
  };
}

async function usedMemory(redis: Redis): Promise<number> {
  return Number(/^used_memory:(\d+)/m.exec(await redis.info('memory'))?.[1] ?? NaN);
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
