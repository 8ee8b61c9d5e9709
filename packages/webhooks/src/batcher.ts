import { context, ROOT_CONTEXT } from '@opentelemetry/api';

/**
 * Group commit for hot paths. Calls are served by `run` over many inputs at
 * once: those made in the same tick, and, while `maxInFlight` runs are still
 * out, every call made meanwhile (the group grows with the load and adds no
 * wait when there is none). Each caller still awaits its own result, so
 * nothing is acknowledged before its row is written.
 */
export class Batcher<I, O> {
  private pending: { input: I; resolve: (o: O) => void; reject: (e: unknown) => void }[] = [];
  private scheduled = false;
  private inFlight = 0;
  private readonly maxBatch: number;
  private readonly maxInFlight: number;

  constructor(
    private readonly run: (inputs: I[]) => Promise<O[]>,
    { maxBatch = 256, maxInFlight = 2 }: { maxBatch?: number; maxInFlight?: number } = {},
  ) {
    this.maxBatch = maxBatch;
    this.maxInFlight = maxInFlight;
  }

  call(input: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.pending.push({ input, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.pending.length === 0 || this.inFlight >= this.maxInFlight) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    while (this.pending.length > 0 && this.inFlight < this.maxInFlight) {
      const batch = this.pending.splice(0, this.maxBatch);
      this.inFlight += 1;
      // A group serves many callers, so it runs in no caller's trace: a span it
      // starts (an operational event's publish) is a root, not a child of
      // whichever caller happened to come first.
      context
        .with(ROOT_CONTEXT, () => this.run(batch.map((b) => b.input)))
        .then(
          (outputs) => batch.forEach((b, i) => b.resolve(outputs[i]!)),
          (error: unknown) => batch.forEach((b) => b.reject(error)),
        )
        .finally(() => {
          this.inFlight -= 1;
          this.schedule();
        });
    }
  }
}
