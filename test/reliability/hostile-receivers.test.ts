import fs from 'node:fs';
import { startReceiver, waitFor, type Receiver } from '@referral/testing';
import { printFigures } from '../support/delivery-figures';
import { engineClient, type EngineClient } from '../support/engine-client';
import {
  HUGE_BODY_BYTES,
  startHostileReceiver,
  type HostileReceiver,
  type Hostility,
} from '../support/hostile-receiver';
import { createPlatformEnv, type PlatformEnv } from '../support/platform-env';
import { startService, type ServiceProcess } from '../support/service-process';

/**
 * Receivers that answer too slowly, reset the connection, send a 1 GB body,
 * or never end their response. Each attempt ends by the delivery deadline,
 * is recorded with its kind, reads at most 4 KiB of any body, and the
 * dispatcher's memory stays within a fixed budget however many it makes.
 */
const DEADLINE_MS = 1_000;
/** Timers and a busy machine's event loop: an attempt may close a little after its deadline. */
const MARGIN_MS = 500;
const PER_KIND = 100;
const EXCERPT_BYTES = 4096;
/** Peak resident memory above the warmed-up baseline; one 1 GB body read whole would be 1,024 MB. */
const MEMORY_BUDGET_MB = 100;
const KINDS: Hostility[] = ['slow', 'reset', 'huge', 'endless'];

let platform: PlatformEnv;
let client: EngineClient;
let dispatcher: ServiceProcess | undefined;
let polite: Receiver | undefined;
const hostile: HostileReceiver[] = [];

beforeAll(async () => {
  platform = await createPlatformEnv({
    WEBHOOK_TIMEOUT_MS: String(DEADLINE_MS),
    // One attempt per delivery: the retries would only repeat them, later.
    WEBHOOK_RETRY_BASE_MS: '3600000',
  });
  client = engineClient(platform);
});
afterAll(async () => {
  await dispatcher?.stop('SIGKILL');
  await polite?.close();
  await Promise.all(hostile.map((r) => r.close()));
  await client.close();
  await platform.cleanup();
});

/** VmRSS (now) and VmHWM (peak since start) of a process, in MB. */
function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)![1]);
  return { rssMb: Math.round(kb('VmRSS') / 1024), peakMb: Math.round(kb('VmHWM') / 1024) };
}

async function publish(type: string, count: number): Promise<void> {
  await Promise.all(
    Array.from({ length: count }, (_, i) =>
      client.engine.outbox.publish({ tenantId: client.tenantId, type, data: { i } }),
    ),
  );
}

interface AttemptRow {
  kind: Hostility;
  succeeded: boolean;
  status_code: number | null;
  error_kind: string | null;
  duration_ms: number;
  excerpt_bytes: number;
}

it('hostile receivers: every attempt ends by the deadline with its kind, bodies are read 4 KiB at most, memory stays bounded', async () => {
  // Warm up on a polite receiver first, so the baseline is a working dispatcher's.
  polite = await startReceiver();
  await client.subscribe({ url: polite.url, eventTypes: ['warm.up'] });
  dispatcher = startService('dispatcher', platform.env);
  await dispatcher.waitForOutput(/dispatcher started/);
  await publish('warm.up', PER_KIND);
  await waitFor(() => polite!.requests.length === PER_KIND, { what: 'the warm-up deliveries' });
  const baseline = memoryOf(dispatcher.child.pid!);

  const subscriptions = new Map<string, Hostility>();
  for (const kind of KINDS) {
    const receiver = await startHostileReceiver(kind, { slowAnswerMs: DEADLINE_MS * 3 });
    hostile.push(receiver);
    const sub = await client.subscribe({ url: receiver.url, eventTypes: [`hostile.${kind}`] });
    subscriptions.set(sub.id, kind);
  }
  const started = performance.now();
  await Promise.all(KINDS.map((kind) => publish(`hostile.${kind}`, PER_KIND)));

  const attempts = await waitFor(
    async () => {
      const { rows } = await client.pool.query<
        Omit<AttemptRow, 'kind'> & { subscription_id: string }
      >(
        `SELECT d.subscription_id, a.succeeded, a.status_code, a.error_kind, a.duration_ms,
                octet_length(coalesce(a.response_body, '')) AS excerpt_bytes
         FROM webhook_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id
         WHERE d.subscription_id = ANY($1)`,
        [[...subscriptions.keys()]],
      );
      return rows.length === KINDS.length * PER_KIND ? rows : undefined;
    },
    { what: 'one attempt per hostile delivery', timeoutMs: 60_000, intervalMs: 250 },
  );
  const elapsed = performance.now() - started;
  const after = memoryOf(dispatcher.child.pid!);
  const byKind = (kind: Hostility): AttemptRow[] =>
    attempts
      .filter((a) => subscriptions.get(a.subscription_id) === kind)
      .map((a) => ({ ...a, kind }));

  for (const kind of KINDS) {
    const rows = byKind(kind);
    printFigures(
      `hostile receiver, ${kind}`,
      {},
      {
        attempts: rows.length,
        outcome: [
          ...new Set(rows.map((r) => (r.succeeded ? `ok ${r.status_code}` : r.error_kind))),
        ].join('+'),
        maxDurationMs: Math.max(...rows.map((r) => r.duration_ms)),
        maxBodyRead: Math.max(...rows.map((r) => r.excerpt_bytes)),
      },
    );
  }
  const huge = hostile[KINDS.indexOf('huge')]!;
  printFigures(
    'hostile receivers, dispatcher memory',
    {},
    {
      attempts: attempts.length,
      baselineRssMb: baseline.rssMb,
      peakRssMb: after.peakMb,
      rssAfterMb: after.rssMb,
      largestBodyWrittenBeforeHangUpMb: (Math.max(...huge.hugeBytesSent) / 1024 ** 2).toFixed(1),
      duration: `${(elapsed / 1000).toFixed(1)}s`,
    },
  );

  // Each ends by the deadline, with the kind that says why.
  for (const row of attempts) expect(row.duration_ms).toBeLessThanOrEqual(DEADLINE_MS + MARGIN_MS);
  expect(byKind('slow').map((r) => r.error_kind)).toEqual(Array(PER_KIND).fill('timeout'));
  expect(byKind('endless').map((r) => r.error_kind)).toEqual(Array(PER_KIND).fill('timeout'));
  expect(byKind('reset').map((r) => r.error_kind)).toEqual(
    Array(PER_KIND).fill('connection_reset'),
  );
  // The 1 GB answer is a 200: it succeeds, with its first 4 KiB kept and the rest never read.
  expect(byKind('huge').map((r) => [r.succeeded, r.excerpt_bytes])).toEqual(
    Array(PER_KIND).fill([true, EXCERPT_BYTES]),
  );
  // The dispatcher hung up: the receiver wrote a sliver of each gigabyte.
  await waitFor(() => huge.hugeBytesSent.length === PER_KIND, {
    what: 'every huge response to end',
  });
  expect(Math.max(...huge.hugeBytesSent)).toBeLessThan(HUGE_BODY_BYTES / 100);
  expect(after.peakMb - baseline.rssMb).toBeLessThan(MEMORY_BUDGET_MB);
});
