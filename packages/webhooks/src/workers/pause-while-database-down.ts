import { isDatabaseUnavailable } from '@referral/db';
import type { Logger } from '@referral/logger';

const PROBE_TIMEOUT_MS = 2_000;

export interface PauseWhileDatabaseDownOptions {
  /** A trivial query: it answers once Postgres is back. */
  probe: () => Promise<unknown>;
  /** Stop taking jobs (those in flight run on). */
  pause: () => void;
  /** Take jobs again. */
  resume: () => void;
  logger: Logger;
  probeEveryMs: number;
}

/**
 * Stops a worker from taking jobs while Postgres cannot be reached, and
 * resumes it by itself once Postgres answers. Without it every job would
 * fail in turn and spend its retry budget against a database that is down;
 * paused, the jobs wait in Redis, where nothing is lost.
 */
export class PauseWhileDatabaseDown {
  private probing: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly options: PauseWhileDatabaseDownOptions) {}

  get paused(): boolean {
    return this.probing !== undefined;
  }

  /** Give it every error a job ended with; only the database's being down pauses. */
  noticeError(err: unknown): void {
    if (this.stopped || this.paused || !isDatabaseUnavailable(err)) return;
    this.options.logger.error({ err }, 'postgres unreachable: deliveries paused until it answers');
    this.options.pause();
    this.scheduleProbe();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.probing);
    this.probing = undefined;
  }

  private scheduleProbe(): void {
    this.probing = setTimeout(() => {
      void this.answers().then((up) => {
        if (this.stopped) return;
        if (!up) return this.scheduleProbe();
        this.probing = undefined;
        this.options.resume();
        this.options.logger.info('postgres answers again: deliveries resumed');
      });
    }, this.options.probeEveryMs);
  }

  /** A probe that hangs (a partition, not a refusal) counts as down. */
  private async answers(): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), PROBE_TIMEOUT_MS);
    });
    try {
      return await Promise.race([this.options.probe().then(() => true), timeout]);
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }
}
