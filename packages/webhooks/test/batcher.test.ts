import { Batcher } from '../src/batcher';

describe('Batcher', () => {
  it('serves calls made in the same tick with one run, each caller getting its own result', async () => {
    const runs: number[][] = [];
    const batcher = new Batcher(async (xs: number[]) => {
      runs.push(xs);
      return xs.map((x) => x * 10);
    });
    const results = await Promise.all([1, 2, 3].map((x) => batcher.call(x)));
    expect(results).toEqual([10, 20, 30]);
    expect(runs).toEqual([[1, 2, 3]]);
  });

  it('splits at the maximum batch size', async () => {
    const runs: number[][] = [];
    const batcher = new Batcher(
      async (xs: number[]) => {
        runs.push(xs);
        return xs;
      },
      { maxBatch: 2, maxInFlight: 3 },
    );
    await Promise.all([1, 2, 3, 4, 5].map((x) => batcher.call(x)));
    expect(runs).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('while its runs are out, gathers every later call into the next run', async () => {
    const runs: number[][] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const batcher = new Batcher(
      async (xs: number[]) => {
        runs.push(xs);
        if (runs.length === 1) await held;
        return xs;
      },
      { maxInFlight: 1 },
    );
    const first = batcher.call(1);
    await new Promise((resolve) => setImmediate(resolve));
    // The first run is out: these wait for it, then go together.
    const later = [2, 3, 4].map((x) => batcher.call(x));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(runs).toEqual([[1]]);
    release();
    expect(await Promise.all([first, ...later])).toEqual([1, 2, 3, 4]);
    expect(runs).toEqual([[1], [2, 3, 4]]);
  });

  it('rejects every caller of a failed run', async () => {
    const batcher = new Batcher(async (_xs: number[]): Promise<number[]> => {
      throw new Error('db down');
    });
    const results = await Promise.allSettled([batcher.call(1), batcher.call(2)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });
});
