import { describe, expect, it } from "vitest";
import {
  describeWait,
  FORGET_AFTER_MS,
  lockDurationMs,
  recordFailure,
  remainingLockMs,
  type ThrottleState,
} from "./login-throttle";

describe("login throttle", () => {
  it("lets four failures through and locks on the fifth for 30 s", () => {
    let state: ThrottleState | undefined;
    for (let i = 0; i < 4; i++) state = recordFailure(state, 1_000);
    expect(remainingLockMs(state, 1_000)).toBe(0);
    state = recordFailure(state, 1_000);
    expect(remainingLockMs(state, 1_000)).toBe(30_000);
    expect(remainingLockMs(state, 31_000)).toBe(0);
  });

  it("doubles the lock with each further failure, capped at 15 minutes", () => {
    expect([5, 6, 7, 8].map(lockDurationMs)).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(lockDurationMs(50)).toBe(15 * 60_000);
  });

  it("forgets failures after a day without one", () => {
    let state: ThrottleState | undefined;
    for (let i = 0; i < 7; i++) state = recordFailure(state, 0);
    const later = recordFailure(state, FORGET_AFTER_MS);
    expect(later.failures).toBe(1);
    expect(remainingLockMs(later, FORGET_AFTER_MS)).toBe(0);
  });

  it("says how long to wait, rounded up", () => {
    expect(describeWait(29_001)).toBe("30 seconds");
    expect(describeWait(1)).toBe("1 second");
    expect(describeWait(61_000)).toBe("2 minutes");
  });
});
