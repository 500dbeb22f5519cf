/**
 * Login throttling as pure arithmetic on epoch milliseconds. After FREE_ATTEMPTS failures in a row a key
 * (a username or a client address) is locked; each further failure doubles the lock, up to MAX_LOCK_MS.
 * A success clears the key; a key with no failure for FORGET_AFTER_MS starts again from zero.
 */
export interface ThrottleState {
  failures: number;
  lastFailureAt: number;
  lockedUntil: number;
}

export const FREE_ATTEMPTS = 5;
export const FIRST_LOCK_MS = 30_000;
export const MAX_LOCK_MS = 15 * 60_000;
export const FORGET_AFTER_MS = 24 * 60 * 60_000;

/** How long the key is locked after `failures` failures in a row: 0 before the limit, then 30 s, 60 s, … */
export function lockDurationMs(failures: number): number {
  if (failures < FREE_ATTEMPTS) return 0;
  return Math.min(MAX_LOCK_MS, FIRST_LOCK_MS * 2 ** (failures - FREE_ATTEMPTS));
}

/** The state as it stands at `now` (old failures forgotten). */
export function currentState(state: ThrottleState | undefined, now: number): ThrottleState | undefined {
  if (!state) return undefined;
  if (now - state.lastFailureAt >= FORGET_AFTER_MS) return undefined;
  return state;
}

export function recordFailure(state: ThrottleState | undefined, now: number): ThrottleState {
  const failures = (currentState(state, now)?.failures ?? 0) + 1;
  return { failures, lastFailureAt: now, lockedUntil: now + lockDurationMs(failures) };
}

/** Milliseconds until the key may try again; 0 when it may try now. */
export function remainingLockMs(state: ThrottleState | undefined, now: number): number {
  const current = currentState(state, now);
  return current ? Math.max(0, current.lockedUntil - now) : 0;
}

/** "30 seconds", "2 minutes": how long to wait, rounded up so a person never retries too early. */
export function describeWait(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  if (seconds < 60) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}
