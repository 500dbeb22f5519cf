import { nodeOutputs } from "~/domain/node-outputs";
import { richTextFromPlain } from "~/domain/rich-text";
import {
  CURRENT_SCRIPT_SCHEMA_VERSION,
  type ConditionRule,
  type Edge,
  type Objection,
  type ObjectionFollowUp,
  type Option,
  type Outcome,
  type QuestionNode,
  type Script,
  type ScriptKind,
  type ScriptNode,
  type ScriptSettings,
  type Variable,
} from "~/domain/script-types";

/**
 * A small builder so a template reads like the call it describes: each step names what the agent says and
 * where each answer leads. Texts are plain strings with `{{key}}` merge fields; blank lines split paragraphs.
 *
 * ```ts
 * const s = new ScriptBuilder({ id, kind: "call-script", title, language: "en", now });
 * s.start({ next: "opening" });
 * s.yesNo("opening", { text: "Hello {{firstName}}, ... Is now a good time?", yes: "pitch", no: "callback" });
 * ```
 *
 * `build()` draws one edge per output, lays the graph out top-down and throws when a step points at a
 * step that does not exist or leaves an answer without a destination, so a broken template fails its
 * test rather than reaching a writer.
 */
export class ScriptBuilder {
  private readonly meta: ScriptMeta;
  private readonly variables: Variable[] = [];
  private readonly nodes: ScriptNode[] = [];
  /** Per node id: output handle -> target node id, in the order the outputs were declared. */
  private readonly links = new Map<string, Map<string, string>>();
  private readonly objections: Objection[] = [];

  constructor(meta: ScriptMeta) {
    this.meta = meta;
  }

  /** Declares a merge field. Required unless said otherwise. */
  variable(key: string, label: string, type: Variable["type"], opts: VariableOptions = {}): this {
    this.variables.push({
      key,
      label,
      type,
      required: opts.required ?? true,
      ...(opts.sample !== undefined ? { sample: opts.sample } : {}),
      ...(opts.fallback !== undefined ? { fallback: opts.fallback } : {}),
    });
    return this;
  }

  start(opts: { next: string; note?: string }): this {
    return this.add({ id: "start", kind: "start", position: ORIGIN, ...noteOf(opts) }, { next: opts.next });
  }

  say(id: string, opts: TextStep & { next: string }): this {
    return this.add(
      { id, kind: "say", position: ORIGIN, ...common(opts), text: rich(opts.text) },
      { next: opts.next },
    );
  }

  checkpoint(id: string, name: string, opts: { next: string; note?: string }): this {
    return this.add({ id, kind: "checkpoint", position: ORIGIN, name, ...noteOf(opts) }, { next: opts.next });
  }

  callback(id: string, opts: TextStep & { next: string }): this {
    return this.add(
      { id, kind: "callback", position: ORIGIN, ...common(opts), text: rich(opts.text) },
      { next: opts.next },
    );
  }

  referral(id: string, opts: TextStep & { next: string }): this {
    return this.add(
      { id, kind: "referral", position: ORIGIN, ...common(opts), text: rich(opts.text) },
      { next: opts.next },
    );
  }

  /** A yes/no question: `yes` and `no` name where each answer leads. */
  yesNo(id: string, opts: QuestionStep & { yes: string; no: string }): this {
    return this.question(id, "yes-no", [], opts, { yes: opts.yes, no: opts.no });
  }

  /** A single-choice question; each option names where it leads. */
  single(id: string, opts: QuestionStep & { options: AnswerOption[] }): this {
    return this.question(id, "single", opts.options, opts, optionLinks(opts.options));
  }

  /** Listed answers plus "other" in the customer's own words. */
  semiOpen(id: string, opts: QuestionStep & { options: AnswerOption[]; other: string }): this {
    return this.question(id, "semi-open", opts.options, opts, {
      ...optionLinks(opts.options),
      other: opts.other,
    });
  }

  /** Several answers may be picked; the call goes on to `next` whatever they are. */
  multiple(id: string, opts: QuestionStep & { options: Omit<AnswerOption, "to">[]; next: string }): this {
    return this.question(id, "multiple", opts.options, opts, { next: opts.next });
  }

  /** A rating scale; the call goes on to `next` whatever the rating. */
  scale(id: string, opts: QuestionStep & { scale: NonNullable<QuestionNode["scale"]>; next: string }): this {
    return this.question(id, "scale", [], opts, { next: opts.next }, opts.scale);
  }

  /** Rules are tried in order; the first that holds is taken, else `else`. */
  condition(id: string, opts: { title?: string; note?: string; rules: RuleStep[]; else: string }): this {
    const rules: ConditionRule[] = opts.rules.map(({ to: _to, ...rule }) => rule);
    const links: Record<string, string> = {};
    for (const rule of opts.rules) links[`rule:${rule.id}`] = rule.to;
    links["else"] = opts.else;
    return this.add({ id, kind: "condition", position: ORIGIN, ...common(opts), rules }, links);
  }

  end(id: string, opts: { outcome: Outcome; text?: string; note?: string }): this {
    return this.add(
      {
        id,
        kind: "end",
        position: ORIGIN,
        ...noteOf(opts),
        ...(opts.text !== undefined ? { text: rich(opts.text) } : {}),
        outcome: opts.outcome,
      },
      {},
    );
  }

  /** A prepared answer the agent can raise at any step. */
  objection(
    id: string,
    opts: { label: string; shortcut?: string; reply: string; then: ObjectionFollowUp },
  ): this {
    this.objections.push({
      id,
      label: opts.label,
      ...(opts.shortcut !== undefined ? { shortcut: opts.shortcut } : {}),
      reply: rich(opts.reply),
      then: opts.then,
    });
    return this;
  }

  /** Several prepared answers at once, e.g. a set shared by templates. */
  addObjections(list: readonly ObjectionSpec[]): this {
    for (const { id, ...opts } of list) this.objection(id, opts);
    return this;
  }

  build(): Script {
    const byId = new Map<string, ScriptNode>();
    for (const node of this.nodes) {
      if (byId.has(node.id)) throw new Error(`Template ${this.meta.id}: two steps are called “${node.id}”.`);
      byId.set(node.id, node);
    }
    const edges: Edge[] = [];
    for (const node of this.nodes) {
      const links = this.links.get(node.id) ?? new Map<string, string>();
      const outputs = nodeOutputs(node);
      for (const handle of outputs) {
        const target = links.get(handle);
        if (target === undefined) {
          throw new Error(`Template ${this.meta.id}: step “${node.id}” has no destination for “${handle}”.`);
        }
        if (!byId.has(target)) {
          throw new Error(
            `Template ${this.meta.id}: step “${node.id}” (${handle}) leads to unknown “${target}”.`,
          );
        }
        edges.push({ id: edgeId(node.id, handle), source: node.id, sourceHandle: handle, target });
      }
      for (const handle of links.keys()) {
        if (!outputs.includes(handle)) {
          throw new Error(`Template ${this.meta.id}: step “${node.id}” has no output “${handle}”.`);
        }
      }
    }
    for (const objection of this.objections) {
      if (objection.then.action === "goto" && !byId.has(objection.then.target)) {
        throw new Error(`Template ${this.meta.id}: objection “${objection.id}” leads to unknown step.`);
      }
    }

    const positions = layOut(this.nodes, edges);
    const { id, kind, title, description, language, tags, settings, now } = this.meta;
    return {
      schemaVersion: CURRENT_SCRIPT_SCHEMA_VERSION,
      id,
      kind,
      title,
      ...(description !== undefined ? { description } : {}),
      language,
      tags: tags ?? [],
      revision: 0,
      createdAt: now,
      updatedAt: now,
      ...(settings !== undefined ? { settings } : {}),
      variables: this.variables.map((v) => ({ ...v })),
      nodes: this.nodes.map((n) => ({ ...structuredClone(n), position: positions.get(n.id) ?? ORIGIN })),
      edges,
      objections: structuredClone(this.objections),
    };
  }

  private question(
    id: string,
    questionType: QuestionNode["questionType"],
    options: Omit<AnswerOption, "to">[],
    opts: QuestionStep,
    links: Record<string, string>,
    scale?: QuestionNode["scale"],
  ): this {
    const node: QuestionNode = {
      id,
      kind: "question",
      position: ORIGIN,
      ...common(opts),
      text: rich(opts.text),
      questionType,
      options: options.map(({ id: optionId, label, code, pinned }) => ({
        id: optionId,
        label,
        ...(code !== undefined ? { code } : {}),
        ...(pinned !== undefined ? { pinned } : {}),
      })),
      ...(scale ? { scale } : {}),
      ...(opts.answerField !== undefined ? { answerField: opts.answerField } : {}),
      ...(opts.dontKnow !== undefined ? { allowDontKnow: true } : {}),
      ...(opts.refused !== undefined ? { allowRefused: true } : {}),
      ...(opts.readOut !== undefined ? { readOut: opts.readOut } : {}),
    };
    const all = { ...links };
    if (opts.dontKnow !== undefined) all["dont-know"] = opts.dontKnow;
    if (opts.refused !== undefined) all["refused"] = opts.refused;
    return this.add(node, all);
  }

  private add(node: ScriptNode, links: Record<string, string>): this {
    this.nodes.push(node);
    this.links.set(node.id, new Map(Object.entries(links)));
    return this;
  }
}

export interface ScriptMeta {
  id: string;
  kind: ScriptKind;
  title: string;
  description?: string;
  language: string;
  tags?: string[];
  settings?: ScriptSettings;
  now: string;
}

export interface VariableOptions {
  required?: boolean;
  sample?: string;
  fallback?: string;
}

interface TextStep {
  text: string;
  title?: string;
  note?: string;
}

interface QuestionStep extends TextStep {
  answerField?: string;
  /** Where "don't know" leads; giving it offers the answer. */
  dontKnow?: string;
  /** Where "refused" leads; giving it offers the answer. */
  refused?: string;
  readOut?: QuestionNode["readOut"];
}

export interface AnswerOption extends Option {
  /** The step this answer leads to. */
  to: string;
}

export type RuleStep = ConditionRule & { to: string };

/** Objection follow-ups, named as a writer says them. */
export const backToTheStep: ObjectionFollowUp = { action: "return" };
export const goTo = (target: string): ObjectionFollowUp => ({ action: "goto", target });
export const endTheCall = (outcome: Outcome): ObjectionFollowUp => ({ action: "end", outcome });

/** Vertical distance between ranks and horizontal distance between neighbours, in canvas pixels. */
export const RANK_GAP = 250;
export const SIBLING_GAP = 320;

const ORIGIN = { x: 0, y: 0 };

function rich(text: string) {
  return richTextFromPlain(text);
}

function noteOf(opts: { note?: string }) {
  return opts.note !== undefined ? { note: opts.note } : {};
}

function common(opts: { title?: string; note?: string }) {
  return { ...noteOf(opts), ...(opts.title !== undefined ? { title: opts.title } : {}) };
}

function optionLinks(options: AnswerOption[]): Record<string, string> {
  const links: Record<string, string> = {};
  for (const option of options) links[`option:${option.id}`] = option.to;
  return links;
}

function edgeId(source: string, handle: string): string {
  return `e-${source}-${handle.replace(":", "-")}`.slice(0, 64);
}

/**
 * A layered top-down layout, enough for templates: a step sits one rank below the lowest step that leads
 * to it (longest path from the start, ignoring loops), and each step is placed under the output it hangs
 * from, pushed sideways only as far as needed to keep neighbours apart. Deterministic for a given script.
 */
function layOut(nodes: ScriptNode[], edges: Edge[]): Map<string, { x: number; y: number }> {
  const order = new Map(nodes.map((n, i) => [n.id, i]));
  const outgoing = new Map<string, Edge[]>();
  for (const edge of edges) outgoing.set(edge.source, [...(outgoing.get(edge.source) ?? []), edge]);

  // Drop edges that close a loop, found by a depth-first walk from the start(s).
  const forward: Edge[] = [];
  const state = new Map<string, "open" | "done">();
  const visit = (id: string) => {
    state.set(id, "open");
    for (const edge of outgoing.get(id) ?? []) {
      const s = state.get(edge.target);
      if (s === "open") continue;
      forward.push(edge);
      if (s === undefined) visit(edge.target);
    }
    state.set(id, "done");
  };
  for (const node of nodes) if (node.kind === "start") visit(node.id);
  for (const node of nodes) if (!state.has(node.id)) visit(node.id);

  // Longest-path ranks over the loop-free edges (Kahn's algorithm in document order).
  const indegree = new Map(nodes.map((n) => [n.id, 0]));
  for (const edge of forward) indegree.set(edge.target, (indegree.get(edge.target) ?? 0) + 1);
  const rank = new Map(nodes.map((n) => [n.id, 0]));
  const queue = nodes.filter((n) => indegree.get(n.id) === 0).map((n) => n.id);
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i];
    for (const edge of forward.filter((e) => e.source === id)) {
      rank.set(edge.target, Math.max(rank.get(edge.target) ?? 0, (rank.get(id) ?? 0) + 1));
      const left = (indegree.get(edge.target) ?? 0) - 1;
      indegree.set(edge.target, left);
      if (left === 0) queue.push(edge.target);
    }
  }

  const byRank = new Map<number, string[]>();
  for (const node of nodes) {
    const r = rank.get(node.id) ?? 0;
    byRank.set(r, [...(byRank.get(r) ?? []), node.id]);
  }

  const x = new Map<string, number>();
  for (const r of [...byRank.keys()].sort((a, b) => a - b)) {
    const ids = byRank.get(r) ?? [];
    const wanted = new Map<string, number>();
    for (const id of ids) {
      const anchors = forward
        .filter((e) => e.target === id && x.has(e.source))
        .map((e) => {
          const siblings = outgoing.get(e.source)?.filter((o) => forward.includes(o)) ?? [];
          const targets = [...new Set(siblings.map((o) => o.target))];
          const slot = targets.indexOf(id) - (targets.length - 1) / 2;
          return (x.get(e.source) ?? 0) + slot * SIBLING_GAP;
        });
      wanted.set(id, anchors.length ? anchors.reduce((a, b) => a + b, 0) / anchors.length : 0);
    }
    const sorted = [...ids].sort(
      (a, b) => (wanted.get(a) ?? 0) - (wanted.get(b) ?? 0) || (order.get(a) ?? 0) - (order.get(b) ?? 0),
    );
    const placed: number[] = [];
    for (const [i, id] of sorted.entries()) {
      const want = wanted.get(id) ?? 0;
      placed.push(i === 0 ? want : Math.max(want, placed[i - 1] + SIBLING_GAP));
    }
    // Pushing only rightwards drifts the rank; shift it back so it stays centred on what it wanted.
    const drift =
      placed.reduce((a, b) => a + b, 0) / placed.length -
      sorted.reduce((a, id) => a + (wanted.get(id) ?? 0), 0) / sorted.length;
    sorted.forEach((id, i) => x.set(id, Math.round(placed[i] - drift)));
  }

  return new Map(nodes.map((n) => [n.id, { x: x.get(n.id) ?? 0, y: (rank.get(n.id) ?? 0) * RANK_GAP }]));
}

/** Every template checks its opening the same way: all three opener checks, within the first 30 s. */
export const ALL_OPENER_CHECKS = {
  enabled: true,
  withinSeconds: 30,
  identifyAgent: true,
  statePurpose: true,
  offerDecline: true,
} as const;

export interface ObjectionSpec {
  id: string;
  label: string;
  shortcut?: string;
  reply: string;
  then: ObjectionFollowUp;
}

/** The privacy and refusal answers every English business-to-business call script offers. */
export const ENGLISH_B2B_REFUSALS: readonly ObjectionSpec[] = [
  {
    id: "who-gave-number",
    label: "Who gave you my number?",
    shortcut: "w",
    reply:
      "Your business number comes from {{dataSource}}. If you'd rather not be called, I'll remove it from our list right away.",
    then: backToTheStep,
  },
  {
    id: "not-interested",
    label: "Not interested",
    shortcut: "n",
    reply: "I understand. Thank you for your time, {{firstName}}. Have a good day.",
    then: endTheCall({ label: "Not interested", code: "REFUSED", success: false, disposition: "2.11" }),
  },
  {
    id: "do-not-call",
    label: "Don't call me again",
    shortcut: "d",
    reply:
      "Of course. I'm removing your number from our list now, and you won't hear from us again. Goodbye.",
    then: endTheCall({ label: "Do not call", code: "DNC", success: false, disposition: "2.11" }),
  },
];
