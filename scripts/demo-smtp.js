#!/usr/bin/env node
// An SMTP server to try the welcome email with: accepts every message on
// 127.0.0.1:1025 (the dispatcher's default SMTP_URL) and prints it.
//   npm run demo:smtp          (SMTP_PORT=2525 npm run demo:smtp for another port)
const { SMTPServer } = require('smtp-server');
const { simpleParser } = require('mailparser');

const port = Number(process.env.SMTP_PORT ?? 1025);

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, _session, callback) {
    simpleParser(stream).then(
      (mail) => {
        console.log(
          [
            `--- message ${mail.messageId}`,
            `From:     ${mail.from?.text ?? ''}`,
            `To:       ${[mail.to ?? []]
              .flat()
              .map((a) => a.text)
              .join(', ')}`,
            ...(mail.replyTo ? [`Reply-To: ${mail.replyTo.text}`] : []),
            `Subject:  ${mail.subject ?? ''}`,
            '',
            mail.html || mail.text || '',
            '',
          ].join('\n'),
        );
        callback();
      },
      (err) => callback(err),
    );
  },
});
server.on('error', (err) => console.error(err.message));
server.listen(port, '127.0.0.1', () =>
  console.log(`SMTP server on smtp://127.0.0.1:${port}: every message is printed here`),
);
