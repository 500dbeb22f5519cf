import ELK from "elkjs/lib/elk.bundled.js";
import { toElkGraph, positionsFromElk } from "~/domain/auto-layout";
import { TEMPLATES } from "~/templates";
const s = TEMPLATES[0].build({ now: "2025-01-01T00:00:00.000Z" });
const g = toElkGraph(s);
const out = await new ELK().layout(g);
for (const c of out.children!) console.log(c.id, c.x, c.y, c.width, c.height, c.ports!.map(p => `${p.id.split("/")[1]}@${p.x},${p.y}`).join(" "));
