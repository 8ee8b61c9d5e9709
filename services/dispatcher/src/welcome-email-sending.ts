import { Counter, type Registry } from 'prom-client';
import { WelcomeEmailWorker } from '@referral/domain';
import { smtpMailer, type ServiceContext } from '@referral/runtime';

/**
 * The welcome emails' sender, wired from config: nodemailer on SMTP_URL, the
 * worker that claims queued emails, and a counter of outcomes on the
 * dispatcher's registry. Returns its stop.
 */
export function startWelcomeEmailSending(
  { config, logger, pool }: ServiceContext,
  registry: Registry,
): () => Promise<void> {
  const sent = new Counter({
    name: 'welcome_emails_total',
    help: 'Welcome email send attempts by outcome: sent, retry (will be tried again), failed (given up)',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const mailer = smtpMailer(config.mail.smtpUrl, { timeoutMs: config.mail.timeoutMs });
  const worker = new WelcomeEmailWorker({
    pool,
    mailer,
    logger: logger.child({ component: 'welcome-email' }),
    pollMs: config.mail.pollMs,
    retryBaseMs: config.mail.retryBaseMs,
    maxAttempts: config.mail.maxAttempts,
    timeoutMs: config.mail.timeoutMs,
    onOutcome: (outcome) => sent.inc({ outcome }),
  });
  worker.start();
  return async () => {
    await worker.stop();
    mailer.close();
  };
}
