import type { IncomingMessage } from 'node:http';
import {
  generateSecret,
  signatureHeaders,
  verifyWebhook,
  verifyWebhookMiddleware,
  WebhookVerificationError,
} from '@referral/webhook-signature';
import { body } from './helpers/fixtures';
import type { RunningServer } from './helpers/listen';
import { listen } from './helpers/listen';

const secret = generateSecret();

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const post = (url: string, headers: Record<string, string>, payload = body) =>
  fetch(url, { method: 'POST', headers: { ...headers }, body: payload });

describe('receiving in plain node:http', () => {
  it('verifyWebhook on the raw body accepts a valid request and rejects a forged one', async () => {
    const seenIds: string[] = [];
    server = await listen(async (req, res) => {
      const raw = await readBody(req);
      try {
        const webhook = verifyWebhook(raw, req.headers, secret);
        seenIds.push(webhook.id);
        res.writeHead(204).end();
      } catch (error) {
        if (!(error instanceof WebhookVerificationError)) throw error;
        res.writeHead(401).end(error.message);
      }
    });
    const headers = signatureHeaders({ id: 'evt_http', payload: body, secret });
    expect((await post(server.url, headers)).status).toBe(204);
    const forged = signatureHeaders({ id: 'evt_http', payload: body, secret: generateSecret() });
    expect((await post(server.url, forged)).status).toBe(401);
    expect(seenIds).toEqual(['evt_http']);
  });

  it('the middleware also works as a plain connect-style function', async () => {
    const middleware = verifyWebhookMiddleware({ secret });
    server = await listen((req, res) => {
      middleware(req, res, (error) => {
        const request = req as typeof req & { webhook?: { id: string }; body?: unknown };
        res.writeHead(error ? 500 : 200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: request.webhook?.id, body: request.body }));
      });
    });
    const headers = signatureHeaders({ id: 'evt_connect', payload: body, secret });
    const response = await post(server.url, headers);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ id: 'evt_connect', body: JSON.parse(body) });
  });
});
