// The one seeded random source for everything that generates media (demo, benches, tests):
// the same seed gives the same photos and clips on every machine. Plain JS so the scripts and
// benches run without a build step; types in random.d.ts for the TypeScript tests.

/** Small deterministic PRNG (mulberry32): numbers in [0, 1). */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
