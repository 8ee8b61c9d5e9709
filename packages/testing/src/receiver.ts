import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  receivedAt: number;
}

export interface ReceiverReply {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  /** Wait this long before answering (to provoke timeouts). */
  delayMs?: number;
  /** Answer only once this settles: holds a request in flight for as long as a test needs. */
  holdUntil?: Promise<unknown>;
}

export interface Receiver {
  url: string;
  requests: ReceivedRequest[];
  /** Decide each answer; defaults to 200 "ok". */
  reply: (req: ReceivedRequest, index: number) => ReceiverReply;
  close(): Promise<void>;
}

/** A real HTTP receiver on 127.0.0.1 that records every request it gets. */
export async function startReceiver(
  reply: Receiver['reply'] = () => ({ status: 200, body: 'ok' }),
): Promise<Receiver> {
  const receiver: Receiver = { url: '', requests: [], reply, close: async () => undefined };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const request: ReceivedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        receivedAt: Date.now(),
      };
      const index = receiver.requests.push(request) - 1;
      const answer = receiver.reply(request, index);
      const send = () => {
        if (res.destroyed) return;
        res.writeHead(answer.status ?? 200, answer.headers);
        res.end(answer.body ?? '');
      };
      if (answer.holdUntil) void answer.holdUntil.finally(send);
      else if (answer.delayMs) setTimeout(send, answer.delayMs).unref();
      else send();
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  receiver.url = `http://127.0.0.1:${port}/webhooks`;
  receiver.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return receiver;
}
