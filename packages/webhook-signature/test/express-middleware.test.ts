import express from 'express';
import type { Express } from 'express';
import type { WebhookProblem } from '@referral/webhook-signature';
import {
  generateSecret,
  InvalidSecretError,
  NoMatchingSignatureError,
  signatureHeaders,
  verifyWebhookMiddleware,
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

/** A receiver app: `configure` mounts parsers and the middleware, the handler echoes what it saw. */
async function startApp(configure: (app: Express) => void): Promise<string> {
  const app = express();
  configure(app);
  app.post('/webhooks', (req, res) => {
    res.json({ webhookId: req.webhook?.id, timestamp: req.webhook?.timestamp, body: req.body });
  });
  server = await listen(app);
  return `${server.url}/webhooks`;
}

function post(url: string, headers: Record<string, string>, payload: string = body) {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: payload,
  });
}

const signed = (payload: string = body, signingSecret: string = secret) => ({
  ...signatureHeaders({ id: 'evt_express', payload, secret: signingSecret }),
});

async function expectProblem(response: Response, status: number): Promise<WebhookProblem> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  const problem = (await response.json()) as WebhookProblem;
  expect(problem).toMatchObject({ type: 'about:blank', status, title: expect.any(String) });
  return problem;
}

describe('verifyWebhookMiddleware with Express', () => {
  it('passes a valid request on with the parsed body and the webhook id', async () => {
    const url = await startApp((app) => app.use('/webhooks', verifyWebhookMiddleware({ secret })));
    const response = await post(url, signed());
    expect(response.status).toBe(200);
    const seen = (await response.json()) as { webhookId: string; timestamp: string; body: unknown };
    expect(seen.webhookId).toBe('evt_express');
    expect(seen.body).toEqual(JSON.parse(body));
    expect(Math.abs(Date.parse(seen.timestamp) - Date.now())).toBeLessThan(5_000);
  });

  it('answers 401 problem JSON to a bad signature, and the handler never runs', async () => {
    const url = await startApp((app) => app.use('/webhooks', verifyWebhookMiddleware({ secret })));
    const response = await post(url, signed(body, generateSecret()));
    const problem = await expectProblem(response, 401);
    expect(problem.error).toBe('NoMatchingSignatureError');
    expect(problem.detail).toMatch(/None of the 1 v1 signature/);
  });

  it('answers 401 naming the missing headers', async () => {
    const url = await startApp((app) => app.use('/webhooks', verifyWebhookMiddleware({ secret })));
    const headers: Record<string, string> = signed();
    delete headers['webhook-signature'];
    const problem = await expectProblem(await post(url, headers), 401);
    expect(problem.error).toBe('MissingHeadersError');
    expect(problem.detail).toContain('webhook-signature');
  });

  it('answers 401 to a body changed in transit', async () => {
    const url = await startApp((app) => app.use('/webhooks', verifyWebhookMiddleware({ secret })));
    const response = await post(url, signed(), body.replace('case_1', 'case_9'));
    await expectProblem(response, 401);
  });

  it('works behind express.raw()', async () => {
    const url = await startApp((app) =>
      app.use(
        '/webhooks',
        express.raw({ type: 'application/json' }),
        verifyWebhookMiddleware({ secret }),
      ),
    );
    const response = await post(url, signed());
    expect(response.status).toBe(200);
    expect(((await response.json()) as { body: unknown }).body).toEqual(JSON.parse(body));
  });

  it('fails loudly with 500 when express.json() already parsed the body', async () => {
    const url = await startApp((app) => {
      app.use(express.json());
      app.use('/webhooks', verifyWebhookMiddleware({ secret }));
    });
    // A correctly signed request: only the receiver's setup is wrong.
    const problem = await expectProblem(await post(url, signed()), 500);
    expect(problem.error).toBe('RawBodyUnavailableError');
    expect(problem.detail).toMatch(/express\.json\(\)/);
    expect(problem.detail).toMatch(/before express\.json\(\)|express\.raw/);
  });

  it('reads the stream itself when express.json() skipped a non-JSON content type', async () => {
    const url = await startApp((app) => {
      app.use(express.json());
      app.use('/webhooks', verifyWebhookMiddleware({ secret }));
    });
    const response = await post(url, { ...signed(), 'content-type': 'text/plain' });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { body: unknown }).body).toEqual(JSON.parse(body));
  });

  it('answers 413 when the body exceeds maxBodyBytes', async () => {
    const url = await startApp((app) =>
      app.use('/webhooks', verifyWebhookMiddleware({ secret, maxBodyBytes: 64 })),
    );
    const problem = await expectProblem(await post(url, signed()), 413);
    expect(problem.error).toBe('BodyTooLargeError');
  });

  it('hands failures to onError instead of answering itself', async () => {
    const seen: unknown[] = [];
    const url = await startApp((app) =>
      app.use(
        '/webhooks',
        verifyWebhookMiddleware({
          secret,
          onError: (error, _req, res) => {
            seen.push(error);
            res.statusCode = 403;
            res.end();
          },
        }),
      ),
    );
    const response = await post(url, signed(body, generateSecret()));
    expect(response.status).toBe(403);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBeInstanceOf(NoMatchingSignatureError);
  });

  it('accepts messages from either secret while the receiver rotates', async () => {
    const next = generateSecret();
    const url = await startApp((app) =>
      app.use('/webhooks', verifyWebhookMiddleware({ secret: [secret, next] })),
    );
    expect((await post(url, signed(body, secret))).status).toBe(200);
    expect((await post(url, signed(body, next))).status).toBe(200);
  });

  it('refuses a malformed secret when the middleware is created, not on first delivery', () => {
    expect(() => verifyWebhookMiddleware({ secret: 'whsec_not-base64' })).toThrow(
      InvalidSecretError,
    );
  });
});
