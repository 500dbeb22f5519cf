import { generateScript } from "~/domain/generate-script";
const g = generateScript({ nodes: 1000, seed: 1, now: "2025-01-01T00:00:00.000Z" });
function t(name: string, f: () => unknown) { for (let i = 0; i < 200; i++) f(); const t0 = performance.now(); for (let i = 0; i < 500; i++) f(); console.log(name, ((performance.now() - t0) / 500).toFixed(3)); }
t("byId", () => { const m = new Map(); for (const n of g.nodes) if (!m.has(n.id)) m.set(n.id, n); return m; });
t("targets", () => { const m = new Map(); for (const e of g.edges) { const k = `${e.source}\u0000${e.sourceHandle}`; if (!m.has(k)) m.set(k, e.target); } return m; });
