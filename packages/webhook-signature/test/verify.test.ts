import {
  generateSecret,
  InvalidPayloadError,
  InvalidSecretError,
  MissingHeadersError,
  NoMatchingSignatureError,
  sign,
  signatureHeaders,
  verify,
  verifyWebhook,
  WebhookVerificationError,
} from '@referral/webhook-signature';
import { body, now, NOW_SECONDS, signedMessage } from './helpers/fixtures';

describe('verify', () => {
  it('returns the parsed payload of a correctly signed message', () => {
    const { secret, headers } = signedMessage();
    expect(verify(body, headers, secret, { now })).toEqual(JSON.parse(body));
  });

  it('verifyWebhook also returns the id and timestamp to deduplicate and order on', () => {
    const { secret, headers } = signedMessage();
    expect(verifyWebhook(body, headers, secret, { now })).toEqual({
      id: 'evt_01',
      timestamp: new Date(NOW_SECONDS * 1000),
      payload: JSON.parse(body),
    });
  });

  it('verifies Buffer and string payloads alike, including non-ASCII bytes', () => {
    const signedAsString = signedMessage(body);
    const signedAsBuffer = signedMessage(Buffer.from(body));
    const expected = JSON.parse(body);
    expect(
      verify(Buffer.from(body), signedAsString.headers, signedAsString.secret, { now }),
    ).toEqual(expected);
    expect(verify(body, signedAsBuffer.headers, signedAsBuffer.secret, { now })).toEqual(expected);
  });

  it('rejects a tampered body', () => {
    const { secret, headers } = signedMessage();
    const tampered = body.replace('case_1', 'case_2');
    expect(() => verify(tampered, headers, secret, { now })).toThrow(NoMatchingSignatureError);
    expect(() => verify(body + ' ', headers, secret, { now })).toThrow(NoMatchingSignatureError);
  });

  it('rejects a tampered webhook-id', () => {
    const { secret, headers } = signedMessage();
    const tampered = { ...headers, 'webhook-id': 'evt_02' };
    expect(() => verify(body, tampered, secret, { now })).toThrow(NoMatchingSignatureError);
  });

  it('rejects a tampered webhook-timestamp even inside the tolerance window', () => {
    const { secret, headers } = signedMessage();
    const tampered = { ...headers, 'webhook-timestamp': String(NOW_SECONDS - 1) };
    expect(() => verify(body, tampered, secret, { now })).toThrow(NoMatchingSignatureError);
  });

  it('rejects a message signed with another secret', () => {
    const { headers } = signedMessage();
    expect(() => verify(body, headers, generateSecret(), { now })).toThrow(
      NoMatchingSignatureError,
    );
  });

  it('accepts a header with several signatures when one is valid (sender rotating)', () => {
    const secret = generateSecret();
    const signature = sign({
      id: 'evt_01',
      timestamp: NOW_SECONDS,
      payload: body,
      secrets: [generateSecret(), secret],
    });
    const headers = {
      'webhook-id': 'evt_01',
      'webhook-timestamp': String(NOW_SECONDS),
      'webhook-signature': signature,
    };
    expect(signature.split(' ')).toHaveLength(2);
    expect(verify(body, headers, secret, { now })).toEqual(JSON.parse(body));
  });

  it('accepts any of several configured secrets (receiver rotating)', () => {
    const { secret, headers } = signedMessage();
    expect(verify(body, headers, [generateSecret(), secret], { now })).toEqual(JSON.parse(body));
    expect(() => verify(body, headers, [generateSecret(), generateSecret()], { now })).toThrow(
      NoMatchingSignatureError,
    );
  });

  it('ignores signature entries of other versions', () => {
    const { secret, headers } = signedMessage();
    const signature = headers['webhook-signature'] ?? '';
    const withOthers = {
      ...headers,
      'webhook-signature': `v1a,c29tZXRoaW5nIGVsc2U= ${signature} v2,xyz`,
    };
    expect(verify(body, withOthers, secret, { now })).toEqual(JSON.parse(body));

    // A valid HMAC under an unknown version label is not accepted as v1.
    const relabelled = { ...headers, 'webhook-signature': signature.replace(/^v1,/, 'v1a,') };
    expect(() => verify(body, relabelled, secret, { now })).toThrow(/no v1 entries.*v1a/);
  });

  it.each(['webhook-id', 'webhook-timestamp', 'webhook-signature'])(
    'rejects a request without %s, naming the header',
    (name) => {
      const { secret, headers } = signedMessage();
      const rest = { ...headers };
      delete rest[name];
      const error = captureError(() => verify(body, rest, secret, { now }));
      expect(error).toBeInstanceOf(MissingHeadersError);
      expect(error).toBeInstanceOf(WebhookVerificationError);
      expect((error as MissingHeadersError).missing).toEqual([name]);
      expect((error as Error).message).toContain(name);
      expect((error as Error).name).toBe('MissingHeadersError');
    },
  );

  it('lists every missing header at once, treating empty values as missing', () => {
    const error = captureError(() =>
      verify(body, { 'webhook-id': '' }, generateSecret(), { now }),
    ) as MissingHeadersError;
    expect(error.missing).toEqual(['webhook-id', 'webhook-timestamp', 'webhook-signature']);
  });

  it('looks headers up case-insensitively, in plain objects and Fetch Headers', () => {
    const { secret, headers } = signedMessage();
    const shouting = Object.fromEntries(
      Object.entries(headers).map(([name, value]) => [name.toUpperCase(), value]),
    );
    expect(verify(body, shouting, secret, { now })).toEqual(JSON.parse(body));
    expect(verify(body, new Headers(shouting), secret, { now })).toEqual(JSON.parse(body));
  });

  it('accepts node-style array header values', () => {
    const { secret, headers } = signedMessage();
    const split = { ...headers, 'webhook-signature': ['v1a,abc', headers['webhook-signature']!] };
    expect(verify(body, split, secret, { now })).toEqual(JSON.parse(body));
  });

  it('rejects an authentic but non-JSON body with InvalidPayloadError', () => {
    const secret = generateSecret();
    const headers = signatureHeaders({
      id: 'evt_1',
      timestamp: NOW_SECONDS,
      payload: 'hi',
      secret,
    });
    expect(() => verify('hi', headers, secret, { now })).toThrow(InvalidPayloadError);
  });

  it('returns undefined for an authentic empty body, like standardwebhooks', () => {
    const secret = generateSecret();
    const headers = signatureHeaders({ id: 'evt_1', timestamp: NOW_SECONDS, payload: '', secret });
    expect(verify('', headers, secret, { now })).toBeUndefined();
  });

  it('reports a malformed configured secret as InvalidSecretError, not a bad request', () => {
    const { headers } = signedMessage();
    const error = captureError(() => verify(body, headers, 'whsec_%%%', { now }));
    expect(error).toBeInstanceOf(InvalidSecretError);
    expect(error).not.toBeInstanceOf(WebhookVerificationError);
  });
});

function captureError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}
