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
    const batcher = new Batcher(async (xs: number[]) => {
      runs.push(xs);
      return xs;
    }, 2);
    await Promise.all([1, 2, 3, 4, 5].map((x) => batcher.call(x)));
    expect(runs).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('rejects every caller of a failed run', async () => {
    const batcher = new Batcher(async (_xs: number[]): Promise<number[]> => {
      throw new Error('db down');
    });
    const results = await Promise.allSettled([batcher.call(1), batcher.call(2)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });
});
