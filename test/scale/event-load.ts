import { Pool } from 'undici';

export interface EventTarget {
  apiKey: string;
  subscriptionId: string;
}

/** Something to do once, when this many events have been acknowledged (a kill). */
export interface Milestone {
  acknowledged: number;
  run(): void;
}

export interface LoadResult {
  /** Event ids of the requests answered 202. */
  acknowledged: string[];
  /** Requests whose fate the client cannot know: a 5xx or a broken connection (the event may exist). */
  unknown: number;
  /** What those were: `502`, `ECONNRESET`, … with how many of each. */
  unknownReasons: Record<string, number>;
  /** Requests refused with a 4xx: certainly no event. */
  refused: number;
  durationMs: number;
}

/**
 * `POST /v1/webhooks/subscriptions/{id}/test` through `url`, each request
 * with the next target's key, `concurrency` at a time, until `count` are
 * acknowledged. A failed request is not retried: it may have made its event
 * (the API died after the commit), so Postgres, not the client, counts what
 * was accepted; the next request makes a new event.
 */
export async function sendTestEvents(options: {
  url: string;
  targets: EventTarget[];
  count: number;
  concurrency: number;
  deadlineMs: number;
  milestones: Milestone[];
}): Promise<LoadResult> {
  const http = new Pool(options.url, { connections: options.concurrency, pipelining: 1 });
  const result: LoadResult = {
    acknowledged: [],
    unknown: 0,
    unknownReasons: {},
    refused: 0,
    durationMs: 0,
  };
  const pending = [...options.milestones].sort((a, b) => a.acknowledged - b.acknowledged);
  const started = Date.now();
  const deadline = started + options.deadlineMs;
  let sent = 0;
  const unknown = (reason: string) => {
    result.unknown++;
    result.unknownReasons[reason] = (result.unknownReasons[reason] ?? 0) + 1;
  };

  const worker = async () => {
    while (result.acknowledged.length < options.count) {
      if (Date.now() > deadline) {
        throw new Error(
          `only ${result.acknowledged.length} of ${options.count} events acknowledged in ${options.deadlineMs} ms`,
        );
      }
      const target = options.targets[sent++ % options.targets.length]!;
      try {
        const response = await http.request({
          method: 'POST',
          path: `/v1/webhooks/subscriptions/${target.subscriptionId}/test`,
          headers: { authorization: `Bearer ${target.apiKey}` },
        });
        const body = (await response.body.json().catch(() => ({}))) as { eventId?: string };
        if (response.statusCode === 202 && body.eventId) {
          result.acknowledged.push(body.eventId);
          while (pending[0] && result.acknowledged.length >= pending[0].acknowledged) {
            pending.shift()!.run();
          }
        } else if (response.statusCode >= 400 && response.statusCode < 500) {
          result.refused++;
        } else {
          unknown(String(response.statusCode));
        }
      } catch (error) {
        unknown((error as { code?: string }).code ?? (error as Error).name);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: options.concurrency }, worker));
  } finally {
    result.durationMs = Date.now() - started;
    await http.close();
  }
  return result;
}
