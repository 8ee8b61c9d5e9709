/**
 * Child process: the webhook receiver. Answers every POST with 200 at once and
 * records when each `webhook-id` arrived; run-bench collects the stamps over
 * IPC. It runs apart from the workers so it does not share their event loop.
 * One event sent to many subscriptions has one webhook-id; their URLs then
 * end in `?to=<n>`, and each receipt is recorded as `<webhook-id>/<n>`.
 * With BENCH_RECEIVER_HOLD=true it is a hung receiver: it records each
 * arrival but answers none until told `release` (the fairness phases).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { serveParent, tellParent } from './child-process';
import { now } from './clock';
import { ownCpuMs } from './cpu-usage';
import type { Receipt, ReceiverReply, ReceiverRequest } from './messages';

let receipts: Receipt[] = [];
let seen = new Set<string>();
let duplicates = 0;
// Answers held back while hung; undefined once released (or never hung).
let held: (() => void)[] | undefined = process.env.BENCH_RECEIVER_HOLD === 'true' ? [] : undefined;

const server = http.createServer((req, res) => {
  const id = receiptKey(req);
  req.resume();
  req.on('end', () => {
    const receivedAt = now();
    if (typeof id === 'string') {
      if (seen.has(id)) duplicates += 1;
      else {
        seen.add(id);
        receipts.push([id, receivedAt]);
      }
    }
    const answer = () => {
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '2' });
      res.end('ok');
    };
    if (held) held.push(answer);
    else answer();
  });
});
function receiptKey(req: http.IncomingMessage): string | undefined {
  const id = req.headers['webhook-id'];
  if (typeof id !== 'string') return undefined;
  const to = req.url?.indexOf('?to=') ?? -1;
  return to < 0 ? id : `${id}/${req.url!.slice(to + 4)}`;
}

// Longer than the senders' keep-alive (10 s), so the receiver never closes a
// socket a sender is about to reuse.
server.keepAliveTimeout = 15_000;

serveParent<ReceiverRequest>((message) => {
  const reply = (m: ReceiverReply) => tellParent(m);
  switch (message.type) {
    case 'count':
      return reply({ type: 'count', received: receipts.length });
    case 'collect':
      reply({ type: 'receipts', receipts, duplicates });
      receipts = [];
      seen = new Set();
      duplicates = 0;
      return;
    case 'release': {
      const answers = held ?? [];
      held = undefined;
      answers.forEach((answer) => answer());
      return reply({ type: 'released', held: answers.length });
    }
    case 'clock':
      return reply({ type: 'clock', now: now() });
    case 'usage':
      return reply({ type: 'usage', cpuMs: ownCpuMs() });
    case 'stop':
      server.closeAllConnections();
      server.close(() => process.exit(0));
      return;
  }
});

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  tellParent<ReceiverReply>({ type: 'ready', url: `http://127.0.0.1:${port}/webhooks` });
});
