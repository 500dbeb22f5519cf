import {
  definePlugin,
  escapeHtml,
  exportBaseName,
  PluginError,
  scriptGraph,
  textParagraphs,
  type ConditionRule,
  type QuestionNode,
  type RichText,
  type Script,
  type ScriptGraph,
  type ScriptNode,
} from "../sdk";

/**
 * SurveyJS JSON (survey-core / survey-js-ui): one page per step in an order that respects every branch, each
 * step shown only when the answers so far lead to it (`visibleIf`). Answers of steps that become hidden are
 * cleared, so a changed answer cannot keep a branch it no longer leads to. Merge fields are survey variables.
 */
export default definePlugin({
  manifest: {
    schemaVersion: 1,
    id: "surveyjs",
    name: "SurveyJS JSON",
    description:
      "Closed-question surveys for SurveyJS: pages of radiogroup, checkbox, boolean and rating questions with branching.",
    version: "1.0.0",
    apiVersion: 1,
    target: "agent-desktop",
    mediaType: "application/json",
    fileExtension: "json",
    capabilities: {
      nodeKinds: ["start", "say", "question", "condition", "callback", "referral", "checkpoint", "end"],
    },
  },
  export(version) {
    const survey = toSurvey(version.script, version.draft === true);
    return {
      filename: `${exportBaseName(version)}.survey.json`,
      mediaType: "application/json",
      body: JSON.stringify(survey, null, 2) + "\n",
    };
  },
});

type Json = Record<string, unknown>;

function toSurvey(script: Script, draft: boolean): Json {
  const graph = scriptGraph(script);
  const order = topologicalOrder(script, graph);
  const visible = visibility(script, graph);
  const pages: Json[] = [];
  const endings: Json[] = [];
  for (const node of order) {
    const element = elementFor(node);
    if (element) {
      const when = visible(node.id);
      pages.push({ name: `page-${node.id}`, elements: [when ? { ...element, visibleIf: when } : element] });
    }
    if (node.kind === "end" && node.text)
      endings.push({ expression: visible(node.id) || "true", html: html(node.text) });
  }
  return {
    title: draft ? `${script.title} (DRAFT, not approved)` : script.title,
    ...(script.description ? { description: script.description } : {}),
    clearInvisibleValues: "onHidden",
    showQuestionNumbers: "off",
    pages,
    ...(endings.length > 0 ? { completedHtmlOnCondition: endings } : {}),
  };
}

function elementFor(node: ScriptNode): Json | undefined {
  switch (node.kind) {
    case "say":
      return { type: "html", name: node.id, html: html(node.text) };
    case "question":
      return questionElement(node);
    case "callback":
      return { type: "text", inputType: "datetime-local", name: node.id, title: text(node.text) };
    case "referral":
      return {
        type: "multipletext",
        name: node.id,
        title: text(node.text),
        items: [
          { name: "name", title: "Name" },
          { name: "role", title: "Role" },
          { name: "phone", title: "Phone", inputType: "tel" },
        ],
      };
    default:
      // start, condition, checkpoint and end are structure, not something the respondent sees.
      return undefined;
  }
}

const EXTRA_CHOICES = { "dont-know": "Don't know", refused: "Refused" } as const;

function questionElement(q: QuestionNode): Json {
  const base = { name: q.id, title: text(q.text), isRequired: true };
  const extras = (["dont-know", "refused"] as const)
    .filter((k) => (k === "dont-know" ? q.allowDontKnow : q.allowRefused))
    .map((k) => ({ value: k, text: EXTRA_CHOICES[k] }));
  const options = q.options.map((o) => ({ value: o.id, text: o.label }));
  switch (q.questionType) {
    case "yes-no":
      return extras.length === 0
        ? { ...base, type: "boolean", valueTrue: "yes", valueFalse: "no", labelTrue: "Yes", labelFalse: "No" }
        : {
            ...base,
            type: "radiogroup",
            choices: [{ value: "yes", text: "Yes" }, { value: "no", text: "No" }, ...extras],
          };
    case "single":
      return { ...base, type: "radiogroup", choices: [...options, ...extras] };
    case "semi-open":
      return { ...base, type: "radiogroup", choices: [...options, ...extras], showOtherItem: true };
    case "multiple":
      return { ...base, type: "checkbox", choices: [...options, ...extras] };
    case "scale": {
      const { min, max, minLabel, maxLabel } = q.scale ?? { min: 1, max: 5 };
      if (extras.length > 0) {
        const points = Array.from({ length: max - min + 1 }, (_, i) => ({
          value: min + i,
          text: String(min + i),
        }));
        return { ...base, type: "radiogroup", choices: [...points, ...extras], colCount: 0 };
      }
      return {
        ...base,
        type: "rating",
        rateMin: min,
        rateMax: max,
        ...(minLabel ? { minRateDescription: minLabel } : {}),
        ...(maxLabel ? { maxRateDescription: maxLabel } : {}),
      };
    }
  }
}

/** Survey text: merge fields become {key}, which SurveyJS fills from survey variables. */
function text(doc: RichText | undefined): string {
  return textParagraphs(doc)
    .map((parts) => parts.map((p) => ("field" in p ? `{${p.field}}` : p.text)).join(""))
    .join("\n")
    .trim();
}

function html(doc: RichText | undefined): string {
  return textParagraphs(doc)
    .map(
      (parts) => `<p>${parts.map((p) => ("field" in p ? `{${p.field}}` : escapeHtml(p.text))).join("")}</p>`,
    )
    .join("");
}

/**
 * The reachable steps so that each comes after every step that leads to it (a survey only moves forward),
 * ties broken by reading order. A loop cannot be expressed, so it is refused with the steps named.
 */
function topologicalOrder(script: Script, graph: ScriptGraph): ScriptNode[] {
  const rank = new Map(graph.readingOrder.map((n, i) => [n.id, i]));
  const reachable = graph.readingOrder.filter((n) => graph.reachable.has(n.id));
  const indegree = new Map(reachable.map((n) => [n.id, 0]));
  const edges = script.edges.filter(
    (e) => graph.reachable.has(e.source) && isLive(graph, e.source, e.sourceHandle, e.target),
  );
  for (const e of edges) indegree.set(e.target, (indegree.get(e.target) ?? 0) + 1);
  const ready = reachable.filter((n) => indegree.get(n.id) === 0);
  const order: ScriptNode[] = [];
  while (ready.length > 0) {
    ready.sort((a, b) => (rank.get(a.id) ?? 0) - (rank.get(b.id) ?? 0));
    const node = ready.shift() as ScriptNode;
    order.push(node);
    for (const e of edges) {
      if (e.source !== node.id) continue;
      const left = (indegree.get(e.target) ?? 0) - 1;
      indegree.set(e.target, left);
      if (left === 0) ready.push(graph.node(e.target) as ScriptNode);
    }
  }
  if (order.length < reachable.length) {
    const stuck = reachable.filter((n) => !order.includes(n)).map((n) => n.id);
    throw new PluginError(
      "unsupported-structure",
      `SurveyJS cannot go back to an earlier step; these steps are on a loop: ${stuck.join(", ")}.`,
      stuck,
    );
  }
  return order;
}

/** Only edges that leave from an output the node has (a stale edge from a removed option leads nowhere). */
function isLive(graph: ScriptGraph, source: string, handle: string, target: string): boolean {
  return graph.next(source, handle)?.id === target;
}

/**
 * visibleIf for each step: it is shown when some step leading to it was reached and the answer taken there
 * leads to it. An answered question implies it was shown (hidden answers are cleared), so the expression
 * only recurses through steps without an answer of their own. Returns "" for always.
 */
function visibility(script: Script, graph: ScriptGraph): (id: string) => string {
  const incoming = new Map<string, { source: ScriptNode; handle: string }[]>();
  for (const e of script.edges) {
    const source = graph.node(e.source);
    if (!source || !graph.reachable.has(source.id) || !isLive(graph, e.source, e.sourceHandle, e.target))
      continue;
    incoming.set(e.target, [...(incoming.get(e.target) ?? []), { source, handle: e.sourceHandle }]);
  }
  const memo = new Map<string, string>();
  const visible = (id: string): string => {
    const known = memo.get(id);
    if (known !== undefined) return known;
    const terms = (incoming.get(id) ?? []).map(({ source, handle }) =>
      source.kind === "question"
        ? answerCondition(source, handle)
        : and(visible(source.id), branchCondition(source, handle)),
    );
    const result = terms.some((t) => t === "") ? "" : [...new Set(terms)].map(paren).join(" or ");
    memo.set(id, result);
    return result;
  };
  return visible;
}

function answerCondition(q: QuestionNode, handle: string): string {
  const v = `{${q.id}}`;
  const extras = ["dont-know", "refused"].filter((k) =>
    k === "dont-know" ? q.allowDontKnow : q.allowRefused,
  );
  if (handle === "next") {
    // Multiple choice and scale lead on with any real answer; the extras may branch elsewhere.
    const notExtra = extras.map((k) =>
      q.questionType === "multiple" ? `${v} notcontains '${k}'` : `${v} <> '${k}'`,
    );
    return [`${v} notempty`, ...notExtra].join(" and ");
  }
  if (q.questionType === "multiple") return `${v} contains ${literal(handle)}`;
  if (handle.startsWith("option:")) return `${v} = ${literal(handle.slice("option:".length))}`;
  return `${v} = ${literal(handle)}`;
}

function branchCondition(node: ScriptNode, handle: string): string {
  if (node.kind !== "condition") return "";
  const rules = node.rules.map(ruleExpression);
  if (handle === "else") return rules.length === 0 ? "" : `!(${rules.join(" or ")})`;
  const index = node.rules.findIndex((r) => `rule:${r.id}` === handle);
  const earlier = rules.slice(0, index);
  return and(rules[index], earlier.length > 0 ? `!(${earlier.join(" or ")})` : "");
}

function ruleExpression(rule: ConditionRule): string {
  const v = `{${rule.key}}`;
  const values = Array.isArray(rule.value) ? rule.value : rule.value === undefined ? [] : [rule.value];
  const first = values.length > 0 ? literal(values[0]) : "''";
  switch (rule.operator) {
    case "equals":
      return `${v} = ${first}`;
    case "not-equals":
      return `${v} <> ${first}`;
    case "in":
      return values.length === 0 ? "false" : values.map((x) => `${v} = ${literal(x)}`).join(" or ");
    case "not-in":
      return values.length === 0 ? "true" : `!(${values.map((x) => `${v} = ${literal(x)}`).join(" or ")})`;
    case "contains":
      return `${v} contains ${first}`;
    case "greater-than":
      return `${v} > ${first}`;
    case "less-than":
      return `${v} < ${first}`;
    case "is-empty":
      return `${v} empty`;
    case "is-not-empty":
      return `${v} notempty`;
  }
}

function literal(value: string | number | boolean): string {
  return typeof value === "string" ? `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'` : String(value);
}

function and(a: string, b: string): string {
  return a && b ? `${paren(a)} and ${paren(b)}` : a || b;
}

function paren(expression: string): string {
  return /\s(or|and)\s/.test(expression) ? `(${expression})` : expression;
}
