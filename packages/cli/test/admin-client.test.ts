import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError } from '../src/http/api-error';
import { AdminClient } from '../src/http/admin-client';
import { UnreachableError } from '../src/http/unreachable-error';

/** A real server on loopback answering each path as the test says. */
type Answer = { status: number; type?: string; body?: string; hang?: boolean };
let server: http.Server;
let base: string;
const answers = new Map<string, Answer>();
const seen: http.IncomingHttpHeaders[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push(req.headers);
    const answer = answers.get(req.url ?? '') ?? { status: 404 };
    if (answer.hang) return;
    res.writeHead(answer.status, answer.type ? { 'content-type': answer.type } : {});
    res.end(answer.body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const client = (timeoutMs = 2000) =>
  new AdminClient({ apiUrl: `${base}/`, token: 'admin-token', timeoutMs });

it('sends the bearer token and returns the JSON answer', async () => {
  answers.set('/admin/partners?limit=5', {
    status: 200,
    type: 'application/json',
    body: '{"data":[],"nextCursor":null}',
  });
  await expect(client().get('/admin/partners', { limit: 5, cursor: undefined })).resolves.toEqual({
    data: [],
    nextCursor: null,
  });
  expect(seen.at(-1)?.authorization).toBe('Bearer admin-token');
});

it('turns a problem into one line naming its fields and the request id', async () => {
  answers.set('/admin/subscriptions/sub_1/recover', {
    status: 400,
    type: 'application/problem+json',
    body: JSON.stringify({
      type: '/problems/validation-error',
      title: 'Invalid request',
      status: 400,
      detail: 'The request has 1 invalid field: since.',
      requestId: 'req-1',
      errors: [{ field: 'since', message: 'Invalid ISO datetime' }],
    }),
  });
  const error = await client()
    .post('/admin/subscriptions/sub_1/recover', { since: 'x' })
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ApiError);
  expect((error as ApiError).message).toBe(
    '400 Invalid request: The request has 1 invalid field: since. [since: Invalid ISO datetime] (request req-1)',
  );
  expect((error as ApiError).exitCode).toBe(1);
});

it('says an answer that is not the API’s JSON is not the API', async () => {
  answers.set('/admin/partners', { status: 502, type: 'text/html', body: '<h1>Bad gateway</h1>' });
  const error = await client()
    .get('/admin/partners')
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(UnreachableError);
  expect((error as Error).message).toMatch(
    /answered 502 with text\/html, not the admin API's JSON/,
  );
  expect((error as UnreachableError).exitCode).toBe(3);
});

it('gives up on an API that does not answer in time', async () => {
  answers.set('/admin/hang', { status: 200, hang: true });
  const error = await client(200)
    .get('/admin/hang')
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(UnreachableError);
  expect((error as Error).message).toBe(`cannot reach the API at ${base}: no answer in time`);
});
