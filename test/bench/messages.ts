/**
 * What run-bench and its child processes say to each other over IPC. Every
 * child answers `usage` with its CPU time so far, and `stop` by finishing its
 * work and exiting.
 */
export type StopMessage = { type: 'stop' };
export type UsageRequest = { type: 'usage' };
export type UsageReply = { type: 'usage'; cpuMs: number };

export type WorkerRequest = UsageRequest | StopMessage;
/** `ready` once the worker's BullMQ workers are connected. */
export type WorkerReply = { type: 'ready' } | UsageReply;

/** [webhook-id, receipt time] pairs. */
export type Receipt = [id: string, receivedAt: number];

export type ReceiverRequest =
  | { type: 'count' }
  | { type: 'collect' }
  | { type: 'clock' }
  /** A hung receiver answers what it holds, and every request after. */
  | { type: 'release' }
  | UsageRequest
  | StopMessage;

export type ReceiverReply =
  | { type: 'ready'; url: string }
  | { type: 'count'; received: number }
  /** Everything received since the last collect; the receiver forgets it. */
  | { type: 'receipts'; receipts: Receipt[]; duplicates: number }
  | { type: 'clock'; now: number }
  /** How many requests it was holding when released. */
  | { type: 'released'; held: number }
  | UsageReply;

/** The bare HTTP server (`bare-api-process.ts`): `ready` once it listens. */
export type BareApiRequest = UsageRequest | StopMessage;
export type BareApiReply = { type: 'ready'; url: string } | UsageReply;
