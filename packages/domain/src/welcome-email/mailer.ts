// The mail port the welcome-email worker sends through; the runtime supplies
// the SMTP adapter (nodemailer), so the domain stays free of transports.

/** One message as the mail worker hands it to SMTP. */
export interface OutgoingMail {
  /** The Message-ID header: stable for the row, so a resend is recognisably the same message. */
  messageId: string;
  from: { address: string; name: string | null };
  replyTo: string | null;
  to: string;
  subject: string;
  html: string;
  text: string;
}

/**
 * How a send went. `retry`: the relay may take it later (connection refused,
 * timeout, 4xx); `rejected`: it said no for good (5xx), so retrying is pointless.
 */
export type SendResult =
  | { outcome: 'sent'; messageId: string }
  | { outcome: 'retry'; error: string }
  | { outcome: 'rejected'; error: string };

export interface Mailer {
  send(mail: OutgoingMail): Promise<SendResult>;
  close(): void;
}
