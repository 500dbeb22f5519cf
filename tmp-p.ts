import { generateScript } from "~/domain/generate-script";
import { timingSummary } from "~/domain/speaking-time";
const s = generateScript({ nodes: 1000, seed: 1, now: "2025-01-01T00:00:00.000Z" });
for (let i = 0; i < 300; i++) timingSummary(s);
