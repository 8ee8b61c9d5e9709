import {
  generateSecret,
  InvalidSecretError,
  sign,
  signatureHeaders,
} from '@referral/webhook-signature';

// Published Standard Webhooks / Svix test vector.
const VECTOR = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  payload: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};

describe('generateSecret', () => {
  it('is whsec_ followed by base64 of 32 random bytes', () => {
    const secret = generateSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice('whsec_'.length), 'base64')).toHaveLength(32);
  });

  it('never repeats', () => {
    expect(generateSecret()).not.toBe(generateSecret());
  });
});

describe('sign', () => {
  it('matches the published Standard Webhooks test vector', () => {
    expect(sign(VECTOR)).toBe(VECTOR.signature);
  });

  it('accepts the secret without its whsec_ prefix', () => {
    expect(sign({ ...VECTOR, secret: VECTOR.secret.slice('whsec_'.length) })).toBe(
      VECTOR.signature,
    );
  });

  it('gives the same signature for a Date, unix seconds and a Buffer payload', () => {
    expect(sign({ ...VECTOR, timestamp: new Date(VECTOR.timestamp * 1000 + 999) })).toBe(
      VECTOR.signature,
    );
    expect(sign({ ...VECTOR, payload: Buffer.from(VECTOR.payload) })).toBe(VECTOR.signature);
  });

  it('emits one v1 entry per secret, space-separated, for secret rotation', () => {
    const other = generateSecret();
    const header = sign({ ...VECTOR, secret: undefined, secrets: [VECTOR.secret, other] });
    const entries = header.split(' ');
    expect(entries).toHaveLength(2);
    expect(entries[0]).toBe(VECTOR.signature);
    expect(entries[1]).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
  });

  it('rejects malformed or missing secrets without echoing them', () => {
    expect(() => sign({ ...VECTOR, secret: 'whsec_not base64!' })).toThrow(InvalidSecretError);
    expect(() => sign({ ...VECTOR, secret: 'whsec_' })).toThrow(InvalidSecretError);
    expect(() => sign({ ...VECTOR, secret: undefined, secrets: [] })).toThrow(InvalidSecretError);
    expect(() => sign({ ...VECTOR, secret: 'whsec_not base64!' })).not.toThrow(/not base64!/);
  });

  it('rejects a millisecond timestamp passed where seconds are expected', () => {
    expect(() => sign({ ...VECTOR, timestamp: Date.now() })).toThrow(/milliseconds/);
  });
});

describe('signatureHeaders', () => {
  it('returns the three headers, timestamp in unix seconds', () => {
    expect(signatureHeaders(VECTOR)).toEqual({
      'webhook-id': VECTOR.id,
      'webhook-timestamp': String(VECTOR.timestamp),
      'webhook-signature': VECTOR.signature,
    });
  });

  it('defaults the timestamp to now', () => {
    const before = Math.floor(Date.now() / 1000);
    const headers = signatureHeaders({ id: 'evt_1', payload: '{}', secrets: [generateSecret()] });
    const timestamp = Number(headers['webhook-timestamp']);
    expect(timestamp).toBeGreaterThanOrEqual(before);
    expect(timestamp).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
  });
});
