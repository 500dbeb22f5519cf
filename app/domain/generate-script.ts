import { DomainError } from "./domain-error";
import { nodeOutputs } from "./node-outputs";
import { mergeFieldKeys, richTextFromPlain } from "./rich-text";
import type {
  ConditionRule,
  Edge,
  EndNode,
  Objection,
  Outcome,
  Position,
  QuestionNode,
  RichText,
  Script,
  ScriptNode,
  Variable,
} from "./script-types";

export interface GenerateScriptOptions {
  /** Exact number of nodes, start and ends included (2 to 20,000). */
  nodes: number;
  seed: number;
  /** ISO date-time written to createdAt and updatedAt. */
  now: string;
}

const MIN_NODES = 2;
const MAX_NODES = 20_000;
/** How many branches are kept open at once before the generator starts joining and ending them. */
const TARGET_WIDTH = 6;

/**
 * A realistic, valid branching script of exactly `nodes` steps, the same for the same options: an opening,
 * then a random mix of statements, closed questions, conditions, checkpoints, callbacks, referrals and ends.
 * Every output has exactly one connection and every connection points forward, so every step is reachable
 * from the start and every path reaches an end. For benchmarks, demos and tests at scale.
 */
export function generateScript({ nodes: total, seed, now }: GenerateScriptOptions): Script {
  if (!Number.isInteger(total) || total < MIN_NODES || total > MAX_NODES) {
    throw new DomainError(
      "invalid",
      `A generated script has between ${MIN_NODES} and ${MAX_NODES} steps; got ${total}.`,
    );
  }
  const g = new Generator(mulberry32(seed));
  g.build(total);
  const objections = g.objections();
  return {
    schemaVersion: 1,
    id: `generated-${seed >>> 0}-${total}`,
    kind: g.chance(0.5) ? "survey" : "call-script",
    title: `Generated script: ${total} steps (seed ${seed >>> 0})`,
    description: "Generated for benchmarks and demos: an event invitation with qualification questions.",
    language: "en",
    tags: ["generated"],
    revision: 0,
    createdAt: now,
    updatedAt: now,
    settings: { wordsPerMinute: 150, answerSeconds: 5 },
    variables: VARIABLES.filter((v) => g.usedKeys.has(v.key)),
    nodes: g.nodes,
    edges: g.edges,
    objections,
  };
}

/** An output of a placed step that still needs its connection. */
interface OpenOutput {
  source: string;
  handle: string;
  depth: number;
}

class Generator {
  readonly nodes: ScriptNode[] = [];
  readonly edges: Edge[] = [];
  readonly usedKeys = new Set<string>();
  private open: OpenOutput[] = [];
  private readonly questions: QuestionNode[] = [];
  private readonly perDepth: number[] = [];
  private firstCallback: string | undefined;
  private optionCount = 0;
  private ruleCount = 0;

  constructor(private readonly random: () => number) {}

  chance(p: number): boolean {
    return this.random() < p;
  }

  private int(below: number): number {
    return Math.floor(this.random() * below);
  }

  private pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  build(total: number): void {
    this.nodes.push({ id: "start", kind: "start", position: { x: 0, y: 0 } });
    this.perDepth[0] = 1;
    this.open.push({ source: "start", handle: "next", depth: 0 });
    const opening = [OPENING, ...(total > 4 ? [PURPOSE] : [])];
    for (const text of opening) {
      if (this.remaining(total) <= 1) break;
      this.place([this.take()], (id, position) => ({
        id,
        kind: "say",
        position,
        title: text.title,
        text: this.text(text.text),
      }));
    }
    if (this.remaining(total) > 1) {
      this.place([this.take()], (id, position) => ({
        id,
        kind: "checkpoint",
        position,
        name: "Opener delivered",
      }));
    }
    while (this.remaining(total) > 1) this.step(total);
    // The last step closes every branch still open.
    this.placeEnd(this.open.splice(0), this.pick(ENDS.filter((e) => e.success)));
  }

  private remaining(total: number): number {
    return total - this.nodes.length;
  }

  private step(total: number): void {
    const width = this.open.length;
    // Too many open branches: end some of them; otherwise end one now and then, as calls do.
    if (width >= 2 && this.chance(width > TARGET_WIDTH ? 0.45 : 0.08)) {
      const extra = width > TARGET_WIDTH ? this.int(Math.min(3, width - 1)) : 0;
      this.placeEnd(this.takeMany(1 + extra), this.pick(ENDS));
      return;
    }
    // Callbacks and referrals are followed by their own end: two steps that close a branch.
    if (width >= 2 && this.remaining(total) >= 3 && this.chance(0.08)) {
      const isCallback = this.chance(0.65);
      const id = this.place([this.take()], (id, position) =>
        isCallback
          ? {
              id,
              kind: "callback",
              position,
              title: "Arrange a callback",
              text: this.text(this.pick(CALLBACK_TEXTS)),
            }
          : {
              id,
              kind: "referral",
              position,
              title: "Ask for a referral",
              text: this.text(this.pick(REFERRAL_TEXTS)),
            },
      );
      if (isCallback) this.firstCallback ??= id;
      const [open] = this.open.splice(this.open.length - 1, 1);
      this.placeEnd([open], isCallback ? CALLBACK_END : REFERRAL_END);
      return;
    }
    // Branches rejoin when too many are open: several outputs lead to the same next step.
    const joins = width > TARGET_WIDTH ? 1 + this.int(3) : this.chance(0.1) && width >= 2 ? 2 : 1;
    const from = this.takeMany(Math.min(joins, width));
    const roll = this.random();
    if (roll < 0.32) {
      this.place(from, (id, position) => ({ id, kind: "say", position, ...this.pickSay() }));
    } else if (roll < 0.8) {
      this.place(from, (id, position) => this.question(id, position));
    } else if (roll < 0.92) {
      this.place(from, (id, position) => ({ id, kind: "condition", position, ...this.condition() }));
    } else {
      this.place(from, (id, position) => ({
        id,
        kind: "checkpoint",
        position,
        name: this.pick(CHECKPOINTS),
      }));
    }
  }

  /** Adds a step fed by `from`, and opens its outputs. */
  private place(from: OpenOutput[], make: (id: string, position: Position) => ScriptNode): string {
    const id = `n${this.nodes.length}`;
    let depth = 0;
    for (const o of from) depth = Math.max(depth, o.depth + 1);
    const node = make(id, this.position(depth));
    this.nodes.push(node);
    for (const o of from) this.connect(o, id);
    for (const handle of nodeOutputs(node)) this.open.push({ source: id, handle, depth });
    if (node.kind === "question") this.questions.push(node);
    return id;
  }

  private placeEnd(from: OpenOutput[], end: EndTemplate): void {
    this.place(from, (id, position): EndNode => ({
      id,
      kind: "end",
      position,
      outcome: { ...end.outcome },
      ...(end.text ? { text: this.text(end.text) } : {}),
    }));
  }

  private connect(from: OpenOutput, target: string): void {
    this.edges.push({
      id: `e${this.edges.length + 1}`,
      source: from.source,
      sourceHandle: from.handle,
      target,
    });
  }

  private position(depth: number): Position {
    const row = this.perDepth[depth] ?? 0;
    this.perDepth[depth] = row + 1;
    return { x: depth * 320, y: row * 180 };
  }

  /** One of the oldest open outputs, so the script grows as a flow rather than as one long branch. */
  private take(): OpenOutput {
    const [o] = this.open.splice(this.int(Math.min(3, this.open.length)), 1);
    return o;
  }

  private takeMany(count: number): OpenOutput[] {
    const taken: OpenOutput[] = [];
    for (let k = 0; k < count && this.open.length > 0; k++) taken.push(this.take());
    return taken;
  }

  private text(plain: string): RichText {
    const doc = richTextFromPlain(plain);
    for (const key of mergeFieldKeys(doc)) this.usedKeys.add(key);
    return doc;
  }

  private pickSay(): { title?: string; text: RichText } {
    const say = this.pick(SAY_TEXTS);
    return { ...(say.title ? { title: say.title } : {}), text: this.text(say.text) };
  }

  private question(id: string, position: Position): QuestionNode {
    const template = this.pick(QUESTIONS);
    const node: QuestionNode = {
      id,
      kind: "question",
      position,
      title: template.title,
      text: this.text(template.text),
      questionType: template.type,
      options: (template.options ?? []).map((label) => ({ id: `o${++this.optionCount}`, label })),
    };
    if (template.scale) node.scale = { ...template.scale };
    if (template.answerField) node.answerField = template.answerField;
    if (template.type !== "yes-no" && template.type !== "scale") {
      node.readOut = { aloud: true, order: template.type === "multiple" ? "rotate" : "fixed" };
    }
    if (this.chance(0.15)) node.allowDontKnow = true;
    if (this.chance(0.1)) node.allowRefused = true;
    return node;
  }

  private condition(): { title: string; rules: ConditionRule[] } {
    const earlier =
      this.questions.length > 0 && this.chance(0.6) ? this.pick(this.questions.slice(-5)) : undefined;
    if (!earlier) {
      const rules: ConditionRule[] = [
        {
          id: `r${++this.ruleCount}`,
          label: "VIP contact",
          source: "variable",
          key: "vip",
          operator: "equals",
          value: true,
        },
      ];
      this.usedKeys.add("vip");
      if (this.chance(0.5)) {
        rules.push({
          id: `r${++this.ruleCount}`,
          label: "Local contact",
          source: "variable",
          key: "city",
          operator: "equals",
          value: "Budapest",
        });
        this.usedKeys.add("city");
      }
      return { title: "VIP or local?", rules };
    }
    const rule = ((): ConditionRule => {
      const base = { id: `r${++this.ruleCount}`, source: "answer" as const, key: earlier.id };
      switch (earlier.questionType) {
        case "yes-no":
          return { ...base, label: "Answered yes", operator: "equals", value: "yes" };
        case "scale":
          return {
            ...base,
            label: "High score",
            operator: "greater-than",
            value: earlier.scale ? earlier.scale.max - 2 : 3,
          };
        case "multiple":
          return {
            ...base,
            label: `Chose ${earlier.options[0].label}`,
            operator: "contains",
            value: earlier.options[0].id,
          };
        default: {
          const option = this.pick(earlier.options);
          return { ...base, label: `Chose ${option.label}`, operator: "equals", value: option.id };
        }
      }
    })();
    return { title: `Route by “${earlier.title ?? "answer"}”`, rules: [rule] };
  }

  objections(): Objection[] {
    const reply = (plain: string) => this.text(plain);
    return [
      {
        id: "no-time",
        label: "I have no time",
        shortcut: "t",
        reply: reply("I understand, {{firstName}}. It takes two minutes; when would suit you better?"),
        then: this.firstCallback ? { action: "goto", target: this.firstCallback } : { action: "return" },
      },
      {
        id: "send-email",
        label: "Send me an email",
        shortcut: "e",
        reply: reply("Of course. So that I send you what is relevant, may I ask one quick question?"),
        then: { action: "return" },
      },
      {
        id: "who-gave-number",
        label: "Who gave you my number?",
        shortcut: "w",
        reply: reply("Your details come from the attendee list of last year's event at {{company}}."),
        then: { action: "return" },
      },
      {
        id: "not-interested",
        label: "Not interested",
        shortcut: "n",
        reply: reply("Thank you for telling me. Have a good day!"),
        then: { action: "end", outcome: { label: "Refused", success: false, disposition: "2.11" } },
      },
    ];
  }
}

/** mulberry32: a small, fast 32-bit seeded PRNG (Tommy Ettinger), returning floats in [0, 1). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VARIABLES: Variable[] = [
  { key: "firstName", label: "First name", type: "text", required: true, sample: "Anna" },
  { key: "company", label: "Company", type: "text", required: true, sample: "Globex Ltd" },
  { key: "agentName", label: "Agent's name", type: "text", required: true, sample: "Peter" },
  { key: "eventName", label: "Event", type: "text", required: true, sample: "Acme Summit 2025" },
  { key: "eventDate", label: "Event date", type: "date", required: true, sample: "2025-10-14" },
  { key: "city", label: "City", type: "text", required: false, sample: "Budapest", fallback: "your city" },
  { key: "vip", label: "VIP contact", type: "boolean", required: false, sample: "false" },
];

const OPENING = {
  title: "Opening",
  text: "Hello {{firstName}}, this is {{agentName}} from Acme Events. Is this a good moment for two minutes?",
};
const PURPOSE = {
  title: "Purpose",
  text: "I am calling because we are hosting {{eventName}} on {{eventDate}}, and it is free for invited guests.",
};

const SAY_TEXTS: { title?: string; text: string }[] = [
  {
    title: "Pitch",
    text: "The programme covers new products, two customer stories and a hands-on workshop.",
  },
  { text: "Many companies like {{company}} joined us last year and found it worth the day." },
  { text: "Thank you, that is very helpful." },
  { title: "Logistics", text: "The event is in {{city}}, lunch is included and there is free parking." },
  { text: "I will send the details to your email right after this call." },
  { text: "Let me note that down, {{firstName}}." },
  { title: "VIP offer", text: "As one of our key customers you are also invited to the speakers' dinner." },
];

interface QuestionTemplate {
  title: string;
  text: string;
  type: QuestionNode["questionType"];
  options?: string[];
  scale?: { min: number; max: number; minLabel?: string; maxLabel?: string };
  answerField?: string;
}

const QUESTIONS: QuestionTemplate[] = [
  {
    title: "Decision maker",
    text: "Are you responsible for purchasing decisions at {{company}}?",
    type: "yes-no",
  },
  { title: "Invitation received", text: "Have you received our invitation email?", type: "yes-no" },
  { title: "Date suits", text: "Is {{eventDate}} a good date for you?", type: "yes-no" },
  {
    title: "Reserve seat",
    text: "Would you like us to reserve a seat for you?",
    type: "yes-no",
    answerField: "wantsSeat",
  },
  {
    title: "Purchase timing",
    text: "When are you planning your next purchase in this area?",
    type: "single",
    options: ["Within 3 months", "In 3 to 6 months", "In 6 to 12 months", "Later than 12 months"],
    answerField: "leadClass",
  },
  {
    title: "Attendance",
    text: "Do you plan to attend the event?",
    type: "single",
    options: ["Yes", "Maybe", "No"],
  },
  {
    title: "Colleagues",
    text: "How many colleagues would join you?",
    type: "single",
    options: ["Just me", "One colleague", "Two or more"],
  },
  {
    title: "Session",
    text: "Which session interests you most?",
    type: "single",
    options: ["Product demo", "Customer panel", "Workshop", "Networking"],
  },
  {
    title: "Heard from",
    text: "How did you hear about {{eventName}}?",
    type: "semi-open",
    options: ["Email", "A colleague", "Our website"],
  },
  {
    title: "Current supplier",
    text: "Which supplier do you work with today?",
    type: "semi-open",
    options: ["Acme", "Globex", "Initech"],
  },
  {
    title: "Topics",
    text: "Which topics should we cover? Mention all that apply.",
    type: "multiple",
    options: ["Pricing", "Integration", "Support", "Roadmap"],
  },
  {
    title: "Interest",
    text: "On a scale of 1 to 5, how interested are you in the topic?",
    type: "scale",
    scale: { min: 1, max: 5, minLabel: "Not at all", maxLabel: "Very" },
  },
  {
    title: "Recommend",
    text: "How likely are you to recommend our events to a colleague, from 0 to 10?",
    type: "scale",
    scale: { min: 0, max: 10 },
  },
];

const CHECKPOINTS = ["Pitch delivered", "Invitation offered", "Qualification done", "Details confirmed"];

const CALLBACK_TEXTS = [
  "When would be a better time to call you back, {{firstName}}?",
  "I am sorry to catch you at a bad moment. May I call you tomorrow morning or afternoon?",
];

const REFERRAL_TEXTS = [
  "Who at {{company}} would be the right person to talk to about this?",
  "Could you give me the name of the colleague who organises training and events?",
];

interface EndTemplate {
  outcome: Outcome;
  success: boolean;
  text?: string;
}

const end = (
  label: string,
  success: boolean,
  disposition: Outcome["disposition"],
  text?: string,
): EndTemplate => ({
  outcome: { label, success, disposition },
  success,
  ...(text ? { text } : {}),
});

const ENDS: EndTemplate[] = [
  end(
    "Registered",
    true,
    "1.1",
    "Wonderful, {{firstName}}. You will get the confirmation by email. Goodbye!",
  ),
  end("Interested, send material", true, "1.2", "I will send you the programme today. Thank you!"),
  end("Not interested", false, "2.11", "Thank you for your time. Have a good day!"),
  end("Break-off", false, "2.12"),
];
const CALLBACK_END = end("Callback arranged", false, "2.21", "Thank you, I will call you back then.");
const REFERRAL_END = end("Referred to a colleague", false, "4.70", "Thank you, I will contact them.");
