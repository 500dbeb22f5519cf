/**
 * Per-key token buckets for the dialer API. A key may burst up to `burst` requests, then is refilled at
 * `perSecond`; a refused request learns how many whole seconds to wait (the `Retry-After` header).
 * Pure: the caller passes the clock in milliseconds.
 */
export interface RateLimitPolicy {
  perSecond: number;
  burst: number;
}

export type RateDecision = { allowed: true; remaining: number } | { allowed: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  at: number;
}

export interface RateLimiter {
  take(key: string, nowMs: number, cost?: number): RateDecision;
}

/** Buckets idle long enough to be full again are dropped, so memory stays bounded by active keys. */
export function createRateLimiter(policy: RateLimitPolicy): RateLimiter {
  if (!(policy.perSecond > 0) || !(policy.burst >= 1)) {
    throw new RangeError("A rate limit needs a positive rate and a burst of at least 1.");
  }
  const buckets = new Map<string, Bucket>();
  const fullAfterMs = (policy.burst / policy.perSecond) * 1000;
  let lastSweep = 0;

  function sweep(nowMs: number): void {
    if (nowMs - lastSweep < fullAfterMs) return;
    lastSweep = nowMs;
    for (const [key, bucket] of buckets) if (nowMs - bucket.at >= fullAfterMs) buckets.delete(key);
  }

  return {
    take(key, nowMs, cost = 1) {
      sweep(nowMs);
      const bucket = buckets.get(key) ?? { tokens: policy.burst, at: nowMs };
      const elapsed = Math.max(0, nowMs - bucket.at) / 1000;
      bucket.tokens = Math.min(policy.burst, bucket.tokens + elapsed * policy.perSecond);
      bucket.at = nowMs;
      buckets.set(key, bucket);
      if (bucket.tokens >= cost) {
        bucket.tokens -= cost;
        return { allowed: true, remaining: Math.floor(bucket.tokens) };
      }
      const missing = cost - bucket.tokens;
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(missing / policy.perSecond)) };
    },
  };
}
