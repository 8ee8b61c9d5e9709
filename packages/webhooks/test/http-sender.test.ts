import { startReceiver, type Receiver } from '@referral/testing';
import { Agent, buildConnector, request } from 'undici';
import { HttpSender } from '../src';
import { publicOnlyConnector } from '../src/sending/http-sender';

let receiver: Receiver;
const senders: HttpSender[] = [];
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(async () => {
  await Promise.all(senders.map((s) => s.close()));
  await receiver.close();
});

function sender(allowPrivateUrls: boolean) {
  const s = new HttpSender({ timeoutMs: 2_000, allowPrivateUrls });
  senders.push(s);
  return s;
}

const send = (s: HttpSender, url: string) =>
  s.send(url, '{}', { 'content-type': 'application/json' });

describe('the sender, when private addresses are not allowed', () => {
  // The receiver listens on 127.0.0.1; "localhost" names it without being an IP literal.
  const byName = () => receiver.url.replace('127.0.0.1', 'localhost');

  it('refuses at connect time a host name that resolves to a private address: blocked_address', async () => {
    // The same URL is reachable when private addresses are allowed: the refusal is the policy's.
    expect(await send(sender(true), byName())).toMatchObject({ succeeded: true, statusCode: 200 });
    const before = receiver.requests.length;

    const outcome = await send(sender(false), byName());
    expect(outcome).toMatchObject({ succeeded: false, errorKind: 'blocked_address' });
    expect(outcome.statusCode).toBeUndefined();
    expect(outcome.errorMessage).toMatch(/localhost resolves to a private address/);
    expect(receiver.requests).toHaveLength(before);
  });

  it('refuses a private IP literal before connecting: blocked_address', async () => {
    const before = receiver.requests.length;
    const outcome = await send(sender(false), receiver.url);
    expect(outcome).toMatchObject({ succeeded: false, errorKind: 'blocked_address' });
    expect(receiver.requests).toHaveLength(before);
  });
});

describe('the connected-address check', () => {
  it('refuses a socket connected to a private address, whatever resolved the name', async () => {
    // A connector whose lookup lets anything through: only the check on the
    // socket's remote address stands between the request and the receiver.
    const agent = new Agent({ connect: publicOnlyConnector(buildConnector({})) });
    const before = receiver.requests.length;
    try {
      const url = receiver.url.replace('127.0.0.1', 'localhost');
      await expect(
        request(url, { method: 'POST', body: '{}', dispatcher: agent }),
      ).rejects.toMatchObject({
        code: 'BLOCKED_ADDRESS',
        message: expect.stringMatching(
          /connected to a private address \((::ffff:)?127\.0\.0\.1|::1\)/,
        ),
      });
      expect(receiver.requests).toHaveLength(before);
    } finally {
      await agent.close();
    }
  });
});
