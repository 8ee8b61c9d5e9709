import { cumulativeShare, percentOf } from '../src/payouts/money';

describe('percentOf', () => {
  it('rounds half up in minor units, with two-decimal percentages exact', () => {
    expect(percentOf(10003n, 15)).toBe(1500n); // 1500.45
    expect(percentOf(30009n, 15)).toBe(4501n); // 4501.35
    expect(percentOf(5n, 10)).toBe(1n); // 0.5 rounds up
    expect(percentOf(4501n, 12.5)).toBe(563n); // 562.625
    expect(percentOf(1000n, 16.55)).toBe(166n); // 165.5
    expect(percentOf(9_007_199_254_740_991n, 100)).toBe(9_007_199_254_740_991n);
  });
});

describe('cumulativeShare', () => {
  it('makes any split of a payment add up to the share of the whole', () => {
    // A deterministic pseudo-random walk over many splits and rates.
    let seed = 42;
    const next = (max: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % max;
    };
    for (let round = 0; round < 500; round += 1) {
      const percent = next(10000) / 100;
      const parts = Array.from({ length: 1 + next(6) }, () => BigInt(1 + next(100000)));
      let total = 0n;
      let allocated = 0n;
      for (const part of parts) {
        total += part;
        allocated += cumulativeShare(total, percent, allocated);
      }
      expect(allocated).toBe(percentOf(total, percent));
    }
  });
});
