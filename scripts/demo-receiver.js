#!/usr/bin/env node
// A webhook receiver to try the platform with: verifies every delivery with the
// public `standardwebhooks` package and prints it.
//   WEBHOOK_SECRET=whsec_... npm run demo:receiver     (listens on 127.0.0.1:4000)
const http = require('node:http');
const { Webhook } = require('standardwebhooks');

const secret = process.env.WEBHOOK_SECRET;
if (!secret) {
  console.error(
    'Set WEBHOOK_SECRET to the subscription secret (whsec_...) shown when it was created.',
  );
  process.exit(2);
}
const port = Number(process.env.RECEIVER_PORT ?? 4000);
const webhook = new Webhook(secret);

http
  .createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      try {
        // Verify the raw body, exactly as received.
        const event = webhook.verify(body, req.headers);
        console.log(
          `verified ${event.type} ${req.headers['webhook-id']}\n${JSON.stringify(event.data, null, 2)}`,
        );
        res.writeHead(204).end();
      } catch (error) {
        console.log(`REJECTED ${req.headers['webhook-id'] ?? '(no id)'}: ${error.message}`);
        res.writeHead(401).end();
      }
    });
  })
  .listen(port, '127.0.0.1', () =>
    console.log(`demo receiver on http://127.0.0.1:${port}/webhooks`),
  );
