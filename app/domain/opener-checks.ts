import { nodeOutputs } from "./node-outputs";
import { richTextToPlain } from "./rich-text";
import type { Edge, Script, ScriptNode } from "./script-types";
import { measureText, secondsFor, speakingRates, type SpeakingRates } from "./speaking-time";

// Opener checks: within the first seconds of a call, a good opening says who is calling, why, and lets
// the customer decline. The phrase tables below are the whole rule set; extend them here.

export type OpenerElement = "identity" | "purpose" | "decline";
export type OpenerWarningCode = "opener-no-identity" | "opener-no-purpose" | "opener-no-decline";

/** Shaped like a graph-check finding so the problems panel lists them together. */
export interface OpenerWarning {
  severity: "warning";
  code: OpenerWarningCode;
  message: string;
  nodeId?: string;
}

/** Language families with their own phrase tables (the primary subtag of the script's language). */
export type LanguageFamily = "en" | "zh" | "hu" | "de" | "fr" | "es";

export interface OpenerSignals {
  /**
   * Merge-field keys that, read in the opening, count as the element (case-insensitive;
   * a trailing `*` matches any key that starts so).
   */
  mergeFields: readonly string[];
  /**
   * Phrases per language, matched case-insensitively as whole words. `*` at an end lets the word go on
   * (Hungarian suffixes: `alkalmas*` matches “alkalmasabb”; `*tól hívom` matches “Acmetól hívom”);
   * ` … ` stands for up to three words in between. Chinese phrases match anywhere in the text.
   */
  phrases: Readonly<Record<LanguageFamily, readonly string[]>>;
}

/** The rule set. Keep every table here, so a new phrase or language is a one-line change. */
export const OPENER_SIGNALS: Readonly<Record<OpenerElement, OpenerSignals>> = {
  identity: {
    mergeFields: [
      "agent*",
      "caller*",
      // Not "company": in contact lists that is the customer's company, not the caller's.
      "ourCompany",
      "organizer",
      "organiser",
      "organization",
      "organisation",
      "brand",
      "sender",
    ],
    phrases: {
      en: [
        "this is",
        "my name is",
        "my name's",
        "i am … from",
        "i'm … from",
        "it's … from",
        "calling from",
        "on behalf of",
        "speaking from",
      ],
      zh: ["我是", "我叫", "我姓", "这里是", "这边是", "我们是", "本人是", "来自"],
      hu: [
        "vagyok",
        "a nevem",
        "nevem",
        "beszél",
        "részéről",
        "nevében",
        "*tól hívom",
        "*től hívom",
        "*tól keresem",
        "*től keresem",
      ],
      de: ["hier ist", "hier spricht", "mein name ist", "ich heiße", "ich bin", "ich rufe von", "im auftrag"],
      fr: ["je suis", "je m'appelle", "mon nom est", "de la part de", "de la société", "je travaille pour"],
      es: [
        "le habla",
        "te habla",
        "soy",
        "me llamo",
        "mi nombre es",
        "de parte de",
        "llamo de",
        "en nombre de",
      ],
    },
  },
  purpose: {
    mergeFields: ["purpose", "callPurpose", "reason", "callReason"],
    phrases: {
      en: [
        "calling to",
        "calling about",
        "calling because",
        "calling regarding",
        "calling with",
        "calling you to",
        "calling you about",
        "calling you because",
        "the reason",
        "purpose of",
        "regarding",
        "with regard to",
        "invite you",
        "invitation",
        "questions about",
        "a few questions",
        "some questions",
        "short questions",
        "quick question",
        "survey*",
        "follow up",
        "following up",
        "remind you",
        "to offer",
        "to let you know",
        "to confirm",
      ],
      zh: [
        "打电话",
        "来电",
        "致电",
        "给您打",
        "邀请",
        "目的",
        "确认",
        "通知",
        "提醒",
        "回访",
        "调查",
        "问卷",
        "了解一下",
        "关于",
        "向您介绍",
      ],
      hu: [
        "azért hívom",
        "azért keresem",
        "kapcsolatban",
        "ügyében",
        "célja",
        "meghív*",
        "kérdés*",
        "felmérés*",
        "kérdőív*",
        "tájékoztat*",
        "emlékeztet*",
        "egyeztet*",
      ],
      de: [
        "rufe sie an",
        "rufe ich an",
        "ich rufe wegen",
        "grund meines anrufs",
        "anlass",
        "es geht um",
        "bezüglich",
        "einladen",
        "einladung",
        "ein paar fragen",
        "kurze fragen",
        "umfrage",
        "befragung",
        "erinnern",
      ],
      fr: [
        "je vous appelle pour",
        "je vous appelle au sujet",
        "je vous contacte pour",
        "au sujet de",
        "concernant",
        "à propos de",
        "la raison de mon appel",
        "l'objet de mon appel",
        "quelques questions",
        "enquête",
        "sondage",
        "vous inviter",
        "invitation",
      ],
      es: [
        "le llamo para",
        "te llamo para",
        "llamo para",
        "le llamo porque",
        "el motivo",
        "con respecto a",
        "en relación con",
        "algunas preguntas",
        "unas preguntas",
        "encuesta",
        "invitarle",
        "invitarte",
        "invitación",
        "recordarle",
      ],
    },
  },
  decline: {
    mergeFields: [],
    phrases: {
      en: [
        "good time",
        "good moment",
        "bad time",
        "bad moment",
        "convenient",
        "have a minute",
        "have a moment",
        "have a few minutes",
        "got a minute",
        "got a moment",
        "spare a minute",
        "spare a moment",
        "can you talk",
        "free to talk",
        "ok to talk",
        "okay to talk",
        "would you mind",
        "do you mind",
        "not interested",
        "say no",
        "call you back",
      ],
      zh: ["方便", "有时间吗", "有空吗", "有没有时间", "打扰", "占用您"],
      hu: [
        "ráér*",
        "alkalmas*",
        "megfelel*",
        "van egy perce",
        "van pár perce",
        "van néhány perce",
        "zavarom",
        "zavarhatom",
        "nem érdekli",
        "mondjon nemet",
      ],
      de: [
        "passt es",
        "haben sie kurz zeit",
        "haben sie einen moment",
        "haben sie eine minute",
        "gerade zeit",
        "gerade günstig",
        "ungünstig",
        "störe ich",
        "kein interesse",
        "nein sagen",
        "zurückrufen",
      ],
      fr: [
        "un bon moment",
        "un moment",
        "une minute",
        "quelques minutes",
        "disponible",
        "je vous dérange",
        "pas intéressé",
        "dire non",
        "vous rappeler",
      ],
      es: [
        "buen momento",
        "un momento",
        "un minuto",
        "unos minutos",
        "le viene bien",
        "puede hablar",
        "puedes hablar",
        "le molesto",
        "no le interesa",
        "decir que no",
        "llamarle más tarde",
      ],
    },
  },
};

const FAMILIES: readonly LanguageFamily[] = ["en", "zh", "hu", "de", "fr", "es"];

const MESSAGES: Record<OpenerElement, (seconds: number) => string> = {
  identity: (s) =>
    `The opening does not say who is calling: within the first ${s} s, name the agent and the company (“This is {{agentName}} from …”).`,
  purpose: (s) =>
    `The opening does not say why you are calling within the first ${s} s (“I'm calling about …”).`,
  decline: (s) =>
    `The opening does not give the customer a way to decline within the first ${s} s (“Is now a good time?”).`,
};

const CODES: Record<OpenerElement, OpenerWarningCode> = {
  identity: "opener-no-identity",
  purpose: "opener-no-purpose",
  decline: "opener-no-decline",
};

const DEFAULT_WITHIN_SECONDS = 30;
/** Routes through the opening checked at most; branching in the first seconds is rare. */
const MAX_ROUTES = 200;

/**
 * Warns when the opening of a call does not identify the caller, state the purpose or offer a way to
 * decline. Driven by `settings.openerChecks` (on by default; `withinSeconds` 30; each element on).
 *
 * The opening is what the customer hears in the first `withinSeconds` of the call: the texts read from the
 * start (say, question, callback, referral, end), cut at the word where the time runs out (speaking rates
 * and answer times as in speaking-time). Every route from the start is checked, and an element is reported
 * when some route lacks it (a VIP branch with its own opener must identify the caller too), once per
 * element, on the first step of such a route. Phrases come from the table of the script's language (all
 * tables for a language without one); merge fields such as {{agentName}} count as well. A script whose
 * opening has no text yet gets no opener warnings: the empty-text check already asks for it.
 */
export function openerChecks(script: Script): OpenerWarning[] {
  const settings = script.settings?.openerChecks;
  if (settings?.enabled === false) return [];
  const wanted: OpenerElement[] = [];
  if (settings?.identifyAgent !== false) wanted.push("identity");
  if (settings?.statePurpose !== false) wanted.push("purpose");
  if (settings?.offerDecline !== false) wanted.push("decline");
  if (wanted.length === 0) return [];
  const within = settings?.withinSeconds ?? DEFAULT_WITHIN_SECONDS;
  const missing = missingInOpening(script, within, wanted);
  return wanted
    .filter((element) => missing.has(element))
    .map((element) => {
      const nodeId = missing.get(element);
      return {
        severity: "warning" as const,
        code: CODES[element],
        message: MESSAGES[element](Math.round(within)),
        ...(nodeId ? { nodeId } : {}),
      };
    });
}

/** Whether `text` (plain, merge fields as `{{key}}`) has a signal of `element`. */
export function hasSignal(text: string, element: OpenerElement, family?: LanguageFamily): boolean {
  const signals = OPENER_SIGNALS[element];
  for (const match of text.matchAll(MERGE_FIELD)) {
    if (signals.mergeFields.some((pattern) => keyMatches(match[1], pattern))) return true;
  }
  return phraseRegExp(element, family).test(normalise(text).toLowerCase());
}

/** The language family of a BCP 47 tag, or undefined when it has no table of its own. */
export function languageFamily(tag: string): LanguageFamily | undefined {
  const primary = tag.split("-")[0].toLowerCase();
  return (FAMILIES as readonly string[]).includes(primary) ? (primary as LanguageFamily) : undefined;
}

const MERGE_FIELD = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g;

function keyMatches(key: string, pattern: string): boolean {
  const k = key.toLowerCase();
  const p = pattern.toLowerCase();
  return p.endsWith("*") ? k.startsWith(p.slice(0, -1)) : k === p;
}

function normalise(text: string): string {
  return text.normalize("NFC").replace(/[’‘`]/g, "'").replace(/\s+/g, " ");
}

const compiled = new Map<string, RegExp>();

function phraseRegExp(element: OpenerElement, family: LanguageFamily | undefined): RegExp {
  const cacheKey = `${element}:${family ?? "*"}`;
  let re = compiled.get(cacheKey);
  if (!re) {
    const tables = OPENER_SIGNALS[element].phrases;
    const phrases = family ? tables[family] : FAMILIES.flatMap((f) => tables[f]);
    re = compilePhrases(phrases);
    compiled.set(cacheKey, re);
  }
  return re;
}

const NOT_BEFORE = "(?<![\\p{L}\\p{N}])";
const NOT_AFTER = "(?![\\p{L}\\p{N}])";
const CJK_ONLY = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\s]+$/u;

/**
 * One regular expression for a table, matched against lower-cased text. Phrases are grouped by the word
 * boundaries they need, so each boundary is tested once per position: with a lookbehind per phrase and
 * the `i` flag, V8 took milliseconds per test.
 */
function compilePhrases(phrases: readonly string[]): RegExp {
  const groups = {
    both: [] as string[],
    before: [] as string[],
    after: [] as string[],
    none: [] as string[],
  };
  for (const raw of phrases) {
    let p = raw.trim().toLowerCase();
    if (CJK_ONLY.test(p)) {
      groups.none.push(escape(p));
      continue;
    }
    const open = p.startsWith("*");
    const close = p.endsWith("*");
    p = p.replace(/^\*|\*$/g, "");
    const body = p
      .split(" … ")
      .map((part) => part.split(/\s+/).map(escape).join("\\s+"))
      .join("\\s+(?:\\S+\\s+){0,3}");
    (open ? (close ? groups.none : groups.after) : close ? groups.before : groups.both).push(body);
  }
  const parts = [
    groups.both.length ? `${NOT_BEFORE}(?:${groups.both.join("|")})${NOT_AFTER}` : "",
    groups.before.length ? `${NOT_BEFORE}(?:${groups.before.join("|")})` : "",
    groups.after.length ? `(?:${groups.after.join("|")})${NOT_AFTER}` : "",
    groups.none.length ? `(?:${groups.none.join("|")})` : "",
  ].filter((part) => part !== "");
  // A pattern that never matches when the table is empty.
  return new RegExp(parts.length ? parts.join("|") : "(?!)", "u");
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// --- The opening's routes ----------------------------------------------------------------------------

/**
 * Walks every route from the start through the first `within` seconds and returns the elements some
 * route lacks, each with the first speaking step of the first such route. Signals are looked for step by
 * step (a phrase split across two steps is not recognised), and a route stops being followed as soon as
 * it has every element, so a good opener ends the walk at its first step.
 */
function missingInOpening(
  script: Script,
  within: number,
  wanted: readonly OpenerElement[],
): Map<OpenerElement, string | undefined> {
  const missing = new Map<OpenerElement, string | undefined>();
  const nodes = script.nodes;
  const start = nodes.find((n) => n.kind === "start");
  if (!start) return missing;
  const byId = new Map<string, ScriptNode>();
  for (const node of nodes) if (!byId.has(node.id)) byId.set(node.id, node);
  const bySource = new Map<string, Edge[]>();
  for (const edge of script.edges) {
    const list = bySource.get(edge.source);
    if (list) list.push(edge);
    else bySource.set(edge.source, [edge]);
  }
  const next = (node: ScriptNode): ScriptNode[] => {
    const out: ScriptNode[] = [];
    const edges = bySource.get(node.id) ?? [];
    for (const handle of nodeOutputs(node)) {
      // The first connection of an output that leads somewhere is the one followed (as in the checks).
      let target: ScriptNode | undefined;
      for (const edge of edges) {
        if (edge.sourceHandle === handle && (target = byId.get(edge.target))) break;
      }
      if (target && !out.includes(target)) out.push(target);
    }
    return out;
  };
  const rates = speakingRates(script);
  const samples = new Map<string, number>();
  for (const v of script.variables) {
    if (v.sample !== undefined && v.sample.trim() !== "") {
      samples.set(v.key, secondsFor(measureText(v.sample), rates));
    }
  }
  const mergeSeconds = (key: string) => samples.get(key) ?? (2 * 60) / rates.wordsPerMinute;
  const family = languageFamily(script.language);
  const all = (1 << wanted.length) - 1;
  const found = (text: string): number => {
    let mask = 0;
    wanted.forEach((element, bit) => {
      if (hasSignal(text, element, family)) mask |= 1 << bit;
    });
    return mask;
  };

  let routes = 0;
  const onRoute = new Set<string>();
  const visit = (node: ScriptNode, left: number, had: number, first: string | undefined): void => {
    if (routes >= MAX_ROUTES || missing.size === wanted.length) return;
    let remaining = left;
    let mask = had;
    let firstNodeId = first;
    const spoken = spokenText(node);
    if (spoken.trim() !== "") {
      const cut = cutAt(spoken, remaining, rates, mergeSeconds);
      mask |= found(cut.text);
      remaining -= cut.seconds;
      firstNodeId ??= node.id;
    }
    if (mask === all) return;
    if (node.kind === "question") remaining -= rates.answerSeconds;
    const following = remaining > 0 ? next(node).filter((n) => !onRoute.has(n.id)) : [];
    if (following.length === 0) {
      routes++;
      // A route with nothing said yet is a script still being written: nothing to judge.
      if (firstNodeId === undefined) return;
      wanted.forEach((element, bit) => {
        if (!(mask & (1 << bit)) && !missing.has(element)) missing.set(element, firstNodeId);
      });
      return;
    }
    onRoute.add(node.id);
    for (const n of following) visit(n, remaining, mask, firstNodeId);
    onRoute.delete(node.id);
  };
  visit(start, within, 0, undefined);
  return missing;
}

function spokenText(node: ScriptNode): string {
  switch (node.kind) {
    case "say":
    case "question":
    case "callback":
    case "referral":
    case "end":
      return richTextToPlain(node.text);
    default:
      return "";
  }
}

const CJK_CHAR = "\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}";
const TOKEN = new RegExp(
  `\\{\\{\\s*([A-Za-z][A-Za-z0-9_]*)\\s*\\}\\}|[${CJK_CHAR}]|[^\\s${CJK_CHAR}{]+|\\{`,
  "gu",
);
const SPOKEN = /[\p{L}\p{N}]/u;
const ONE_CJK = new RegExp(`^[${CJK_CHAR}]$`, "u");

/**
 * The part of `text` said within `budget` seconds (whole words: a word that starts in time is kept), and
 * how long the whole text takes.
 */
function cutAt(
  text: string,
  budget: number,
  rates: SpeakingRates,
  mergeSeconds: (key: string) => number,
): { text: string; seconds: number } {
  const perWord = 60 / rates.wordsPerMinute;
  const perCharacter = 60 / rates.charactersPerMinute;
  let elapsed = 0;
  let end = text.length;
  for (const match of text.matchAll(TOKEN)) {
    if (elapsed >= budget && end === text.length) end = match.index ?? text.length;
    const token = match[0];
    if (match[1] !== undefined) elapsed += mergeSeconds(match[1]);
    else if (token.length <= 2 && ONE_CJK.test(token)) elapsed += perCharacter;
    else if (SPOKEN.test(token)) elapsed += perWord;
  }
  return { text: text.slice(0, end), seconds: elapsed };
}
