import { describe, expect, it } from "vitest";
import { createRandom } from "./random";

describe("createRandom", () => {
  it("repeats the same sequence for the same seed and differs for nearby seeds", () => {
    const a = createRandom(1);
    const b = createRandom(1);
    const c = createRandom(2);
    const seqA = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(seqA);
    expect(createRandom("pilot-42").next()).toBe(createRandom("pilot-42").next());
  });

  it("draws uniform floats in [0, 1) and unbiased integers", () => {
    const random = createRandom(99);
    const counts = new Array(6).fill(0);
    let sum = 0;
    let outside = 0;
    for (let i = 0; i < 60_000; i++) {
      const u = random.next();
      if (!(u >= 0 && u < 1)) outside++;
      sum += u;
      counts[random.int(6)]++;
    }
    expect(outside).toBe(0);
    expect(sum / 60_000).toBeCloseTo(0.5, 2);
    // Each face 10,000 expected; 4 standard deviations (≈ 365) is far beyond chance.
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(365);
    expect(() => random.int(0)).toThrow(/positive integer/);
  });

  it("draws standard normals (mean 0, variance 1)", () => {
    const random = createRandom(3);
    let s = 0;
    let s2 = 0;
    const n = 50_000;
    for (let i = 0; i < n; i++) {
      const z = random.normal();
      s += z;
      s2 += z * z;
    }
    expect(Math.abs(s / n)).toBeLessThan(0.02);
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.03);
  });

  it("shuffles a copy, keeping every item", () => {
    const random = createRandom(5);
    const items = [1, 2, 3, 4, 5, 6, 7, 8];
    const shuffled = random.shuffle(items);
    expect(items).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect([...shuffled].sort()).toEqual(items);
    expect(shuffled).not.toEqual(items);
  });

  it("draws binomial counts with the right mean for small and large n", () => {
    const random = createRandom(11);
    for (const [n, p] of [
      [20, 0.3],
      [500, 0.1],
    ]) {
      let s = 0;
      for (let i = 0; i < 4000; i++) s += random.binomial(n, p);
      expect(s / 4000 / (n * p)).toBeCloseTo(1, 1);
    }
  });
});
