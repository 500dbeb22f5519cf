import { openerChecks } from "~/domain/opener-checks";
import { generateScript } from "~/domain/generate-script";
import { TEMPLATES } from "~/templates";
for (const t of TEMPLATES) console.log(t.id, openerChecks(t.build({ now: "2025-01-01T00:00:00.000Z" })));
const g = generateScript({ nodes: 1000, seed: 1, now: "2025-01-01T00:00:00.000Z" });
console.log("gen", openerChecks(g));
const t0 = performance.now(); for (let i = 0; i < 50; i++) openerChecks(g); console.log(((performance.now() - t0) / 50).toFixed(2), "ms");
