import path from 'node:path';
import { waitFor } from '@referral/testing';
import { startChild, type Child } from './child-process';
import { now } from './clock';
import type { ReceiverReply, ReceiverRequest } from './messages';

export interface Receipts {
  /** webhook-id → first receipt time. */
  at: Map<string, number>;
  duplicates: number;
}

export interface BenchReceiver {
  url: string;
  /** Receipts of distinct webhook-ids since the last collect. */
  received(): Promise<number>;
  /** Wait until `count` distinct webhook-ids have arrived since the last collect. */
  waitForReceipts(count: number, timeoutMs: number, what: string): Promise<void>;
  collect(): Promise<Receipts>;
  /** The receiver's clock minus ours, estimated from one IPC round trip. */
  clockOffsetMs(): Promise<number>;
  cpuMs(): Promise<number>;
  /** A hung receiver (`hold`) answers from now on; resolves with how many it was holding. */
  release(): Promise<number>;
  stop(): Promise<void>;
}

/** The receiver process; with `hold`, a hung one that answers nothing until released. */
export async function startReceiver(
  onCrash: (error: Error) => void,
  options: { hold?: boolean } = {},
): Promise<BenchReceiver> {
  const { child, ready } = await startChild<ReceiverRequest, ReceiverReply>(
    options.hold ? 'hung-receiver' : 'receiver',
    path.join(__dirname, 'receiver-process.js'),
    { env: { BENCH_RECEIVER_HOLD: String(options.hold ?? false) }, onCrash },
  );
  return receiverHandle(child, ready.url);
}

function receiverHandle(child: Child<ReceiverRequest, ReceiverReply>, url: string): BenchReceiver {
  const received = async () => (await child.ask({ type: 'count' }, 'count')).received;
  return {
    url,
    received,
    async waitForReceipts(count, timeoutMs, what) {
      await waitFor(async () => (await received()) >= count, { timeoutMs, intervalMs: 50, what });
    },
    async collect() {
      const reply = await child.ask({ type: 'collect' }, 'receipts');
      return { at: new Map(reply.receipts), duplicates: reply.duplicates };
    },
    async clockOffsetMs() {
      // Best of a few round trips: the shortest one bounds the error best.
      let best = { rtt: Infinity, offset: 0 };
      for (let i = 0; i < 20; i += 1) {
        const sent = now();
        const { now: theirs } = await child.ask({ type: 'clock' }, 'clock');
        const back = now();
        if (back - sent < best.rtt) best = { rtt: back - sent, offset: theirs - (sent + back) / 2 };
      }
      return best.offset;
    },
    cpuMs: async () => (await child.ask({ type: 'usage' }, 'usage')).cpuMs,
    release: async () => (await child.ask({ type: 'release' }, 'released')).held,
    stop: () => child.stop(),
  };
}
