/** How long a slot handed to a waiting job is kept for it before it goes to the next. */
const RESERVATION_MS = 5_000;
/** A job that parked itself may still be finishing its move to the delayed set. */
const HANDOVER_TRIES = 50;
const HANDOVER_RETRY_MS = 10;
/** Parked jobs woken at once when a dispatcher stops (each wake is three Redis round trips). */
const WAKE_IN_PARALLEL = 20;

/** What the slots need of the queue to wake a parked job. */
export interface ParkedJobs {
  /**
   * Move a parked job to the front of the work: `promoted`; `not_parked_yet`
   * while it is still finishing its move to the delayed set; `gone` if it is
   * no longer waiting for a slot (finished, removed, or already running).
   */
  wake(jobId: string): Promise<'promoted' | 'not_parked_yet' | 'gone'>;
}

/**
 * Caps the deliveries in flight per subscription in this dispatcher, so a
 * hung or slow receiver holds its own backlog and never the worker slots
 * that every other receiver needs. A job over the cap parks itself (in the
 * delayed set, with a late wake-up as a safety net) and joins its
 * subscription's line, oldest delivery first; each finished delivery hands
 * its slot to the head of that line and wakes it. Nothing is dropped: a lost
 * wake-up (a crash) only delays a job until its safety-net wake-up.
 */
export class SubscriptionSlots {
  private readonly inFlight = new Map<string, number>();
  private readonly lines = new Map<string, string[]>();
  /** Jobs woken for a slot kept for them, by job id → their subscription. */
  private readonly reserved = new Map<string, { key: string; timer: NodeJS.Timeout }>();

  constructor(
    private readonly cap: number,
    private readonly parked: ParkedJobs,
    private readonly onError: (err: unknown) => void,
  ) {}

  /**
   * Take a slot for the job (`admitted`), or say where it stands in its
   * subscription's line (0 = next): the caller parks the job.
   */
  tryAcquire(key: string, jobId: string): { admitted: true } | { admitted: false; place: number } {
    const reservation = this.reserved.get(jobId);
    if (reservation) {
      clearTimeout(reservation.timer);
      this.reserved.delete(jobId);
      return { admitted: true };
    }
    const line = this.lines.get(key);
    const busy = this.inFlight.get(key) ?? 0;
    if (busy < this.cap && !line?.length) {
      this.inFlight.set(key, busy + 1);
      return { admitted: true };
    }
    return { admitted: false, place: this.join(key, jobId) };
  }

  /** The job holding a slot is done: the slot goes to the head of the line, or is freed. */
  release(key: string): void {
    const next = this.lines.get(key)?.shift();
    if (next === undefined) {
      const busy = (this.inFlight.get(key) ?? 1) - 1;
      if (busy > 0) this.inFlight.set(key, busy);
      else this.inFlight.delete(key);
      this.lines.delete(key);
      return;
    }
    const timer = setTimeout(() => {
      // Never came (another dispatcher took it): the slot moves on.
      if (this.reserved.delete(next)) this.release(key);
    }, RESERVATION_MS);
    timer.unref();
    this.reserved.set(next, { key, timer });
    this.handOver(key, next).catch(this.onError);
  }

  /** Jobs waiting for a slot in this dispatcher. */
  get waiting(): number {
    let n = 0;
    for (const line of this.lines.values()) n += line.length;
    return n;
  }

  /**
   * On a graceful stop, once no job runs here: wake every job parked in this
   * dispatcher, so whichever dispatcher runs next takes them at once rather
   * than at their safety-net wake-up. Returns how many were woken.
   */
  async wakeAllParked(): Promise<number> {
    const jobIds = [...this.lines.values()].flat();
    this.lines.clear();
    let woken = 0;
    for (let i = 0; i < jobIds.length; i += WAKE_IN_PARALLEL) {
      const answers = await Promise.all(
        jobIds.slice(i, i + WAKE_IN_PARALLEL).map((id) => this.parked.wake(id).catch(this.onError)),
      );
      woken += answers.filter((a) => a === 'promoted').length;
    }
    return woken;
  }

  /** Keep the line in delivery order (ids are time-ordered: the oldest goes first); its place. */
  private join(key: string, jobId: string): number {
    let line = this.lines.get(key);
    if (!line) this.lines.set(key, (line = []));
    const already = line.indexOf(jobId);
    if (already >= 0) return already; // woken by its safety net, still waiting
    let i = line.length;
    while (i > 0 && line[i - 1]! > jobId) i -= 1;
    line.splice(i, 0, jobId);
    return i;
  }

  private async handOver(key: string, jobId: string): Promise<void> {
    for (let tries = 0; tries < HANDOVER_TRIES; tries += 1) {
      if (!this.reserved.has(jobId)) return; // expired meanwhile
      const woken = await this.parked.wake(jobId);
      if (woken === 'promoted') return;
      if (woken === 'gone') break;
      await new Promise((resolve) => setTimeout(resolve, HANDOVER_RETRY_MS));
    }
    const reservation = this.reserved.get(jobId);
    if (!reservation) return;
    clearTimeout(reservation.timer);
    this.reserved.delete(jobId);
    this.release(key);
  }
}
