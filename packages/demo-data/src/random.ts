/** mulberry32: a small, seedable PRNG, so the demo is the same every time. */
export function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!,
    weighted<T>(items: readonly [T, number][]): T {
      let roll = next() * items.reduce((sum, [, w]) => sum + w, 0);
      for (const [item, weight] of items) if ((roll -= weight) < 0) return item;
      return items[items.length - 1]![0];
    },
  };
}

export type Random = ReturnType<typeof random>;

export const DAY = 24 * 60 * 60 * 1000;
export const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** The token of a hosted-page URL: the demo acts as the client who opened it. */
export const tokenOf = (url: string) => url.slice(url.lastIndexOf('/') + 1);
