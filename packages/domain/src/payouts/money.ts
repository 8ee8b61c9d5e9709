/**
 * `percent` % of an amount in minor units, rounded half up. Percentages have
 * at most two decimals (numeric(5,2)), so the arithmetic is exact in basis points.
 */
export function percentOf(amountMinor: bigint, percent: number): bigint {
  const basisPoints = BigInt(Math.round(percent * 100));
  return (amountMinor * basisPoints + 5000n) / 10000n;
}

/**
 * The share of a running total that belongs to its newest part: `percent` of
 * the total, less what earlier parts already got. Installments so add up to
 * exactly what one payment of their sum would give, rounding included.
 */
export function cumulativeShare(
  totalMinor: bigint,
  percent: number,
  alreadyAllocatedMinor: bigint,
): bigint {
  return percentOf(totalMinor, percent) - alreadyAllocatedMinor;
}
