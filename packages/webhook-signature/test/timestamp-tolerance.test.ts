import { InvalidTimestampError, signatureHeaders, verify } from '@referral/webhook-signature';
import { body, now, NOW_SECONDS, signedMessage } from './helpers/fixtures';

function signedAt(timestamp: number) {
  const { secret } = signedMessage();
  const headers = signatureHeaders({ id: 'evt_01', timestamp, payload: body, secret });
  return { secret, headers };
}

function rejection(fn: () => unknown): InvalidTimestampError {
  try {
    fn();
  } catch (error) {
    if (error instanceof InvalidTimestampError) return error;
    throw error;
  }
  throw new Error('expected an InvalidTimestampError');
}

describe('timestamp tolerance', () => {
  it('accepts timestamps up to 5 minutes away in either direction by default', () => {
    for (const timestamp of [NOW_SECONDS - 300, NOW_SECONDS + 300]) {
      const { secret, headers } = signedAt(timestamp);
      expect(verify(body, headers, secret, { now })).toEqual(JSON.parse(body));
    }
  });

  it('rejects a timestamp more than 5 minutes old as too_old (replay)', () => {
    const { secret, headers } = signedAt(NOW_SECONDS - 301);
    const error = rejection(() => verify(body, headers, secret, { now }));
    expect(error.reason).toBe('too_old');
    expect(error.name).toBe('InvalidTimestampError');
    expect(error.message).toMatch(/301 s in the past.*300 s/);
  });

  it('rejects a timestamp more than 5 minutes ahead as too_new', () => {
    const { secret, headers } = signedAt(NOW_SECONDS + 301);
    const error = rejection(() => verify(body, headers, secret, { now }));
    expect(error.reason).toBe('too_new');
    expect(error.message).toMatch(/301 s in the future/);
  });

  it.each(['soon', '1700000000abc', '-1700000000', '1.7e9', '1700000000.5', '17000000000000'])(
    'rejects the unparseable timestamp %p',
    (timestamp) => {
      const { secret, headers } = signedMessage();
      const error = rejection(() =>
        verify(body, { ...headers, 'webhook-timestamp': timestamp }, secret, { now }),
      );
      expect(error.reason).toBe('unparseable');
    },
  );

  it('honours a custom toleranceSeconds', () => {
    const { secret, headers } = signedAt(NOW_SECONDS - 60);
    expect(() => verify(body, headers, secret, { now, toleranceSeconds: 59 })).toThrow(
      InvalidTimestampError,
    );
    expect(verify(body, headers, secret, { now, toleranceSeconds: 60 })).toEqual(JSON.parse(body));

    const old = signedAt(NOW_SECONDS - 3600);
    expect(verify(body, old.headers, old.secret, { now, toleranceSeconds: 3600 })).toEqual(
      JSON.parse(body),
    );
  });

  it('rejects a negative tolerance as a programming error', () => {
    const { secret, headers } = signedMessage();
    expect(() => verify(body, headers, secret, { now, toleranceSeconds: -1 })).toThrow(RangeError);
  });

  it('uses the real clock when no now() is given', () => {
    const { secret } = signedMessage();
    const headers = signatureHeaders({ id: 'evt_01', payload: body, secret });
    expect(verify(body, headers, secret)).toEqual(JSON.parse(body));
  });
});
