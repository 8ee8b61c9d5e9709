import { startService } from '../support/service-process';

// No database or Redis is needed: configuration is read before anything connects.
describe.each(['api', 'dispatcher'] as const)(
  'the %s, started with a bad configuration',
  (name) => {
    it('exits 78 (EX_CONFIG) naming each bad variable and why', async () => {
      const service = startService(name, {
        NODE_ENV: 'test',
        WEBHOOK_TIMEOUT_MS: 'soon',
        REDIS_URL: 'nope',
      });
      const { code, signal } = await service.exited;
      expect({ code, signal }).toEqual({ code: 78, signal: null });
      const output = service.output();
      expect(output).toMatch(/Invalid configuration/);
      expect(output).toMatch(/WEBHOOK_TIMEOUT_MS: /);
      expect(output).toMatch(/REDIS_URL: /);
      // Only the bad ones are named.
      expect(output).not.toMatch(/DATABASE_URL/);
    });
  },
);
