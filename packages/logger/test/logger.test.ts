import { PassThrough } from 'node:stream';
import { createLogger } from '../src';

function capture(format: 'json' | 'pretty') {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c.toString()));
  const logger = createLogger({ name: 'test', level: 'info', format, destination: stream });
  return { logger, output: () => chunks.join('') };
}

describe('createLogger', () => {
  it('writes one JSON object per line in json format', () => {
    const { logger, output } = capture('json');
    logger.info({ eventId: 'evt_1', deliveryId: 'dlv_1' }, 'delivered');
    const line = JSON.parse(output().trim());
    expect(line).toMatchObject({
      name: 'test',
      eventId: 'evt_1',
      deliveryId: 'dlv_1',
      msg: 'delivered',
    });
  });

  it('never prints secrets, api keys or authorization headers', () => {
    for (const format of ['json', 'pretty'] as const) {
      const { logger, output } = capture(format);
      logger.info(
        {
          secret: 'whsec_abc',
          subscription: { secret: 'whsec_def', url: 'https://example.com' },
          apiKey: 'rpk_live_xyz',
          req: { headers: { authorization: 'Bearer rpk_live_xyz', cookie: 'sid=rpk_live_c' } },
          request: {
            headers: {
              'webhook-signature': 'v1,whsec_sig',
              'x-csrf-token': 'rpk_live_csrf',
              'set-cookie': 'sid=rpk_live_s',
            },
          },
          password: 'rpk_live_pw',
          session: { csrfToken: 'rpk_live_t' },
        },
        'created',
      );
      const text = output();
      expect(text).toContain('created');
      expect(text).not.toMatch(/whsec_|rpk_live_/);
    }
  });
});
