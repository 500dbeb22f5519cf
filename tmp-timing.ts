import { generateScript } from "~/domain/generate-script";
import { timingSummary, enumeratePaths } from "~/domain/speaking-time";
import { TEMPLATES } from "~/templates";
for (const t of TEMPLATES) {
  const s = t.build({ now: "2025-01-01T00:00:00.000Z" });
  const ts = timingSummary(s);
  console.log(t.id, s.kind, ts.pathCount, ts.truncated, "short", ts.shortest?.seconds.toFixed(1), "typ", ts.typical?.seconds.toFixed(1), "long", ts.longest?.seconds.toFixed(1), "open", ts.openingSeconds.toFixed(1), ts.openingNodeIds.join(">"), ts.warnings.map(w=>w.code));
}
for (const seed of [1, 2, 3, 20250301]) {
  const s = generateScript({ nodes: 1000, seed, now: "2025-01-01T00:00:00.000Z" });
  for (let i = 0; i < 10; i++) timingSummary(s);
  const n = 30; const times: number[] = [];
  for (let i = 0; i < n; i++) { const t0 = performance.now(); timingSummary(s); times.push(performance.now() - t0); }
  times.sort((a, b) => a - b);
  const ts = timingSummary(s);
  console.log("seed", seed, "median ms", times[n >> 1].toFixed(2), "max", times[n-1].toFixed(2), ts.pathCount, ts.truncated, ts.shortest?.seconds.toFixed(0), ts.typical?.seconds.toFixed(0), ts.longest?.seconds.toFixed(0), ts.openingSeconds.toFixed(1), ts.warnings.map(w=>w.code));
}
const big = generateScript({ nodes: 1000, seed: 7, now: "2025-01-01T00:00:00.000Z" });
const t0 = performance.now(); const first = timingSummary(big); console.log("cold", (performance.now()-t0).toFixed(2), first.pathCount);
