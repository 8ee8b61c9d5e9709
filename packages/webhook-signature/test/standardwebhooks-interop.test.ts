import { generateSecret, sign, signatureHeaders, verify } from '@referral/webhook-signature';
// The public reference implementation, used as a black box.
import { Webhook } from 'standardwebhooks';
import { body } from './helpers/fixtures';

// standardwebhooks checks the timestamp against the real clock, so sign "now".
const nowSeconds = () => Math.floor(Date.now() / 1000);

describe('interoperability with the standardwebhooks package', () => {
  it('standardwebhooks verifies what we sign', () => {
    const secret = generateSecret();
    const headers = signatureHeaders({ id: 'evt_interop_1', payload: body, secret });
    expect(new Webhook(secret).verify(body, { ...headers })).toEqual(JSON.parse(body));
    expect(new Webhook(secret).verify(Buffer.from(body), { ...headers })).toEqual(JSON.parse(body));
  });

  it('standardwebhooks accepts our multi-signature header during rotation', () => {
    const oldSecret = generateSecret();
    const newSecret = generateSecret();
    const headers = signatureHeaders({
      id: 'evt_interop_2',
      payload: body,
      secrets: [oldSecret, newSecret],
    });
    expect(new Webhook(oldSecret).verify(body, { ...headers })).toEqual(JSON.parse(body));
    expect(new Webhook(newSecret).verify(body, { ...headers })).toEqual(JSON.parse(body));
  });

  it('we verify what standardwebhooks signs', () => {
    const secret = generateSecret();
    const seconds = nowSeconds();
    const headers = {
      'webhook-id': 'msg_interop_3',
      'webhook-timestamp': String(seconds),
      'webhook-signature': new Webhook(secret).sign(
        'msg_interop_3',
        new Date(seconds * 1000),
        body,
      ),
    };
    expect(verify(body, headers, secret)).toEqual(JSON.parse(body));
    expect(verify(Buffer.from(body), headers, secret)).toEqual(JSON.parse(body));
  });

  it('signatures agree byte for byte, with and without the whsec_ prefix', () => {
    const secret = generateSecret();
    const bare = secret.slice('whsec_'.length);
    const timestamp = new Date(nowSeconds() * 1000);
    const theirs = new Webhook(secret).sign('msg_4', timestamp, body);
    expect(sign({ id: 'msg_4', timestamp, payload: body, secret })).toBe(theirs);
    expect(sign({ id: 'msg_4', timestamp, payload: body, secret: bare })).toBe(theirs);
  });
});
