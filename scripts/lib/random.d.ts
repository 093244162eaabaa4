/** Small deterministic PRNG (mulberry32): numbers in [0, 1). */
export function rng(seed: number): () => number;
