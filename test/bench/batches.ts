/** Run `make(0)` … `make(count - 1)`, `size` at a time: setup work that need not be a burst. */
export async function inBatches(
  count: number,
  size: number,
  make: (n: number) => Promise<void>,
): Promise<void> {
  for (let start = 0; start < count; start += size) {
    const batch = Array.from({ length: Math.min(size, count - start) }, (_, j) => make(start + j));
    await Promise.all(batch);
  }
}
