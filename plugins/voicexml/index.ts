import {
  definePlugin,
  escapeXml,
  exportBaseName,
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
 * VoiceXML 2.1 for IVR platforms and dialers: one <form> per step. Say steps are prompts, questions are
 * fields with inline SRGS grammars for keypad (DTMF) and voice, branches are <goto next="#…">, ends <exit/>
 * with the outcome. Merge fields are document variables (mf_<key>) holding the fallback until the platform
 * sets them; answers are kept in ans_<id> variables for later condition steps. A callback step asks for a date
 * and a time, a referral step for a phone number and a recorded name, all with the builtin grammars (keypad
 * and voice); what they collect is handed back to the platform in <exit namelist>, never logged.
 */
export default definePlugin({
  manifest: {
    schemaVersion: 1,
    id: "voicexml",
    name: "VoiceXML 2.1",
    description: "IVR dialogs: questions with keypad and voice grammars, prompts, branches and outcomes.",
    version: "1.0.0",
    apiVersion: 1,
    target: "dialer",
    mediaType: "application/voicexml+xml",
    fileExtension: "vxml",
    capabilities: {
      nodeKinds: ["start", "say", "question", "condition", "callback", "referral", "checkpoint", "end"],
    },
  },
  export(version, ctx) {
    const { script } = version;
    const graph = scriptGraph(script);
    const names = new Names();
    const lines: string[] = [
      `<?xml version="1.0" encoding="UTF-8"?>`,
      `<vxml version="2.1" xmlns="http://www.w3.org/2001/vxml" xml:lang="${escapeXml(script.language)}">`,
      `  <meta name="generator" content="ScriptPilot voicexml 1.0.0"/>`,
      `  <meta name="scriptpilot-version" content="${escapeXml(`${version.versionId} (${version.draft ? "DRAFT, not approved" : version.status})`)}"/>`,
      `  <meta name="exported-at" content="${escapeXml(ctx.now)}"/>`,
    ];
    for (const v of script.variables)
      lines.push(`  <var name="${names.field(v.key)}" expr="${escapeXml(js(v.fallback ?? ""))}"/>`);
    for (const q of script.nodes)
      if (q.kind === "question") lines.push(`  <var name="${names.answer(q.id)}"/>`);
    const start = graph.start;
    const ordered = start
      ? [start, ...graph.readingOrder.filter((n) => n !== start && graph.reachable.has(n.id))]
      : [];
    const returned = [
      "outcome",
      "disposition",
      ...(ordered.some((n) => n.kind === "callback") ? Object.values(CALLBACK_VARS) : []),
      ...(ordered.some((n) => n.kind === "referral") ? Object.values(REFERRAL_VARS) : []),
    ];
    for (const name of returned) lines.push(`  <var name="${name}"/>`);
    for (const node of ordered) lines.push(...formFor(node, graph, names, script, returned));
    lines.push(`</vxml>`, "");
    return {
      filename: `${exportBaseName(version)}.vxml`,
      mediaType: "application/voicexml+xml",
      body: lines.join("\n"),
    };
  },
});

/** ECMAScript identifiers for merge fields and answers that cannot clash with VoiceXML's own names. */
class Names {
  private readonly taken = new Map<string, string>();
  private grammars = 0;

  /** SRGS rule ids are document-wide XML IDs without "-", ".", ":"; numbered in document order. */
  grammar(): string {
    return `g${++this.grammars}`;
  }

  field(key: string): string {
    return this.name(`mf:${key}`, `mf_${key}`);
  }

  answer(nodeId: string): string {
    return this.name(`ans:${nodeId}`, `ans_${nodeId.replace(/[^A-Za-z0-9_]/g, "_")}`);
  }

  private name(key: string, wanted: string): string {
    const known = this.taken.get(key);
    if (known) return known;
    const used = new Set(this.taken.values());
    let name = wanted;
    for (let i = 2; used.has(name); i++) name = `${wanted}_${i}`;
    this.taken.set(key, name);
    return name;
  }
}

function formId(nodeId: string): string {
  return `n-${nodeId}`;
}

function goto(graph: ScriptGraph, node: ScriptNode, handle: string, indent: string): string {
  const target = graph.next(node.id, handle);
  // An approved script has every output connected; an unconnected one ends the call rather than guessing.
  return target ? `${indent}<goto next="#${formId(target.id)}"/>` : `${indent}<exit/>`;
}

/**
 * Document variables the platform gets back in <exit namelist>. One set per script: the last callback or
 * referral taken on the call is the one that counts. Field names differ from these so that an <assign> in the
 * form does not resolve to the form-scoped field variable instead.
 */
const CALLBACK_VARS = { date: "callback_date", time: "callback_time" };
const REFERRAL_VARS = { phone: "referral_phone", name: "referral_name" };

function formFor(
  node: ScriptNode,
  graph: ScriptGraph,
  names: Names,
  script: Script,
  returned: string[],
): string[] {
  const open = `  <form id="${formId(node.id)}">`;
  switch (node.kind) {
    case "start":
      return [open, "    <block>", goto(graph, node, "next", "      "), "    </block>", "  </form>"];
    case "say":
      return [
        open,
        "    <block>",
        ...prompt(node.text, names, "      "),
        goto(graph, node, "next", "      "),
        "    </block>",
        "  </form>",
      ];
    case "checkpoint":
      return [
        open,
        "    <block>",
        `      <log label="checkpoint">${escapeXml(node.name)}</log>`,
        goto(graph, node, "next", "      "),
        "    </block>",
        "  </form>",
      ];
    case "condition": {
      const branches = node.rules.map((r) => ({
        cond: ruleCondition(r, names, script),
        handle: `rule:${r.id}`,
      }));
      return [
        open,
        "    <block>",
        ...ifChain(branches, "else", graph, node, "      "),
        "    </block>",
        "  </form>",
      ];
    }
    case "end":
      return [
        open,
        "    <block>",
        ...(node.text ? prompt(node.text, names, "      ") : []),
        `      <assign name="outcome" expr="${escapeXml(js(node.outcome.code ?? node.outcome.label))}"/>`,
        `      <assign name="disposition" expr="${escapeXml(js(node.outcome.disposition))}"/>`,
        `      <exit namelist="${returned.join(" ")}"/>`,
        "    </block>",
        "  </form>",
      ];
    case "question":
      return [open, ...questionFields(node, graph, names, script), "  </form>"];
    case "callback":
      return [
        open,
        ...intro(node.text, names),
        ...builtinField(
          "cb_date",
          "date",
          "On which date should we call you back? Say the date, or key it in as year, month and day.",
        ),
        ...builtinField(
          "cb_time",
          "time",
          "And at what time? Say the time, or key it in as hours and minutes.",
        ),
        "    <block>",
        `      <assign name="${CALLBACK_VARS.date}" expr="cb_date"/>`,
        `      <assign name="${CALLBACK_VARS.time}" expr="cb_time"/>`,
        goto(graph, node, "next", "      "),
        "    </block>",
        "  </form>",
      ];
    case "referral":
      return [
        open,
        ...intro(node.text, names),
        ...builtinField("ref_phone", "phone", "What is their phone number? Say it, or key it in."),
        // A name is recorded rather than recognised: no grammar can cover every name.
        `    <record name="ref_name" beep="true" maxtime="10s">`,
        `      <prompt>After the beep, say their name.</prompt>`,
        `      <noinput><reprompt/></noinput>`,
        `    </record>`,
        "    <block>",
        `      <assign name="${REFERRAL_VARS.phone}" expr="ref_phone"/>`,
        `      <assign name="${REFERRAL_VARS.name}" expr="ref_name"/>`,
        goto(graph, node, "next", "      "),
        "    </block>",
        "  </form>",
      ];
    default:
      // definePlugin refuses the kinds the manifest does not declare before export runs.
      return [];
  }
}

/** The step's own words, spoken once before its fields (a reprompt repeats only the field's question). */
function intro(doc: RichText | undefined, names: Names): string[] {
  const said = prompt(doc, names, "      ");
  return said.length === 0 ? [] : ["    <block>", ...said, "    </block>"];
}

/** A field filled through a VoiceXML builtin grammar, which accepts both keypad and voice input. */
function builtinField(name: string, type: "date" | "time" | "phone", ask: string): string[] {
  return [
    `    <field name="${name}" type="${type}">`,
    `      <prompt>${escapeXml(ask)}</prompt>`,
    `      <noinput><reprompt/></noinput>`,
    `      <nomatch><reprompt/></nomatch>`,
    `    </field>`,
  ];
}

interface Choice {
  value: string;
  spoken: string;
  handle: string;
}

function choicesOf(q: QuestionNode): Choice[] {
  const choices: Choice[] =
    q.questionType === "yes-no"
      ? [
          { value: "yes", spoken: "yes", handle: "yes" },
          { value: "no", spoken: "no", handle: "no" },
        ]
      : q.questionType === "scale"
        ? scalePoints(q).map((n) => ({ value: String(n), spoken: String(n), handle: "next" }))
        : q.options.map((o) => ({
            value: o.id,
            spoken: o.label || o.id,
            handle: q.questionType === "multiple" ? "next" : `option:${o.id}`,
          }));
  if (q.questionType === "semi-open") choices.push({ value: "other", spoken: "other", handle: "other" });
  if (q.allowDontKnow) choices.push({ value: "dont-know", spoken: "don't know", handle: "dont-know" });
  if (q.allowRefused) choices.push({ value: "refused", spoken: "refuse", handle: "refused" });
  return choices;
}

function scalePoints(q: QuestionNode): number[] {
  const { min, max } = q.scale ?? { min: 1, max: 5 };
  return Array.from({ length: Math.max(0, max - min + 1) }, (_, i) => min + i);
}

function questionFields(q: QuestionNode, graph: ScriptGraph, names: Names, script: Script): string[] {
  if (q.questionType === "multiple") return multipleFields(q, graph, names);
  const choices = choicesOf(q);
  const keys = keypad(choices.length);
  const menu = choices
    .map((c, i) => (q.questionType === "scale" ? "" : `For ${c.spoken}, press ${keys[i]}. `))
    .join("")
    .trim();
  const scaleHint =
    q.questionType === "scale"
      ? `Say or key in a number from ${scalePoints(q)[0]} to ${scalePoints(q).at(-1)}.`
      : "";
  const branches = choices
    .filter((c) => c.handle !== "next")
    .map((c) => ({ cond: `answer == ${js(c.value)}`, handle: c.handle }));
  const last = q.questionType === "scale" ? "next" : (branches.pop()?.handle ?? "next");
  return [
    `    <field name="answer">`,
    ...prompt(q.text, names, "      ", [menu, scaleHint].filter(Boolean).join(" ")),
    ...grammars(choices, keys, script.language, "      ", names.grammar()),
    `      <noinput><reprompt/></noinput>`,
    `      <nomatch><reprompt/></nomatch>`,
    `      <filled>`,
    `        <assign name="${names.answer(q.id)}" expr="answer"/>`,
    ...ifChain(branches, last, graph, q, "        "),
    `      </filled>`,
    `    </field>`,
  ];
}

/** Multiple choice by voice: one yes/no field per option, then on to the next step. */
function multipleFields(q: QuestionNode, graph: ScriptGraph, names: Names): string[] {
  const yesNo: Choice[] = [
    { value: "yes", spoken: "yes", handle: "" },
    { value: "no", spoken: "no", handle: "" },
  ];
  const store = names.answer(q.id);
  const lines = [
    `    <block>`,
    ...prompt(q.text, names, "      "),
    `      <assign name="${store}" expr="[]"/>`,
    `    </block>`,
  ];
  q.options.forEach((o, i) => {
    lines.push(
      `    <field name="opt${i + 1}">`,
      `      <prompt>${escapeXml(o.label)}? For yes, press 1. For no, press 2.</prompt>`,
      ...grammars(yesNo, ["1", "2"], "", "      ", names.grammar()),
      `      <noinput><reprompt/></noinput>`,
      `      <nomatch><reprompt/></nomatch>`,
      `      <filled>`,
      `        <if cond="opt${i + 1} == 'yes'">`,
      `          <assign name="${store}" expr="${store}.concat([${escapeXml(js(o.id))}])"/>`,
      `        </if>`,
      `      </filled>`,
      `    </field>`,
    );
  });
  lines.push(`    <block>`, goto(graph, q, "next", "      "), `    </block>`);
  return lines;
}

/** Keys 1–9, then 0, then two-digit codes from 10 for long lists. */
function keypad(count: number): string[] {
  return Array.from({ length: count }, (_, i) => (i < 9 ? String(i + 1) : i === 9 ? "0" : String(i + 1)));
}

function grammars(
  choices: Choice[],
  keys: string[],
  language: string,
  indent: string,
  ruleId: string,
): string[] {
  const rule = (mode: string, items: string[]) => [
    `${indent}  <rule id="${ruleId}${mode}" scope="public">`,
    `${indent}    <one-of>`,
    ...items.map((item) => `${indent}      ${item}`),
    `${indent}    </one-of>`,
    `${indent}  </rule>`,
  ];
  const tag = (value: string) => `<tag>out=${escapeXml(js(value))};</tag>`;
  const dtmf = choices.flatMap((c, i) =>
    /^\d+$/.test(keys[i] ?? "") ? [`<item>${keys[i].split("").join(" ")}${tag(c.value)}</item>`] : [],
  );
  const voice = choices.map((c) => `<item>${escapeXml(c.spoken)}${tag(c.value)}</item>`);
  const lang = language ? ` xml:lang="${escapeXml(language)}"` : "";
  return [
    `${indent}<grammar mode="dtmf" version="1.0" root="${ruleId}dtmf" tag-format="semantics/1.0">`,
    ...rule("dtmf", dtmf),
    `${indent}</grammar>`,
    `${indent}<grammar mode="voice" version="1.0" root="${ruleId}voice" tag-format="semantics/1.0"${lang}>`,
    ...rule("voice", voice),
    `${indent}</grammar>`,
  ];
}

function ifChain(
  branches: { cond: string; handle: string }[],
  otherwise: string,
  graph: ScriptGraph,
  node: ScriptNode,
  indent: string,
): string[] {
  if (branches.length === 0) return [goto(graph, node, otherwise, indent)];
  const lines: string[] = [];
  branches.forEach((b, i) => {
    lines.push(`${indent}${i === 0 ? "<if" : "<elseif"} cond="${escapeXml(b.cond)}"${i === 0 ? ">" : "/>"}`);
    lines.push(goto(graph, node, b.handle, `${indent}  `));
  });
  lines.push(`${indent}<else/>`, goto(graph, node, otherwise, `${indent}  `), `${indent}</if>`);
  return lines;
}

function prompt(doc: RichText | undefined, names: Names, indent: string, after = ""): string[] {
  const paragraphs = textParagraphs(doc).map((parts) =>
    parts.map((p) => ("field" in p ? `<value expr="${names.field(p.field)}"/>` : escapeXml(p.text))).join(""),
  );
  const body = [...paragraphs, ...(after ? [escapeXml(after)] : [])].filter((p) => p.trim());
  return body.length === 0 ? [] : [`${indent}<prompt>${body.join(" <break/> ")}</prompt>`];
}

/** A condition rule as an ECMAScript expression over merge-field and answer variables. */
function ruleCondition(rule: ConditionRule, names: Names, script: Script): string {
  const isAnswer = rule.source === "answer" && script.nodes.some((n) => n.id === rule.key);
  const v = isAnswer ? names.answer(rule.key) : names.field(rule.key);
  const values = Array.isArray(rule.value) ? rule.value : rule.value === undefined ? [] : [rule.value];
  const first = values.length > 0 ? js(values[0]) : "''";
  switch (rule.operator) {
    case "equals":
      return `${v} == ${first}`;
    case "not-equals":
      return `${v} != ${first}`;
    case "in":
      return values.length === 0 ? "false" : `(${values.map((x) => `${v} == ${js(x)}`).join(" || ")})`;
    case "not-in":
      return values.length === 0 ? "true" : `!(${values.map((x) => `${v} == ${js(x)}`).join(" || ")})`;
    case "contains":
      return `String(${v}).indexOf(${js(String(values[0] ?? ""))}) >= 0`;
    case "greater-than":
      return `Number(${v}) > ${first}`;
    case "less-than":
      return `Number(${v}) < ${first}`;
    case "is-empty":
      return `(${v} == null || ${v} === '')`;
    case "is-not-empty":
      return `!(${v} == null || ${v} === '')`;
  }
}

/** An ECMAScript literal (strings in single quotes so they sit inside double-quoted XML attributes). */
function js(value: string | number | boolean): string {
  if (typeof value !== "string") return String(value);
  return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'").replace(/\n/g, "\\n")}'`;
}
