/**
 * Undo steps, run last-first, once: whatever the run built is taken down in
 * reverse order, even when a step fails or the run was cut short.
 */
export class Teardown {
  private readonly steps: { what: string; run: () => Promise<unknown> }[] = [];
  private running: Promise<void> | undefined;

  get started(): boolean {
    return this.running !== undefined;
  }

  push(what: string, run: () => Promise<unknown>): void {
    this.steps.push({ what, run });
  }

  run(): Promise<void> {
    this.running ??= (async () => {
      for (let step = this.steps.pop(); step; step = this.steps.pop()) {
        const { what } = step;
        await step.run().catch((error: unknown) => console.error(`bench: ${what} failed:`, error));
      }
    })();
    return this.running;
  }
}
