import { nodeOutputs } from "./node-outputs";
import type { Script, ScriptNode } from "./script-types";

/**
 * Nodes in the order a person reads the script: breadth-first from the start along each node's outputs
 * in their drawn order, then anything unreachable in document order.
 */
export function readingOrder(script: Script): ScriptNode[] {
  const byId = new Map(script.nodes.map((n) => [n.id, n]));
  const targets = new Map<string, string>();
  for (const e of script.edges) targets.set(`${e.source}\u0000${e.sourceHandle}`, e.target);
  const seen = new Set<string>();
  const order: ScriptNode[] = [];
  const queue: ScriptNode[] = script.nodes.filter((n) => n.kind === "start");
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i];
    if (seen.has(node.id)) continue;
    seen.add(node.id);
    order.push(node);
    for (const handle of nodeOutputs(node)) {
      const next = byId.get(targets.get(`${node.id}\u0000${handle}`) ?? "");
      if (next && !seen.has(next.id)) queue.push(next);
    }
  }
  for (const node of script.nodes) if (!seen.has(node.id)) order.push(node);
  return order;
}
