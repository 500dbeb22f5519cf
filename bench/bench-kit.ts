// Shared by bench/run.ts and every bench/*.bench.ts: the result shape and a fair way to time things.
import { performance } from "node:perf_hooks";

/** One row of a benchmark's table. `columns` are printed in order; `verdict` against the bench's targets. */
export interface BenchResult {
  case: string;
  columns: Record<string, string | number>;
  verdict?: "PASS" | "FAIL";
  /** Why it failed, or what the target is. */
  note?: string;
}

/** What a bench/*.bench.ts module exports. */
export interface BenchModule {
  title?: string;
  run(): Promise<BenchResult[]>;
}

export interface TimingOptions {
  warmup: number;
  repetitions: number;
}

/**
 * Times several functions over the same repetitions, interleaved (a, b, a, b...) so that drift in the
 * machine's speed (thermal, other processes, GC) affects each equally. Returns the median ms of each.
 */
export function timeInterleaved(
  fns: Record<string, () => unknown>,
  { warmup, repetitions }: TimingOptions,
): Record<string, number> {
  const names = Object.keys(fns);
  const samples: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
  let sink = 0;
  for (let r = 0; r < warmup + repetitions; r++) {
    for (const name of names) {
      const started = performance.now();
      const result = fns[name]();
      const elapsed = performance.now() - started;
      // Keep the result alive so the call cannot be optimised away.
      if (result !== undefined) sink++;
      if (r >= warmup) samples[name].push(elapsed);
    }
  }
  if (sink < 0) console.log(sink);
  return Object.fromEntries(names.map((name) => [name, median(samples[name])]));
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function ms(value: number): string {
  return value < 10 ? value.toFixed(2) : value.toFixed(1);
}
