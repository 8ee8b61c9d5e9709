import { createTransport } from 'nodemailer';
import type { Mailer, SendResult } from '@referral/domain';

const ERROR_MAX = 1000;

/**
 * Nodemailer over SMTP, from a URL: `smtp://host:port` (STARTTLS when offered),
 * `smtps://user:pass@host:465` (TLS). Every phase is bounded by `timeoutMs`.
 */
export function smtpMailer(url: string, { timeoutMs }: { timeoutMs: number }): Mailer {
  const transport = createTransport({
    url,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
  return {
    async send(mail) {
      try {
        const info = await transport.sendMail({
          messageId: mail.messageId,
          from: mail.from.name
            ? { name: mail.from.name, address: mail.from.address }
            : mail.from.address,
          ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
          to: mail.to,
          subject: mail.subject,
          html: mail.html,
          text: mail.text,
        });
        return { outcome: 'sent', messageId: info.messageId };
      } catch (err) {
        return classify(err);
      }
    },
    close: () => transport.close(),
  };
}

/** The one place a send failure is judged: a 5xx reply is permanent, anything else may pass later. */
function classify(err: unknown): SendResult {
  const e = err as { message?: string; code?: string; responseCode?: number };
  const error = `${e.code ? `${e.code}: ` : ''}${e.message ?? String(err)}`.slice(0, ERROR_MAX);
  const code = e.responseCode;
  return code !== undefined && code >= 500 && code < 600
    ? { outcome: 'rejected', error }
    : { outcome: 'retry', error };
}
