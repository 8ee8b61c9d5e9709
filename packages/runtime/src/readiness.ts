/** What readiness pings: each dependency by name, a promise that settles when it answered. */
export type ReadinessProbes = Record<string, () => Promise<unknown>>;

export interface Readiness {
  ready: boolean;
  /** The body of `/readyz`: the same shape from every process. */
  body: { status: 'ok' | 'unavailable'; checks: Record<string, 'ok' | 'failed'> };
}

const CHECK_TIMEOUT_MS = 2_000;

/**
 * Ping every dependency at once; ready when all answer. A dependency that
 * hangs is as unready as one that refuses, so each ping has a deadline.
 */
export async function checkReadiness(
  probes: ReadinessProbes,
  timeoutMs = CHECK_TIMEOUT_MS,
): Promise<Readiness> {
  const names = Object.keys(probes);
  const results = await Promise.all(names.map((name) => answers(probes[name]!, timeoutMs)));
  const checks = Object.fromEntries(names.map((name, i) => [name, results[i]!]));
  const ready = results.every((r) => r === 'ok');
  return { ready, body: { status: ready ? 'ok' : 'unavailable', checks } };
}

async function answers(probe: () => Promise<unknown>, timeoutMs: number): Promise<'ok' | 'failed'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), timeoutMs);
  });
  try {
    await Promise.race([probe(), timeout]);
    return 'ok';
  } catch {
    return 'failed';
  } finally {
    clearTimeout(timer);
  }
}
