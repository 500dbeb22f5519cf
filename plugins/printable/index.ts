import {
  definePlugin,
  escapeHtml,
  exportBaseName,
  NODE_KINDS,
  nodeOutputs,
  outputLabel,
  scriptGraph,
  textParagraphs,
  type ConditionRule,
  type ExportableVersion,
  type RichText,
  type ScriptNode,
} from "../sdk";

/**
 * The whole branching script as a document to read, print and train with: every step numbered in reading
 * order, each answer saying which step it goes to, merge fields shown as [placeholders], and the objection
 * handlers as an appendix. Print CSS keeps a step on one page and prints the targets of the step links.
 */
export default definePlugin({
  manifest: {
    schemaVersion: 1,
    id: "printable",
    name: "Printable agent script",
    description:
      "The whole script laid out for reading and training, with “go to step N” references and an objections appendix.",
    version: "1.0.0",
    apiVersion: 1,
    target: "file",
    mediaType: "text/html",
    fileExtension: "html",
    capabilities: { nodeKinds: [...NODE_KINDS], objections: true },
  },
  export(version, ctx) {
    return {
      filename: `${exportBaseName(version)}.print.html`,
      mediaType: "text/html",
      body: page(version, ctx.now),
    };
  },
});

const CSS = `
body { font-family: Georgia, "Times New Roman", serif; max-width: 48rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; }
h1 { margin-bottom: .2rem; }
.meta { color: #555; margin-top: 0; }
.draft { border: 3px solid #b00020; color: #b00020; padding: .5rem; font-weight: bold; text-align: center; }
ol.steps { list-style: none; padding: 0; }
li.step { border-top: 1px solid #999; padding: .6rem 0; break-inside: avoid; page-break-inside: avoid; }
.step h2 { font-size: 1.1rem; margin: 0 0 .3rem; }
.kind { font: .75rem system-ui, sans-serif; text-transform: uppercase; letter-spacing: .05em; color: #555; }
.say { font-size: 1.05rem; }
.field { border-bottom: 1px dotted #000; padding: 0 .2rem; }
.note { font-style: italic; color: #444; }
ul.answers { margin: .3rem 0; }
.unreachable { color: #b00020; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  a { color: inherit; text-decoration: none; }
  section.appendix { break-before: page; page-break-before: always; }
}
`;

function page(version: ExportableVersion, now: string): string {
  const { script } = version;
  const graph = scriptGraph(script);
  const order = graph.readingOrder;
  const number = new Map(order.map((n, i) => [n.id, i + 1]));
  const ref = (id: string | undefined) =>
    id && number.has(id)
      ? `<a href="#step-${number.get(id)}">go to step ${number.get(id)}</a>`
      : "<em>not connected</em>";
  const steps = order.map((node) => step(node, number.get(node.id) ?? 0, graph, ref));
  const objections = script.objections.map(
    (
      o,
    ) => `<li><h3>${escapeHtml(o.label)}${o.shortcut ? ` <small>(key ${escapeHtml(o.shortcut.toUpperCase())})</small>` : ""}</h3>
${rich(o.reply)}
<p>Then: ${
      o.then.action === "return"
        ? "return to the step where the objection was raised."
        : o.then.action === "goto"
          ? `${ref(o.then.target)}.`
          : `end the call: ${escapeHtml(o.then.outcome.label)} (AAPOR ${escapeHtml(o.then.outcome.disposition)}).`
    }</p></li>`,
  );
  const fields = script.variables.map(
    (v) =>
      `<li><strong>[${escapeHtml(v.label)}]</strong> (${escapeHtml(v.key)})${v.fallback ? `: if unknown, say “${escapeHtml(v.fallback)}”` : ""}</li>`,
  );
  const approval = version.draft
    ? `<p class="draft" role="alert">DRAFT: not approved for calls.</p>`
    : `<p class="meta">Version ${version.number}, ${escapeHtml(version.status)}${version.approvedAt ? ` on ${escapeHtml(version.approvedAt.slice(0, 10))}` : ""}. Printed ${escapeHtml(now.slice(0, 10))}.</p>`;
  return `<!doctype html>
<html lang="${escapeHtml(script.language)}">
<head>
<meta charset="utf-8">
<meta name="generator" content="ScriptPilot printable 1.0.0">
<title>${escapeHtml(script.title)}</title>
<style>${CSS}</style>
</head>
<body>
<h1>${escapeHtml(script.title)}</h1>
${approval}
${script.description ? `<p>${escapeHtml(script.description)}</p>` : ""}
${fields.length > 0 ? `<h2>Merge fields</h2>\n<ul>\n${fields.join("\n")}\n</ul>` : ""}
<ol class="steps">
${steps.join("\n")}
</ol>
${objections.length > 0 ? `<section class="appendix">\n<h2>Appendix: objections</h2>\n<p>Any of these can come up at any step.</p>\n<ol>\n${objections.join("\n")}\n</ol>\n</section>` : ""}
</body>
</html>
`;
}

function step(
  node: ScriptNode,
  n: number,
  graph: ReturnType<typeof scriptGraph>,
  ref: (id: string | undefined) => string,
): string {
  const outputs = nodeOutputs(node);
  const next = (handle: string) => ref(graph.next(node.id, handle)?.id);
  const heading = `<h2><span class="kind">${kindName(node)}</span> Step ${n}${"title" in node && node.title ? `: ${escapeHtml(node.title)}` : ""}</h2>`;
  const parts: string[] = [heading];
  if (!graph.reachable.has(node.id)) parts.push(`<p class="unreachable">No path leads to this step.</p>`);
  if ("text" in node && node.text) parts.push(rich(node.text, node.kind === "say" ? "say" : ""));
  switch (node.kind) {
    case "checkpoint":
      parts.push(`<p>Milestone: <strong>${escapeHtml(node.name)}</strong>.</p>`);
      break;
    case "condition":
      parts.push(
        `<ul class="answers">${node.rules.map((r) => `<li>If ${ruleText(r)}: ${next(`rule:${r.id}`)}</li>`).join("")}<li>Otherwise: ${next("else")}</li></ul>`,
      );
      break;
    case "end":
      parts.push(
        `<p>The call ends: <strong>${escapeHtml(node.outcome.label)}</strong> (AAPOR ${escapeHtml(node.outcome.disposition)}).</p>`,
      );
      break;
    case "question": {
      const listed =
        node.questionType === "multiple"
          ? `<p>Choose all that apply: ${node.options.map((o) => escapeHtml(o.label)).join("; ")}.</p>`
          : node.questionType === "scale"
            ? `<p>Scale from ${node.scale?.min ?? 1}${node.scale?.minLabel ? ` (${escapeHtml(node.scale.minLabel)})` : ""} to ${node.scale?.max ?? 5}${node.scale?.maxLabel ? ` (${escapeHtml(node.scale.maxLabel)})` : ""}.</p>`
            : "";
      parts.push(
        listed,
        `<ul class="answers">${outputs.map((h) => `<li>${escapeHtml(answerLabel(node, h))}: ${next(h)}</li>`).join("")}</ul>`,
      );
      break;
    }
    default:
      if (outputs.length > 0) parts.push(`<p>Then ${next("next")}.</p>`);
  }
  if (node.note) parts.push(`<p class="note">Note: ${escapeHtml(node.note)}</p>`);
  return `<li class="step" id="step-${n}">\n${parts.filter(Boolean).join("\n")}\n</li>`;
}

function answerLabel(node: ScriptNode, handle: string): string {
  return handle === "next" ? "Any answer" : outputLabel(node, handle);
}

const KIND_NAMES: Record<ScriptNode["kind"], string> = {
  start: "Start",
  say: "Say",
  question: "Ask",
  condition: "Check",
  callback: "Callback",
  referral: "Referral",
  checkpoint: "Checkpoint",
  end: "End",
};

function kindName(node: ScriptNode): string {
  return KIND_NAMES[node.kind];
}

function rich(doc: RichText | undefined, className = ""): string {
  return textParagraphs(doc)
    .map(
      (parts) =>
        `<p${className ? ` class="${className}"` : ""}>${parts
          .map((p) =>
            "field" in p
              ? `<span class="field">[${escapeHtml(p.field)}]</span>`
              : escapeHtml(p.text).replace(/\n/g, "<br>"),
          )
          .join("")}</p>`,
    )
    .join("\n");
}

const OPERATORS: Record<ConditionRule["operator"], string> = {
  equals: "is",
  "not-equals": "is not",
  in: "is one of",
  "not-in": "is none of",
  contains: "contains",
  "greater-than": "is more than",
  "less-than": "is less than",
  "is-empty": "is empty",
  "is-not-empty": "is given",
};

function ruleText(rule: ConditionRule): string {
  const subject = rule.source === "variable" ? `[${rule.key}]` : `the answer to ${rule.key}`;
  const value =
    rule.value === undefined
      ? ""
      : ` ${Array.isArray(rule.value) ? rule.value.join(", ") : String(rule.value)}`;
  return escapeHtml(
    `${rule.label ? `${rule.label} (` : ""}${subject} ${OPERATORS[rule.operator]}${value}${rule.label ? ")" : ""}`,
  );
}
