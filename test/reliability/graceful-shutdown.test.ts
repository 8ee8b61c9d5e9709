import { startReceiver, waitFor, type Receiver } from '@referral/testing';
import { engineClient, type EngineClient } from '../support/engine-client';
import { createPlatformEnv, type PlatformEnv } from '../support/platform-env';
import { startService } from '../support/service-process';

let platform: PlatformEnv;
let client: EngineClient;
let receiver: Receiver;

beforeAll(async () => {
  platform = await createPlatformEnv({ WEBHOOK_TIMEOUT_MS: '5000' });
  client = engineClient(platform);
});
afterAll(async () => {
  await receiver?.close();
  await client.close();
  await platform.cleanup();
});

it('SIGTERM lets in-flight deliveries finish, records them, then exits 0', async () => {
  receiver = await startReceiver(() => ({ status: 200, delayMs: 1_000 }));
  const sub = await client.subscribe({
    url: receiver.url,
    eventTypes: ['*'],
  });
  const dispatcher = startService('dispatcher', platform.env);
  try {
    await dispatcher.waitForOutput(/dispatcher started/);
    await client.engine.outbox.publish({
      tenantId: client.tenantId,
      type: 'case.created',
      data: {},
    });
    await waitFor(() => receiver.requests.length === 1, { what: 'the delivery to be in flight' });

    const { code, signal } = await dispatcher.stop('SIGTERM');
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(await client.statusCounts(sub.id)).toEqual({ succeeded: 1 });
    expect(receiver.requests).toHaveLength(1);
  } finally {
    await dispatcher.stop('SIGKILL');
  }
});
