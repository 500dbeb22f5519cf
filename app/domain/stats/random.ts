/**
 * A small seeded pseudo-random generator for everything that must be reproducible: contact assignment,
 * the pilot simulator and the statistics' simulation tests. Same seed, same sequence, on every machine.
 *
 * The core is sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, as in PractRand), seeded through
 * splitmix32 so that nearby seeds (1, 2, 3...) give unrelated streams. It is not for secrets.
 *
 * ```ts
 * const random = createRandom(20260126);
 * random.next();        // float in [0, 1)
 * random.int(6);        // integer in 0..5
 * random.normal();      // standard normal
 * random.shuffle(list); // new array, Fisher-Yates
 * ```
 */
export interface Random {
  /** A float uniformly distributed in [0, 1), with 32 bits of randomness. */
  next(): number;
  /** An integer uniformly distributed in 0..n-1 (no modulo bias). `n` must be a positive integer ≤ 2^32. */
  int(n: number): number;
  /** A standard normal deviate (mean 0, sd 1), by the Marsaglia polar method. */
  normal(): number;
  /** A shuffled copy of `items` (Fisher-Yates); the input is left alone. */
  shuffle<T>(items: readonly T[]): T[];
  /** True with probability p. */
  bernoulli(p: number): boolean;
  /** A binomial(n, p) count; exact (sums Bernoulli draws for small n, inversion otherwise). */
  binomial(n: number, p: number): number;
  /** An exponential deviate with the given rate (mean 1/rate). */
  exponential(rate: number): number;
}

/** Creates a generator from an integer or string seed. */
export function createRandom(seed: number | string): Random {
  let h = typeof seed === "string" ? hashString(seed) : (seed >>> 0) ^ (Math.floor(seed / 2 ** 32) >>> 0);
  const split = () => {
    h = (h + 0x9e3779b9) | 0;
    let z = h;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = split();
  let b = split();
  let c = split();
  let d = 1;
  const nextUint32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  // Discard the first outputs: sfc32's state needs a few rounds to mix.
  for (let i = 0; i < 12; i++) nextUint32();

  let spareNormal: number | undefined;
  const next = () => nextUint32() / 4294967296;

  const random: Random = {
    next,
    int(n) {
      if (!Number.isInteger(n) || n <= 0 || n > 4294967296) {
        throw new RangeError(`random.int needs a positive integer up to 2^32, got ${n}`);
      }
      // Rejection sampling: drop the top partial range so every value is equally likely.
      const limit = 4294967296 - (4294967296 % n);
      let x = nextUint32();
      while (x >= limit) x = nextUint32();
      return x % n;
    },
    normal() {
      if (spareNormal !== undefined) {
        const value = spareNormal;
        spareNormal = undefined;
        return value;
      }
      let u: number;
      let v: number;
      let s: number;
      do {
        u = 2 * next() - 1;
        v = 2 * next() - 1;
        s = u * u + v * v;
      } while (s >= 1 || s === 0);
      const factor = Math.sqrt((-2 * Math.log(s)) / s);
      spareNormal = v * factor;
      return u * factor;
    },
    shuffle(items) {
      const out = items.slice();
      for (let i = out.length - 1; i > 0; i--) {
        const j = random.int(i + 1);
        const tmp = out[i];
        out[i] = out[j];
        out[j] = tmp;
      }
      return out;
    },
    bernoulli(p) {
      return next() < p;
    },
    binomial(n, p) {
      if (n < 64) {
        let k = 0;
        for (let i = 0; i < n; i++) if (next() < p) k++;
        return k;
      }
      // Inversion from the mode outward would be faster; sequential inversion from 0 is exact and
      // fast enough for the pilot sizes simulated here (n up to a few thousand).
      if (p <= 0) return 0;
      if (p >= 1) return n;
      const q = 1 - p;
      const u = next();
      let pk = Math.exp(n * Math.log(q));
      if (pk === 0) {
        let k = 0;
        for (let i = 0; i < n; i++) if (next() < p) k++;
        return k;
      }
      let cdf = pk;
      let k = 0;
      while (u >= cdf && k < n) {
        pk *= ((n - k) / (k + 1)) * (p / q);
        k++;
        cdf += pk;
      }
      return k;
    },
    exponential(rate) {
      return -Math.log(1 - next()) / rate;
    },
  };
  return random;
}

/** FNV-1a, so string seeds ("pilot-42") work as well as numbers. */
function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
