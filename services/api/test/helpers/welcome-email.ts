import { WelcomeEmailWorker, type WelcomeEmailWorkerOptions } from '@referral/domain';
import { smtpMailer } from '@referral/runtime';
import type { Harness } from './harness';

/**
 * The dispatcher's welcome-email worker, wired as the dispatcher wires it but
 * with test timings (20 ms polls, 50 ms retry base), started.
 */
export function startWelcomeEmailWorker(
  h: Harness,
  smtpUrl: string,
  options: Partial<WelcomeEmailWorkerOptions> = {},
): { worker: WelcomeEmailWorker; stop(): Promise<void> } {
  const mailer = smtpMailer(smtpUrl, { timeoutMs: 2_000 });
  const worker = new WelcomeEmailWorker({
    pool: h.pool,
    mailer,
    logger: h.logger,
    pollMs: 20,
    retryBaseMs: 50,
    maxAttempts: 8,
    timeoutMs: 2_000,
    ...options,
  });
  worker.start();
  return {
    worker,
    async stop() {
      await worker.stop();
      mailer.close();
    },
  };
}
