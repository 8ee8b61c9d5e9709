import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * How a receiver misbehaves:
 * - `slow`: answers 200, but only well after the sender's deadline;
 * - `reset`: resets the connection (TCP RST) once it has the request;
 * - `huge`: answers 200 with a 1 GB body, streamed in 64 KiB chunks as fast
 *   as the reader takes them (never held in memory);
 * - `endless`: answers 200, sends a few bytes of body, and never ends it.
 */
export type Hostility = 'slow' | 'reset' | 'huge' | 'endless';

export const HUGE_BODY_BYTES = 1024 ** 3;
const CHUNK = Buffer.alloc(64 * 1024, 'x');

export interface HostileReceiver {
  url: string;
  /** Requests it got. */
  requests: number;
  /** `huge`: body bytes written per response before the reader hung up (or all of it). */
  hugeBytesSent: number[];
  close(): Promise<void>;
}

export async function startHostileReceiver(
  hostility: Hostility,
  options: { slowAnswerMs: number },
): Promise<HostileReceiver> {
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const receiver: HostileReceiver = {
    url: '',
    requests: 0,
    hugeBytesSent: [],
    close: async () => undefined,
  };
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      receiver.requests += 1;
      switch (hostility) {
        case 'slow': {
          const timer = setTimeout(() => {
            timers.delete(timer);
            if (!res.destroyed) res.writeHead(200).end('finally');
          }, options.slowAnswerMs);
          timers.add(timer);
          return;
        }
        case 'reset':
          return void req.socket.resetAndDestroy();
        case 'huge':
          return void streamHugeBody(res).then((sent) => receiver.hugeBytesSent.push(sent));
        case 'endless':
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.write('the rest is coming');
          return; // never ends
      }
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`;
  receiver.close = () =>
    new Promise<void>((resolve) => {
      for (const timer of timers) clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
  return receiver;
}

/** Write up to 1 GB, chunk by chunk, waiting for the reader; the bytes written when it stops. */
async function streamHugeBody(res: http.ServerResponse): Promise<number> {
  res.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(HUGE_BODY_BYTES) });
  let closed = false;
  let wake: (() => void) | undefined;
  res.on('drain', () => wake?.());
  res.on('close', () => {
    closed = true;
    wake?.();
  });
  let sent = 0;
  while (sent < HUGE_BODY_BYTES && !closed) {
    sent += CHUNK.length;
    if (!res.write(CHUNK)) await new Promise<void>((resolve) => (wake = resolve));
  }
  if (!closed) res.end();
  return sent;
}
