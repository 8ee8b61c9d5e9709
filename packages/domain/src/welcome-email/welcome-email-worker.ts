import type { Pool } from '@referral/db';
import type { Logger } from '@referral/logger';
import type { Mailer, SendResult } from './mailer';

export interface WelcomeEmailWorkerOptions {
  pool: Pool;
  mailer: Mailer;
  logger: Logger;
  /** How often to look for due emails when the last look found none. */
  pollMs: number;
  /** Retry n waits base × 2^(n-1), ±20 %. */
  retryBaseMs: number;
  /** Attempts before an email is given up as failed. */
  maxAttempts: number;
  /** The SMTP timeout; a claim's lease is ten of them. */
  timeoutMs: number;
  /** Emails sent at once. */
  concurrency?: number;
  /** Counts outcomes (the dispatcher's metrics). */
  onOutcome?: (outcome: 'sent' | 'retry' | 'failed') => void;
}

const FAILED_SWEEP_PAUSE_MS = 5_000;

interface Claimed {
  id: string;
  attempts: number;
  from_address: string;
  from_name: string | null;
  reply_to: string | null;
  to_address: string;
  subject: string;
  html: string;
  text: string;
}

/**
 * Sends the queued welcome emails. The row is the job: a worker claims due
 * rows (`FOR UPDATE SKIP LOCKED`, so replicas never take the same one) by
 * moving their `next_attempt_at` a lease ahead, sends, and records the
 * outcome. Nothing lives only in Redis or in memory, so a crash or a lost
 * Redis loses no email: a row whose worker died is due again when its lease
 * ends. That is also the one way an email goes out twice (SMTP accepted it,
 * the worker died before recording it); the resend carries the same
 * Message-ID, so it is recognisably the same message.
 */
export class WelcomeEmailWorker {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private running: Promise<unknown> = Promise.resolve();
  private readonly leaseMs: number;
  private readonly batch: number;

  constructor(private readonly o: WelcomeEmailWorkerOptions) {
    this.leaseMs = 10 * o.timeoutMs;
    this.batch = o.concurrency ?? 10;
  }

  start(): void {
    this.stopped = false;
    const tick = () => {
      let delay = this.o.pollMs;
      this.running = this.drain()
        .catch((err: unknown) => {
          // Postgres is down or failing: look again later, not every poll (one log line each).
          delay = Math.max(this.o.pollMs, FAILED_SWEEP_PAUSE_MS);
          this.o.logger.warn({ err }, 'welcome email sweep failed');
        })
        .finally(() => {
          if (this.timer) this.timer = setTimeout(tick, delay);
        });
    };
    this.timer = setTimeout(tick, 0);
  }

  /** Stop looking; the sends in flight finish and are recorded first. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Send every email due now, a batch at a time; the number sent, retried or failed. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const claimed = await this.claim();
      await Promise.all(claimed.map((row) => this.sendOne(row)));
      total += claimed.length;
      if (claimed.length < this.batch || this.stopped) return total;
    }
  }

  private async claim(): Promise<Claimed[]> {
    const { rows } = await this.o.pool.query<Claimed>(
      `UPDATE welcome_emails w
       SET attempts = w.attempts + 1, next_attempt_at = now() + $1 * interval '1 millisecond'
       FROM (SELECT id FROM welcome_emails
             WHERE status = 'pending' AND next_attempt_at <= now()
             ORDER BY next_attempt_at LIMIT $2 FOR UPDATE SKIP LOCKED) due
       WHERE w.id = due.id
       RETURNING w.id, w.attempts, w.from_address, w.from_name, w.reply_to, w.to_address,
                 w.subject, w.html, w.text`,
      [this.leaseMs, this.batch],
    );
    return rows;
  }

  private async sendOne(row: Claimed): Promise<void> {
    const result = await this.o.mailer.send({
      messageId: `<${row.id}@${row.from_address.slice(row.from_address.lastIndexOf('@') + 1)}>`,
      from: { address: row.from_address, name: row.from_name },
      replyTo: row.reply_to,
      to: row.to_address,
      subject: row.subject,
      html: row.html,
      text: row.text,
    });
    const outcome = await this.record(row, result);
    this.o.onOutcome?.(outcome);
    // Never the body: it holds the client's data. The address and subject tell the story.
    const log = { welcomeEmailId: row.id, attempt: row.attempts, outcome };
    if (result.outcome === 'sent')
      this.o.logger.info({ ...log, messageId: result.messageId }, 'welcome email sent');
    else this.o.logger.warn({ ...log, error: result.error }, 'welcome email not sent');
  }

  /** Record a send; the claim's attempt number guards against a late worker whose lease ran out. */
  private async record(row: Claimed, result: SendResult): Promise<'sent' | 'retry' | 'failed'> {
    if (result.outcome === 'sent') {
      await this.o.pool.query(
        `UPDATE welcome_emails SET status = 'sent', message_id = $2, sent_at = now()
         WHERE id = $1 AND status = 'pending'`,
        [row.id, result.messageId],
      );
      return 'sent';
    }
    const giveUp = result.outcome === 'rejected' || row.attempts >= this.o.maxAttempts;
    await this.o.pool.query(
      `UPDATE welcome_emails
       SET last_error = $3, status = CASE WHEN $4 THEN 'failed' ELSE status END,
           next_attempt_at = now() + $5 * interval '1 millisecond'
       WHERE id = $1 AND attempts = $2 AND status = 'pending'`,
      [row.id, row.attempts, result.error, giveUp, this.retryDelayMs(row.attempts)],
    );
    return giveUp ? 'failed' : 'retry';
  }

  private retryDelayMs(attempt: number): number {
    const jitter = 0.8 + Math.random() * 0.4;
    return Math.round(this.o.retryBaseMs * 2 ** (attempt - 1) * jitter);
  }
}
