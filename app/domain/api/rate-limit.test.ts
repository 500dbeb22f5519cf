import { describe, expect, it } from "vitest";
import { createRateLimiter } from "./rate-limit";

describe("createRateLimiter", () => {
  it("allows a burst, then refuses with the seconds until one request is possible", () => {
    const limiter = createRateLimiter({ perSecond: 2, burst: 3 });
    expect([0, 0, 0].map(() => limiter.take("k", 1000).allowed)).toEqual([true, true, true]);
    expect(limiter.take("k", 1000)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    // Half a second later one token (2/s) has come back.
    expect(limiter.take("k", 1500).allowed).toBe(true);
    expect(limiter.take("k", 1500).allowed).toBe(false);
  });

  it("keeps keys apart", () => {
    const limiter = createRateLimiter({ perSecond: 1, burst: 1 });
    expect(limiter.take("a", 0).allowed).toBe(true);
    expect(limiter.take("b", 0).allowed).toBe(true);
    expect(limiter.take("a", 0).allowed).toBe(false);
  });

  it("never refills past the burst, however long a key was idle", () => {
    const limiter = createRateLimiter({ perSecond: 10, burst: 2 });
    limiter.take("k", 0);
    expect(limiter.take("k", 3_600_000)).toEqual({ allowed: true, remaining: 1 });
    expect(limiter.take("k", 3_600_000)).toEqual({ allowed: true, remaining: 0 });
    expect(limiter.take("k", 3_600_000).allowed).toBe(false);
  });

  it("says how long a costly request must wait", () => {
    const limiter = createRateLimiter({ perSecond: 1, burst: 10 });
    expect(limiter.take("k", 0, 10).allowed).toBe(true);
    expect(limiter.take("k", 0, 5)).toEqual({ allowed: false, retryAfterSeconds: 5 });
  });

  it("refuses a policy that could never allow a request", () => {
    expect(() => createRateLimiter({ perSecond: 0, burst: 1 })).toThrow(/positive rate/);
  });
});
