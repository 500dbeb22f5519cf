import {
  definePlugin,
  escapeHtml,
  exportBaseName,
  NODE_KINDS,
  nodeLabel,
  nodeOutputs,
  outputLabel,
  scriptGraph,
  textParagraphs,
  type ExportableVersion,
  type RichText,
  type ScriptNode,
} from "../sdk";
import { RUNNER_SOURCE } from "./runner-source";

/**
 * One self-contained HTML page an agent desktop shows in a browser or iframe: the script run step by step as
 * in run mode, answers on number keys, objections on their letter keys, Backspace to go back, merge fields
 * from the page address (?firstName=Ada). Everything is inline and the page's CSP forbids any network access.
 */
export default definePlugin({
  manifest: {
    schemaVersion: 1,
    id: "agent-desktop-html",
    name: "Agent desktop HTML",
    description:
      "A self-contained page that runs the script step by step with keyboard shortcuts; no network access.",
    version: "1.0.0",
    apiVersion: 1,
    target: "agent-desktop",
    mediaType: "text/html",
    fileExtension: "html",
    capabilities: { nodeKinds: [...NODE_KINDS], objections: true },
  },
  export(version) {
    return {
      filename: `${exportBaseName(version)}.agent.html`,
      mediaType: "text/html",
      body: page(version),
    };
  },
});

const CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'";

const CSS = `
:root { color-scheme: light dark; font-family: system-ui, sans-serif; line-height: 1.45; }
body { margin: 0; padding: 1rem; max-width: 60rem; }
header h1 { font-size: 1.2rem; margin: 0 0 .5rem; }
.draft { background: #b00020; color: #fff; padding: .4rem .6rem; font-weight: bold; }
.layout { display: grid; grid-template-columns: 1fr 16rem; gap: 1.5rem; }
@media (max-width: 40rem) { .layout { grid-template-columns: 1fr; } }
#step-title { font-size: 1.4rem; margin: .5rem 0; }
#step-text { font-size: 1.15rem; }
ol.answers { list-style: none; padding: 0; display: grid; gap: .4rem; }
button { font: inherit; padding: .45rem .7rem; border-radius: .3rem; border: 1px solid currentColor; background: transparent; color: inherit; text-align: left; cursor: pointer; }
button:focus-visible { outline: 3px solid #1a73e8; outline-offset: 2px; }
button[aria-pressed="true"] { background: #1a73e8; color: #fff; }
kbd { font-family: ui-monospace, monospace; border: 1px solid currentColor; border-radius: .2rem; padding: 0 .3rem; }
mark.missing { background: #ffe08a; color: #000; border: 1px dashed #8a6d00; padding: 0 .2rem; }
span.merge { font-weight: 600; }
#objection { border: 2px solid #e37400; padding: .5rem 1rem; margin: 1rem 0; }
#outcome { font-weight: bold; }
aside ol { padding-left: 1.2rem; }
`;

interface PageNode {
  id: string;
  kind: ScriptNode["kind"];
  title: string;
  text: ReturnType<typeof textParagraphs>;
  outputs: { handle: string; target: string | null }[];
  answers: { handle: string; label: string; value: unknown; target: string | null }[];
  multiple?: boolean;
  rules?: unknown[];
  outcome?: string;
}

function page(version: ExportableVersion): string {
  const { script } = version;
  const graph = scriptGraph(script);
  const nodes: PageNode[] = script.nodes.map((node) => {
    const outputs = nodeOutputs(node).map((handle) => ({
      handle,
      target: graph.next(node.id, handle)?.id ?? null,
    }));
    return {
      id: node.id,
      kind: node.kind,
      title: nodeLabel(node),
      text: "text" in node ? paragraphs(node.text) : [],
      outputs,
      answers: answersOf(node, outputs),
      ...(node.kind === "question" && node.questionType === "multiple" ? { multiple: true } : {}),
      ...(node.kind === "condition" ? { rules: node.rules } : {}),
      ...(node.kind === "end" ? { outcome: node.outcome.label } : {}),
    };
  });
  const data = {
    start: graph.start?.id ?? null,
    nodes,
    variables: script.variables.map((v) => ({ key: v.key, label: v.label })),
    objections: script.objections.map((o) => ({
      id: o.id,
      label: o.label,
      shortcut: o.shortcut ?? "",
      reply: paragraphs(o.reply),
      then: o.then,
    })),
  };
  const title = escapeHtml(script.title);
  return `<!doctype html>
<html lang="${escapeHtml(script.language)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="ScriptPilot agent-desktop-html 1.0.0">
<title>${title}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>${title} <small>(version ${version.number})</small></h1>
${version.draft ? `<p class="draft" role="alert">DRAFT: not approved for calls.</p>` : ""}
</header>
<div class="layout">
<main>
<section aria-labelledby="step-title" aria-live="polite">
<h2 id="step-title">Loading…</h2>
<div id="step-text"></div>
<p id="outcome"></p>
<ol class="answers" id="answers" aria-label="Answers"></ol>
</section>
<section id="objection" hidden aria-labelledby="objection-title">
<h2 id="objection-title"></h2>
<div id="objection-text"></div>
<p id="objection-actions"></p>
</section>
<p><button type="button" id="back" aria-keyshortcuts="Backspace"><kbd>⌫</kbd> Back</button></p>
</main>
<aside>
<h2>Objections</h2>
<ol class="answers" id="objections" aria-label="Objections"></ol>
<h2>Steps so far</h2>
<ol id="path" aria-label="Steps so far"></ol>
<p><small>Keys: 1–9 answer, letters raise an objection, Backspace goes back, N starts a new call.</small></p>
</aside>
</div>
<noscript><p>This page needs JavaScript to run the script step by step.</p></noscript>
<script type="application/json" id="scriptpilot-data">${jsonForScript(data)}</script>
<script>${RUNNER_SOURCE}</script>
</body>
</html>
`;
}

function paragraphs(doc: RichText | undefined) {
  return textParagraphs(doc);
}

function answersOf(
  node: ScriptNode,
  outputs: { handle: string; target: string | null }[],
): PageNode["answers"] {
  if (node.kind === "condition" || node.kind === "start" || node.kind === "checkpoint" || node.kind === "end")
    return [];
  if (node.kind !== "question") return outputs.map((o) => ({ ...o, label: "Next", value: null }));
  const target = (handle: string) => outputs.find((o) => o.handle === handle)?.target ?? null;
  const extras = outputs.filter((o) => o.handle === "dont-know" || o.handle === "refused");
  const extra = extras.map((o) => ({ ...o, label: outputLabel(node, o.handle), value: o.handle }));
  if (node.questionType === "multiple") {
    return [
      ...node.options.map((o) => ({ handle: "next", label: o.label, value: o.id, target: target("next") })),
      ...extra,
    ];
  }
  if (node.questionType === "scale") {
    const { min, max, minLabel, maxLabel } = node.scale ?? { min: 1, max: 5 };
    const points = Array.from({ length: Math.max(0, max - min + 1) }, (_, i) => min + i);
    return [
      ...points.map((n) => ({
        handle: "next",
        label:
          n === min && minLabel
            ? `${n} (${minLabel})`
            : n === max && maxLabel
              ? `${n} (${maxLabel})`
              : String(n),
        value: n,
        target: target("next"),
      })),
      ...extra,
    ];
  }
  return outputs.map((o) => ({
    ...o,
    label: outputLabel(node, o.handle),
    value: o.handle.startsWith("option:") ? o.handle.slice(7) : o.handle,
  }));
}

/** JSON that cannot end the <script> element it sits in. */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}
