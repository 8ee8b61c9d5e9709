/**
 * Milliseconds since the epoch with sub-millisecond resolution. Every bench
 * process runs on this machine, so stamps taken in different processes compare
 * directly; the receiver's offset is measured anyway and reported.
 */
export function now(): number {
  return performance.timeOrigin + performance.now();
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
