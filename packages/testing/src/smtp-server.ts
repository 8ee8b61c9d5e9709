import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** What the server answers to one message's DATA: accept it, or an SMTP error code. */
export type SmtpReply = { accept: true } | { accept: false; code: number; message: string };

export interface TestSmtpServer {
  /** smtp://127.0.0.1:<port> */
  url: string;
  port: number;
  /** Every message accepted, parsed, in arrival order. */
  messages: ParsedMail[];
  /** Every DATA the server answered, accepted or not. */
  attempts: number;
  /** Decide each answer, by attempt index; defaults to accepting. */
  reply: (index: number) => SmtpReply;
  close(): Promise<void>;
}

/**
 * A real SMTP server on 127.0.0.1 (the `smtp-server` package), without TLS or
 * authentication, that parses and records every message it accepts.
 */
export async function startSmtpServer(
  reply: TestSmtpServer['reply'] = () => ({ accept: true }),
): Promise<TestSmtpServer> {
  const result: TestSmtpServer = {
    url: '',
    port: 0,
    messages: [],
    attempts: 0,
    reply,
    close: async () => undefined,
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          const answer = result.reply(result.attempts++);
          if (answer.accept) {
            result.messages.push(mail);
            callback();
          } else {
            callback(Object.assign(new Error(answer.message), { responseCode: answer.code }));
          }
        },
        (err: Error) => callback(err),
      );
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  result.port = (server.server.address() as AddressInfo).port;
  result.url = `smtp://127.0.0.1:${result.port}`;
  result.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return result;
}

export type { ParsedMail };
