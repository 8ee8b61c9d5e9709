import { now, sleep } from './clock';

export type LoadPlan =
  /** `events` sends as fast as they go, `concurrency` in flight. */
  | { kind: 'burst'; events: number; concurrency: number }
  /** A steady `rate` per second for `seconds`; at most `maxInFlight` outstanding. */
  | { kind: 'paced'; rate: number; seconds: number; maxInFlight: number };

export interface LoadRun {
  sent: number;
  startedAt: number;
  finishedAt: number;
  /** How far the last send started behind its schedule (paced only). */
  lagMs: number;
}

export function eventsOf(plan: LoadPlan): number {
  return plan.kind === 'burst' ? plan.events : Math.round(plan.rate * plan.seconds);
}

export function describePlan(plan: LoadPlan): string {
  return plan.kind === 'burst'
    ? `${plan.events} events, ${plan.concurrency} in flight`
    : `${plan.rate} events/s for ${plan.seconds} s`;
}

/** Run `send` as the plan says; the first failure stops the run and is thrown. */
export async function runLoad(plan: LoadPlan, send: () => Promise<void>): Promise<LoadRun> {
  const total = eventsOf(plan);
  const startedAt = now();
  let lagMs = 0;
  if (plan.kind === 'burst') {
    let next = 0;
    const lane = async () => {
      while (next < total) {
        next += 1;
        await send();
      }
    };
    await Promise.all(Array.from({ length: Math.min(plan.concurrency, total) }, lane));
  } else {
    const interval = 1000 / plan.rate;
    const inFlight = new Set<Promise<void>>();
    let failure: { error: unknown } | undefined;
    for (let i = 0; i < total && !failure; i += 1) {
      const due = startedAt + i * interval;
      const wait = due - now();
      if (wait >= 1) await sleep(wait);
      while (inFlight.size >= plan.maxInFlight) await Promise.race(inFlight);
      lagMs = Math.max(0, now() - due);
      const sending: Promise<void> = send()
        .catch((error: unknown) => void (failure ??= { error }))
        .finally(() => inFlight.delete(sending));
      inFlight.add(sending);
    }
    await Promise.all(inFlight);
    if (failure) throw failure.error;
  }
  return { sent: total, startedAt, finishedAt: now(), lagMs };
}
