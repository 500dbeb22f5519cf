// An example third-party plugin: the script's prompts as a spreadsheet for voice talent or translators, one
// row per step in reading order with what to say and where each answer leads. See plugins/README.md.
import { definePlugin, exportBaseName, nodeOutputs, outputLabel, plainText, scriptGraph } from "../../sdk";

export default definePlugin({
  manifest: {
    schemaVersion: 1,
    id: "csv-prompts",
    name: "Prompts as CSV",
    description: "One row per step: what to say and where each answer leads.",
    version: "0.1.0",
    apiVersion: 1,
    target: "file",
    mediaType: "text/csv",
    fileExtension: "csv",
    capabilities: { nodeKinds: ["start", "say", "question", "end"] },
  },
  configSchema: {
    type: "object",
    additionalProperties: false,
    properties: { separator: { enum: [",", ";", "\t"], default: "," } },
  },
  export(version, ctx) {
    const separator = typeof ctx.config.separator === "string" ? ctx.config.separator : ",";
    const graph = scriptGraph(version.script);
    const step = new Map(graph.readingOrder.map((n, i) => [n.id, i + 1]));
    const status = version.draft ? "DRAFT" : version.status;
    const rows = [["step", "id", "kind", "prompt", "answers", "status"]];
    for (const node of graph.readingOrder) {
      const answers = nodeOutputs(node)
        .map((h) => `${outputLabel(node, h)} -> ${step.get(graph.next(node.id, h)?.id ?? "") ?? "?"}`)
        .join(" | ");
      const prompt = "text" in node ? plainText(node.text) : "";
      rows.push([String(step.get(node.id)), node.id, node.kind, prompt, answers, status]);
    }
    return {
      filename: `${exportBaseName(version)}.prompts.csv`,
      mediaType: "text/csv",
      body: rows.map((r) => r.map((cell) => quote(cell, separator)).join(separator)).join("\r\n") + "\r\n",
    };
  },
});

/** RFC 4180: quote a cell holding the separator, a quote or a line break; double the quotes inside. */
function quote(cell: string, separator: string): string {
  return cell.includes(separator) || /["\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}
