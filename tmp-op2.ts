import { openerChecks } from "~/domain/opener-checks";
import { generateScript } from "~/domain/generate-script";
import { TEMPLATES } from "~/templates";
const g = generateScript({ nodes: 1000, seed: 1, now: "2025-01-01T00:00:00.000Z" });
const small = TEMPLATES[0].build({ now: "2025-01-01T00:00:00.000Z" });
for (let i = 0; i < 200; i++) { openerChecks(g); openerChecks(small); }
let t0 = performance.now(); for (let i = 0; i < 200; i++) openerChecks(g); console.log("gen", ((performance.now() - t0) / 200).toFixed(3), "ms");
t0 = performance.now(); for (let i = 0; i < 200; i++) openerChecks(small); console.log("small", ((performance.now() - t0) / 200).toFixed(3), "ms");
