import { nodeOutputs } from "./node-outputs";
import { nodeDisplayName } from "./node-summary";
import { richTextToPlain } from "./rich-text";
import type { Objection, RichText, Script, ScriptNode, Variable } from "./script-types";

// How long a call takes to say. Space-separated text is counted in words at `wordsPerMinute`; Chinese,
// Japanese and Korean characters are counted one by one at `charactersPerMinute` (a text mixing both
// counts both). Each question adds `answerSeconds` for the customer's answer. A merge field is read as its
// variable's sample value, or as two words when it has none.

export const DEFAULT_WORDS_PER_MINUTE = 150;
export const DEFAULT_CHARACTERS_PER_MINUTE = 250;
export const DEFAULT_ANSWER_SECONDS = 3;
/** Phone surveys should stay under about three minutes on every path. */
export const SURVEY_MAX_SECONDS = 180;
/** The opening should reach the first question or milestone within 30 seconds. */
export const OPENING_MAX_SECONDS = 30;
/** Words assumed for a merge field whose variable has no sample value. */
const MERGE_FIELD_WORDS = 2;

export interface SpeakingRates {
  wordsPerMinute: number;
  charactersPerMinute: number;
  answerSeconds: number;
}

export function speakingRates(script: Pick<Script, "settings">): SpeakingRates {
  const s = script.settings;
  return {
    wordsPerMinute: s?.wordsPerMinute ?? DEFAULT_WORDS_PER_MINUTE,
    charactersPerMinute: s?.charactersPerMinute ?? DEFAULT_CHARACTERS_PER_MINUTE,
    answerSeconds: s?.answerSeconds ?? DEFAULT_ANSWER_SECONDS,
  };
}

export interface TextMeasure {
  /** Words of space-separated text. */
  words: number;
  /** Chinese, Japanese and Korean characters (Han, Hiragana, Katakana, Hangul). */
  characters: number;
}

const CJK_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const SPOKEN_CHAR = /[\p{L}\p{N}]/u;
const SPACE_CHAR = /\s/u;

/**
 * Counts words and CJK characters in plain text. A word is a run of non-space characters with at least
 * one letter or digit (punctuation alone is not a word); a CJK character also ends a word. One pass over
 * the text with an ASCII fast path: this runs for every step on every edit.
 */
export function measureText(text: string): TextMeasure {
  let words = 0;
  let characters = 0;
  let inWord = false;
  let spoken = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let space: boolean;
    let letter: boolean;
    if (c < 0x80) {
      space = c === 32 || (c >= 9 && c <= 13);
      letter = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
    } else {
      const wide = c >= 0xd800 && c <= 0xdbff && i + 1 < text.length;
      const ch = wide ? text.slice(i, i + 2) : text[i];
      if (wide) i++;
      if (CJK_CHAR.test(ch)) {
        characters++;
        if (inWord && spoken) words++;
        inWord = spoken = false;
        continue;
      }
      space = SPACE_CHAR.test(ch);
      letter = !space && SPOKEN_CHAR.test(ch);
    }
    if (space) {
      if (inWord && spoken) words++;
      inWord = spoken = false;
    } else {
      inWord = true;
      if (letter) spoken = true;
    }
  }
  if (inWord && spoken) words++;
  return { words, characters };
}

export function secondsFor(measure: TextMeasure, rates: SpeakingRates): number {
  return (measure.words * 60) / rates.wordsPerMinute + (measure.characters * 60) / rates.charactersPerMinute;
}

/** A merge field's spoken stand-in: its sample, or two placeholder words. */
function mergeFieldFiller(variables: readonly Variable[]): (key: string) => string {
  const samples = new Map<string, string>();
  for (const v of variables)
    if (v.sample !== undefined && v.sample.trim() !== "") samples.set(v.key, v.sample);
  const placeholder = ` ${Array.from({ length: MERGE_FIELD_WORDS }, () => "x").join(" ")} `;
  return (key) => samples.get(key) ?? placeholder;
}

function measureRich(doc: RichText | undefined, fill: (key: string) => string): TextMeasure {
  return doc ? measureText(richTextToPlain(doc, fill)) : { words: 0, characters: 0 };
}

/** What one step costs in a call: what the agent reads, and the customer's answer to a question. */
export interface NodeTiming extends TextMeasure {
  /** Reading time of the step's text (and of options read aloud). */
  speakingSeconds: number;
  /** `answerSeconds` for a question, else 0. */
  answerSeconds: number;
  /** speakingSeconds + answerSeconds. */
  seconds: number;
}

function timeNode(node: ScriptNode, rates: SpeakingRates, fill: (key: string) => string): NodeTiming {
  // Objects are built field by field with one shape: spreading a measure here made timing 10x slower.
  switch (node.kind) {
    case "say":
    case "callback":
    case "referral":
    case "end": {
      const m = measureRich(node.text, fill);
      const speakingSeconds = secondsFor(m, rates);
      return {
        words: m.words,
        characters: m.characters,
        speakingSeconds,
        answerSeconds: 0,
        seconds: speakingSeconds,
      };
    }
    case "question": {
      const m = measureRich(node.text, fill);
      let words = m.words;
      let characters = m.characters;
      // Options the agent reads out are part of the question as the customer hears it.
      if (node.readOut?.aloud) {
        for (const option of node.options) {
          const o = measureText(option.label);
          words += o.words;
          characters += o.characters;
        }
      }
      const speakingSeconds = secondsFor({ words, characters }, rates);
      return {
        words,
        characters,
        speakingSeconds,
        answerSeconds: rates.answerSeconds,
        seconds: speakingSeconds + rates.answerSeconds,
      };
    }
    default:
      return { words: 0, characters: 0, speakingSeconds: 0, answerSeconds: 0, seconds: 0 };
  }
}

interface CachedTiming {
  variables: readonly Variable[];
  wordsPerMinute: number;
  charactersPerMinute: number;
  answerSeconds: number;
  timing: NodeTiming;
}

/**
 * Timings by frozen step object. The editor's documents are frozen (immer) and keep every step an edit did
 * not touch as the same object, so after a keystroke only the edited step is measured again (measuring every text
 * was most of timingSummary's cost on a large script). An entry holds for the rates and the merge-field
 * list (by identity) it was measured with; anything else measures again.
 */
const timingCache = new WeakMap<ScriptNode, CachedTiming>();

function cachedTiming(
  node: ScriptNode,
  rates: SpeakingRates,
  variables: readonly Variable[],
  fill: () => (key: string) => string,
): NodeTiming {
  const hit = timingCache.get(node);
  if (
    hit &&
    hit.variables === variables &&
    hit.wordsPerMinute === rates.wordsPerMinute &&
    hit.charactersPerMinute === rates.charactersPerMinute &&
    hit.answerSeconds === rates.answerSeconds
  )
    return hit.timing;
  const timing = Object.freeze(timeNode(node, rates, fill()));
  // Only a frozen step cannot change under its cached timing; others are measured every time.
  if (Object.isFrozen(node)) timingCache.set(node, { variables, ...rates, timing });
  return timing;
}

/** The filler for `variables`, built on first use: a run with every step cached never needs it. */
function lazyFiller(variables: readonly Variable[]): () => (key: string) => string {
  let fill: ((key: string) => string) | undefined;
  return () => (fill ??= mergeFieldFiller(variables));
}

/**
 * Words, characters and seconds of one step in `script` (whose settings and merge-field samples apply).
 * The result is shared with later calls for the same step: treat it as read-only.
 */
export function nodeTiming(node: ScriptNode, script: Pick<Script, "settings" | "variables">): NodeTiming {
  return cachedTiming(node, speakingRates(script), script.variables, lazyFiller(script.variables));
}

/** nodeTiming without the cache: what the cached timings must always equal. */
export function uncachedNodeTiming(
  node: ScriptNode,
  script: Pick<Script, "settings" | "variables">,
): NodeTiming {
  return timeNode(node, speakingRates(script), mergeFieldFiller(script.variables));
}

/**
 * Seconds one step takes in a call: reading its text (say, question, callback, referral, end), plus the
 * customer's answer for a question. Starts, conditions and checkpoints take no time. Objection replies are
 * timed separately (objectionSpeakingSeconds): they are not on any path.
 */
export function nodeSpeakingSeconds(
  node: ScriptNode,
  script: Pick<Script, "settings" | "variables">,
): number {
  return nodeTiming(node, script).seconds;
}

export function objectionSpeakingSeconds(
  objection: Objection,
  script: Pick<Script, "settings" | "variables">,
): number {
  return secondsFor(measureRich(objection.reply, mergeFieldFiller(script.variables)), speakingRates(script));
}

// --- Paths ---------------------------------------------------------------------------------------------

export interface ScriptPath {
  nodeIds: string[];
  /** The connection taken out of each node but the last: edgeIds[k] leads from nodeIds[k] to nodeIds[k + 1]. */
  edgeIds: string[];
  seconds: number;
  /** Space-separated words read on the path. */
  words: number;
  /** CJK characters read on the path. */
  characters: number;
  /** The end the path reaches; absent for a path that stops at a dead end. */
  endNodeId?: string;
  outcomeLabel?: string;
}

export interface EnumeratePathsOptions {
  /** Stop after this many paths (default 500). */
  maxPaths?: number;
}

/**
 * The list of paths, with `truncated` set when the bound stopped the enumeration. `truncated` is a
 * non-enumerable property of the array: it is lost by spreading or serialising the list.
 */
export type PathList = ScriptPath[] & { truncated: boolean };

const DEFAULT_MAX_PATHS = 500;
/** Node visits the enumeration may make, whatever maxPaths says: keeps loops and huge graphs bounded. */
const MAX_VISITS = 250_000;
const DEAD_END = -1;

/**
 * The distinct paths from the start to an end, or to a dead end (a step with an output that leads
 * nowhere), in depth-first order following each step's outputs in their drawn order. Answers that lead
 * to the same next step make one path (they take equally long). Each loop is taken at most once: a step
 * appears at most twice on a path. Stops after `maxPaths` paths (or a fixed budget of node visits) and
 * then sets `truncated` on the returned array. Uses the first start when there are several.
 */
export function enumeratePaths(
  script: Script,
  { maxPaths = DEFAULT_MAX_PATHS }: EnumeratePathsOptions = {},
): PathList {
  return enumerate(buildGraph(script), script, maxPaths);
}

function enumerate(g: Graph, script: Script, maxPaths: number): PathList {
  // `truncated` rides on the array, not enumerable: spreads, JSON and equality see a plain list of paths.
  const result = Object.defineProperty([] as ScriptPath[], "truncated", {
    value: false,
    writable: true,
    enumerable: false,
  }) as PathList;
  if (g.start < 0 || maxPaths <= 0) return result;
  const { items, itemEdges, itemStart, nodes } = g;
  const count = new Uint8Array(g.n);
  // Explicit stack: pathNodes[k] is on the path, cursor[k] is the next item of it to try.
  const pathNodes: number[] = [];
  const pathEdges: number[] = [];
  const cursor: number[] = [];
  let visits = 0;

  // Returns false when the path is one too many: then the list is truncated.
  const emit = (end: boolean): boolean => {
    if (result.length >= maxPaths) {
      result.truncated = true;
      return false;
    }
    let seconds = 0;
    let words = 0;
    let characters = 0;
    for (const i of pathNodes) {
      seconds += g.seconds[i];
      words += g.words[i];
      characters += g.characters[i];
    }
    const last = nodes[pathNodes[pathNodes.length - 1]];
    const path: ScriptPath = {
      nodeIds: pathNodes.map((i) => nodes[i].id),
      edgeIds: pathEdges.map((e) => script.edges[e].id),
      seconds,
      words,
      characters,
    };
    if (end && last.kind === "end") {
      path.endNodeId = last.id;
      path.outcomeLabel = last.outcome.label;
    }
    result.push(path);
    return true;
  };

  const enter = (i: number, viaEdge: number) => {
    visits++;
    count[i]++;
    pathNodes.push(i);
    if (viaEdge >= 0) pathEdges.push(viaEdge);
    cursor.push(itemStart[i]);
  };
  const leave = () => {
    const i = pathNodes.pop() as number;
    count[i]--;
    cursor.pop();
    pathEdges.length = Math.max(0, pathNodes.length - 1);
  };

  enter(g.start, -1);
  while (pathNodes.length > 0) {
    if (visits >= MAX_VISITS) {
      result.truncated = true;
      break;
    }
    const top = pathNodes.length - 1;
    const i = pathNodes[top];
    if (g.isEnd[i]) {
      if (!emit(true)) break;
      leave();
      continue;
    }
    const k = cursor[top];
    if (k >= itemStart[i + 1]) {
      leave();
      continue;
    }
    cursor[top] = k + 1;
    const t = items[k];
    if (t === DEAD_END) {
      if (!emit(false)) break;
    } else if (count[t] < 2) enter(t, itemEdges[k]);
  }
  return result;
}

/** The script as compact adjacency lists: per node, its distinct next steps in output order. */
interface Graph {
  n: number;
  nodes: ScriptNode[];
  start: number;
  /** items[itemStart[i] .. itemStart[i + 1]]: next-step indices of node i, or DEAD_END (once). */
  items: Int32Array;
  /** The edge (index into script.edges) taken to items[k]. */
  itemEdges: Int32Array;
  itemStart: Int32Array;
  timing: NodeTiming[];
  /** Per node, in typed arrays: the hot loops read these rather than node objects of many shapes. */
  isEnd: Uint8Array;
  seconds: Float64Array;
  speaking: Float64Array;
  words: Float64Array;
  characters: Float64Array;
}

function buildGraph(script: Script): Graph {
  const nodes = script.nodes;
  const n = nodes.length;
  const indexById = new Map<string, number>();
  for (let i = 0; i < n; i++) if (!indexById.has(nodes[i].id)) indexById.set(nodes[i].id, i);
  // Connections grouped by source (CSR), keeping only those that lead to an existing step. An output uses
  // the first of its connections (as the checks do).
  const edges = script.edges;
  const m = edges.length;
  const src = new Int32Array(m);
  const tgt = new Int32Array(m);
  const outStart = new Int32Array(n + 1);
  for (let e = 0; e < m; e++) {
    const s = indexById.get(edges[e].source);
    const t = indexById.get(edges[e].target);
    src[e] = s === undefined || t === undefined ? -1 : s;
    tgt[e] = t ?? -1;
    if (src[e] >= 0) outStart[src[e] + 1]++;
  }
  for (let i = 0; i < n; i++) outStart[i + 1] += outStart[i];
  const bySource = new Int32Array(outStart[n]);
  {
    const fill = outStart.slice(0, n);
    for (let e = 0; e < m; e++) if (src[e] >= 0) bySource[fill[src[e]]++] = e;
  }
  const rates = speakingRates(script);
  const fill = lazyFiller(script.variables);
  const timing: NodeTiming[] = new Array(n);
  const isEnd = new Uint8Array(n);
  const seconds = new Float64Array(n);
  const speaking = new Float64Array(n);
  const words = new Float64Array(n);
  const characters = new Float64Array(n);
  const itemStart = new Int32Array(n + 1);
  const items: number[] = [];
  const itemEdges: number[] = [];
  for (let i = 0; i < n; i++) {
    const node = nodes[i];
    const t = (timing[i] = cachedTiming(node, rates, script.variables, fill));
    isEnd[i] = node.kind === "end" ? 1 : 0;
    seconds[i] = t.seconds;
    speaking[i] = t.speakingSeconds;
    words[i] = t.words;
    characters[i] = t.characters;
    itemStart[i] = items.length;
    if (node.kind === "end" || indexById.get(node.id) !== i) continue;
    const outputs = nodeOutputs(node);
    const first = items.length;
    let dead = outputs.length === 0;
    for (const handle of outputs) {
      let e = -1;
      for (let k = outStart[i]; k < outStart[i + 1] && e < 0; k++) {
        if (edges[bySource[k]].sourceHandle === handle) e = bySource[k];
      }
      if (e < 0) {
        if (!dead) {
          dead = true;
          items.push(DEAD_END);
          itemEdges.push(-1);
        }
        continue;
      }
      const t = tgt[e];
      let known = false;
      for (let k = first; k < items.length && !known; k++) known = items[k] === t;
      if (!known) {
        items.push(t);
        itemEdges.push(e);
      }
    }
    if (outputs.length === 0) {
      items.push(DEAD_END);
      itemEdges.push(-1);
    }
  }
  itemStart[n] = items.length;
  let start = -1;
  for (let i = 0; i < n && start < 0; i++) if (nodes[i].kind === "start") start = i;
  return {
    n,
    nodes,
    start,
    items: Int32Array.from(items),
    itemEdges: Int32Array.from(itemEdges),
    itemStart,
    timing,
    isEnd,
    seconds,
    speaking,
    words,
    characters,
  };
}

// --- Summary ---------------------------------------------------------------------------------------------

export type TimingWarningCode = "survey-too-long" | "opening-too-long";

/** Shaped like a graph-check finding so the problems panel lists them together. */
export interface TimingWarning {
  severity: "warning";
  code: TimingWarningCode;
  message: string;
  nodeId?: string;
}

export interface TimingSummary {
  shortest?: ScriptPath;
  typical?: ScriptPath;
  longest?: ScriptPath;
  /** How many paths enumeratePaths lists (at most 500); with `truncated`, there are more. */
  pathCount: number;
  truncated: boolean;
  /** See openingTiming. */
  openingSeconds: number;
  /** The steps of the opening, from the start to where it stops. */
  openingNodeIds: string[];
  warnings: TimingWarning[];
}

/** Uniformly sampled paths used to estimate the typical path when there are too many to list. */
const TYPICAL_SAMPLES = 201;

/**
 * Shortest, typical (median) and longest path, the opening's length, and warnings.
 *
 * Paths that reach an end are compared; only when none does are dead-end paths used. When every path
 * could be enumerated (up to 500), the three come from that list, loops taken once included. Beyond that:
 * the shortest is exact (Dijkstra over speaking time), the longest is the longest loop-free path (or a
 * longer listed one that goes round a loop), and the typical path is the median of 201 paths drawn uniformly at random, with a fixed
 * seed, from all loop-free paths: an estimate, stable for a given script.
 */
export function timingSummary(script: Script): TimingSummary {
  const g = buildGraph(script);
  const dag = g.start >= 0 ? acyclicOrder(g) : undefined;
  const opening = openingOf(g);
  const endWays = dag ? countWays(g, dag, false) : undefined;
  // A loop-free script's paths can be counted without listing them; listing 500 long paths only to learn
  // that there are more would be most of the work on a large script.
  const skipListing =
    dag !== undefined &&
    endWays !== undefined &&
    endWays[g.start] > 0 &&
    !dag.back.includes(1) &&
    countWays(g, dag, true)[g.start] > DEFAULT_MAX_PATHS;
  const paths = skipListing ? undefined : enumerate(g, script, DEFAULT_MAX_PATHS);
  const truncated = paths ? paths.truncated : true;
  const summary: TimingSummary = {
    pathCount: paths ? paths.length : DEFAULT_MAX_PATHS,
    truncated,
    openingSeconds: opening.seconds,
    openingNodeIds: opening.nodes.map((i) => g.nodes[i].id),
    warnings: [],
  };
  const canEnd = endWays !== undefined && endWays[g.start] > 0;
  if (paths && (!truncated || !canEnd || !dag || !endWays)) {
    const complete = paths.filter((p) => p.endNodeId !== undefined);
    const pool = complete.length > 0 ? complete : paths;
    if (pool.length > 0) {
      const sorted = [...pool].sort((a, b) => a.seconds - b.seconds);
      summary.shortest = sorted[0];
      summary.typical = sorted[(sorted.length - 1) >> 1];
      summary.longest = sorted[sorted.length - 1];
    }
  } else if (dag && endWays) {
    summary.shortest = shortestToEnd(g, script);
    summary.longest = longestToEnd(g, dag, script);
    // With loops, a listed path that goes round one may be longer than the longest loop-free path.
    for (const path of paths ?? []) {
      if (path.endNodeId !== undefined && path.seconds > (summary.longest?.seconds ?? -1))
        summary.longest = path;
    }
    summary.typical = sampledMedian(g, dag, endWays, script) ?? summary.shortest;
  }

  if (script.kind === "survey" && summary.longest && summary.longest.seconds > SURVEY_MAX_SECONDS) {
    const longest = summary.longest;
    summary.warnings.push({
      severity: "warning",
      code: "survey-too-long",
      message: `The longest path through this survey takes about ${formatDuration(longest.seconds)} to say${
        longest.outcomeLabel ? ` (ending “${longest.outcomeLabel}”)` : ""
      }. Keep a phone survey under ${formatDuration(SURVEY_MAX_SECONDS)} on every path: drop or merge questions.`,
      ...(longest.endNodeId ? { nodeId: longest.endNodeId } : {}),
    });
  }
  if (opening.seconds > OPENING_MAX_SECONDS) {
    let wordiest = -1;
    for (const i of opening.nodes) if (wordiest < 0 || g.speaking[i] > g.speaking[wordiest]) wordiest = i;
    summary.warnings.push({
      severity: "warning",
      code: "opening-too-long",
      message: `The opening takes about ${formatDuration(opening.seconds)} before the first question or checkpoint${
        wordiest >= 0 ? `; the longest part is “${nodeDisplayName(g.nodes[wordiest], 40)}”` : ""
      }. Keep it under ${OPENING_MAX_SECONDS} s: people decide in the first seconds whether to stay on the line.`,
      ...(wordiest >= 0 ? { nodeId: g.nodes[wordiest].id } : {}),
    });
  }
  return summary;
}

/**
 * The opening: what the agent says from the start until the customer is first asked something or a
 * milestone is reached. It is the speaking time along the route from the start that reaches a question,
 * a checkpoint, an end or a dead end with the least speaking time (Dijkstra; ties to fewer steps),
 * counting every text read on the way and the text of the question (or end) it stops at, but not the
 * answer time. A script whose first step is a question has an opening as long as that question's text.
 */
export function openingTiming(script: Script): { seconds: number; nodeIds: string[] } {
  const g = buildGraph(script);
  const opening = openingOf(g);
  return { seconds: opening.seconds, nodeIds: opening.nodes.map((i) => g.nodes[i].id) };
}

function isOpeningStop(node: ScriptNode): boolean {
  return node.kind === "question" || node.kind === "checkpoint" || node.kind === "end";
}

function openingOf(g: Graph): { seconds: number; nodes: number[] } {
  if (g.start < 0) return { seconds: 0, nodes: [] };
  const weight = (i: number) => g.speaking[i];
  const { dist, prev } = dijkstra(g, weight, (i) => isOpeningStop(g.nodes[i]));
  let best = -1;
  for (let i = 0; i < g.n; i++) {
    if (!Number.isFinite(dist[i])) continue;
    const stops = isOpeningStop(g.nodes[i]) || hasDeadEnd(g, i);
    if (stops && (best < 0 || dist[i] < dist[best] - 1e-9)) best = i;
  }
  if (best < 0) return { seconds: 0, nodes: [] };
  return { seconds: dist[best], nodes: route(prev, best) };
}

function hasDeadEnd(g: Graph, i: number): boolean {
  for (let k = g.itemStart[i]; k < g.itemStart[i + 1]; k++) if (g.items[k] === DEAD_END) return true;
  return false;
}

/** Least total node weight from the start to every node (the node's own weight included). */
function dijkstra(
  g: Graph,
  weight: (i: number) => number,
  stop: (i: number) => boolean = () => false,
): { dist: Float64Array; prev: Int32Array; via: Int32Array } {
  const dist = new Float64Array(g.n).fill(Infinity);
  const steps = new Int32Array(g.n);
  const prev = new Int32Array(g.n).fill(-1);
  const via = new Int32Array(g.n).fill(-1);
  const done = new Uint8Array(g.n);
  const heap = new MinHeap();
  dist[g.start] = weight(g.start);
  heap.push(dist[g.start], 0, g.start);
  while (heap.size > 0) {
    const i = heap.pop();
    if (done[i]) continue;
    done[i] = 1;
    if (stop(i)) continue;
    for (let k = g.itemStart[i]; k < g.itemStart[i + 1]; k++) {
      const t = g.items[k];
      if (t === DEAD_END || done[t]) continue;
      const d = dist[i] + weight(t);
      if (d < dist[t] - 1e-9 || (Math.abs(d - dist[t]) <= 1e-9 && steps[i] + 1 < steps[t])) {
        dist[t] = d;
        steps[t] = steps[i] + 1;
        prev[t] = i;
        via[t] = g.itemEdges[k];
        heap.push(d, steps[t], t);
      }
    }
  }
  return { dist, prev, via };
}

function route(prev: Int32Array, last: number): number[] {
  const out: number[] = [];
  for (let i = last; i >= 0; i = prev[i]) out.push(i);
  return out.reverse();
}

function pathFrom(g: Graph, script: Script, nodes: number[], edges: number[]): ScriptPath {
  let seconds = 0;
  let words = 0;
  let characters = 0;
  for (const i of nodes) {
    seconds += g.seconds[i];
    words += g.words[i];
    characters += g.characters[i];
  }
  const last = g.nodes[nodes[nodes.length - 1]];
  return {
    nodeIds: nodes.map((i) => g.nodes[i].id),
    edgeIds: edges.map((e) => script.edges[e].id),
    seconds,
    words,
    characters,
    ...(last.kind === "end" ? { endNodeId: last.id, outcomeLabel: last.outcome.label } : {}),
  };
}

function shortestToEnd(g: Graph, script: Script): ScriptPath | undefined {
  const { dist, prev, via } = dijkstra(g, (i) => g.seconds[i]);
  let best = -1;
  for (let i = 0; i < g.n; i++) {
    if (g.isEnd[i] && Number.isFinite(dist[i]) && (best < 0 || dist[i] < dist[best])) best = i;
  }
  if (best < 0) return undefined;
  const nodes = route(prev, best);
  return pathFrom(
    g,
    script,
    nodes,
    nodes.slice(1).map((i) => via[i]),
  );
}

/**
 * The steps reachable from the start in reverse post-order of a depth-first walk, and which items close a
 * loop (lead back to a step still open on the walk). Dropping those leaves a DAG in that order.
 */
function acyclicOrder(g: Graph): { order: Int32Array; back: Uint8Array } {
  const state = new Uint8Array(g.n); // 0 new, 1 open, 2 done
  const back = new Uint8Array(g.items.length);
  const post: number[] = [];
  const stack: number[] = [g.start];
  const cursor: number[] = [g.itemStart[g.start]];
  state[g.start] = 1;
  while (stack.length > 0) {
    const top = stack.length - 1;
    const i = stack[top];
    const k = cursor[top];
    if (k >= g.itemStart[i + 1]) {
      state[i] = 2;
      post.push(i);
      stack.pop();
      cursor.pop();
      continue;
    }
    cursor[top] = k + 1;
    const t = g.items[k];
    if (t === DEAD_END) continue;
    if (state[t] === 1) back[k] = 1;
    else if (state[t] === 0) {
      state[t] = 1;
      stack.push(t);
      cursor.push(g.itemStart[t]);
    }
  }
  return { order: Int32Array.from(post.reverse()), back };
}

function longestToEnd(
  g: Graph,
  dag: ReturnType<typeof acyclicOrder>,
  script: Script,
): ScriptPath | undefined {
  const best = new Float64Array(g.n).fill(-Infinity);
  const nextItem = new Int32Array(g.n).fill(-1);
  const { order, back } = dag;
  for (let o = order.length - 1; o >= 0; o--) {
    const i = order[o];
    if (g.isEnd[i]) {
      best[i] = g.seconds[i];
      continue;
    }
    for (let k = g.itemStart[i]; k < g.itemStart[i + 1]; k++) {
      const t = g.items[k];
      if (t === DEAD_END || back[k] || best[t] === -Infinity) continue;
      const d = g.seconds[i] + best[t];
      if (d > best[i]) {
        best[i] = d;
        nextItem[i] = k;
      }
    }
  }
  if (best[g.start] === -Infinity) return undefined;
  return walk(g, script, g.start, (i) => nextItem[i]);
}

/** Follows the chosen item at each step from `from` to an end. */
function walk(g: Graph, script: Script, from: number, choose: (i: number) => number): ScriptPath {
  const nodes = [from];
  const edges: number[] = [];
  let i = from;
  while (!g.isEnd[i]) {
    const k = choose(i);
    if (k < 0) break;
    edges.push(g.itemEdges[k]);
    i = g.items[k];
    nodes.push(i);
  }
  return pathFrom(g, script, nodes, edges);
}

/**
 * ways[i]: the loop-free ways from step i to an end (with `deadEnds`, dead ends count as ways too).
 * Counts can be astronomically large; they saturate at Number.MAX_VALUE instead of becoming Infinity.
 */
function countWays(g: Graph, dag: ReturnType<typeof acyclicOrder>, deadEnds: boolean): Float64Array {
  const { order, back } = dag;
  const ways = new Float64Array(g.n);
  for (let o = order.length - 1; o >= 0; o--) {
    const i = order[o];
    if (g.isEnd[i]) {
      ways[i] = 1;
      continue;
    }
    let sum = 0;
    for (let k = g.itemStart[i]; k < g.itemStart[i + 1]; k++) {
      const t = g.items[k];
      if (t === DEAD_END) sum += deadEnds ? 1 : 0;
      else if (!back[k]) sum += ways[t];
    }
    ways[i] = Math.min(sum, Number.MAX_VALUE);
  }
  return ways;
}

/**
 * The median-duration path among TYPICAL_SAMPLES loop-free paths from the start to an end, each drawn
 * uniformly from all such paths (choose each next step in proportion to the ways it has to an end).
 * Seeded, so the same script always gets the same typical path. Only durations are kept while sampling;
 * the median sample is walked again from its saved random state to build its path.
 */
function sampledMedian(
  g: Graph,
  dag: ReturnType<typeof acyclicOrder>,
  ways: Float64Array,
  script: Script,
): ScriptPath | undefined {
  if (ways[g.start] === 0) return undefined;
  const { back } = dag;
  // Per item: the probability of taking it from its step, accumulated along the step's items.
  const cumulative = new Float64Array(g.items.length);
  for (let i = 0; i < g.n; i++) {
    let total = 0;
    for (let k = g.itemStart[i]; k < g.itemStart[i + 1]; k++) {
      const t = g.items[k];
      if (t !== DEAD_END && !back[k]) total += ways[t];
    }
    let acc = 0;
    for (let k = g.itemStart[i]; k < g.itemStart[i + 1]; k++) {
      const t = g.items[k];
      if (t !== DEAD_END && !back[k] && total > 0) acc += ways[t] / total;
      cumulative[k] = acc;
    }
  }
  const random = new Mulberry32(0x5eed);
  const choose = (i: number): number => {
    const r = random.next();
    let chosen = -1;
    for (let k = g.itemStart[i]; k < g.itemStart[i + 1]; k++) {
      const t = g.items[k];
      if (t === DEAD_END || back[k] || ways[t] === 0) continue;
      chosen = k;
      if (r < cumulative[k]) break;
    }
    return chosen;
  };
  const samples: { seconds: number; state: number }[] = [];
  for (let s = 0; s < TYPICAL_SAMPLES; s++) {
    const state = random.state;
    let i = g.start;
    let seconds = g.seconds[i];
    while (!g.isEnd[i]) {
      const k = choose(i);
      if (k < 0) break;
      i = g.items[k];
      seconds += g.seconds[i];
    }
    samples.push({ seconds, state });
  }
  samples.sort((a, b) => a.seconds - b.seconds);
  random.state = samples[(samples.length - 1) >> 1].state;
  return walk(g, script, g.start, choose);
}

/** mulberry32: a small seeded PRNG; sampling must be repeatable, and domain code never uses Math.random. */
class Mulberry32 {
  constructor(public state: number) {}

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
}

/** A binary min-heap of node indices keyed by (distance, steps). */
class MinHeap {
  private keys: number[] = [];
  private ties: number[] = [];
  private values: number[] = [];

  get size(): number {
    return this.values.length;
  }

  push(key: number, tie: number, value: number): void {
    this.keys.push(key);
    this.ties.push(tie);
    this.values.push(value);
    let c = this.values.length - 1;
    while (c > 0) {
      const p = (c - 1) >> 1;
      if (!this.less(c, p)) break;
      this.swap(c, p);
      c = p;
    }
  }

  pop(): number {
    const top = this.values[0];
    const last = this.values.length - 1;
    this.swap(0, last);
    this.keys.pop();
    this.ties.pop();
    this.values.pop();
    let p = 0;
    for (;;) {
      const l = 2 * p + 1;
      const r = l + 1;
      let m = p;
      if (l < this.values.length && this.less(l, m)) m = l;
      if (r < this.values.length && this.less(r, m)) m = r;
      if (m === p) break;
      this.swap(p, m);
      p = m;
    }
    return top;
  }

  private less(a: number, b: number): boolean {
    return this.keys[a] < this.keys[b] || (this.keys[a] === this.keys[b] && this.ties[a] < this.ties[b]);
  }

  private swap(a: number, b: number): void {
    [this.keys[a], this.keys[b]] = [this.keys[b], this.keys[a]];
    [this.ties[a], this.ties[b]] = [this.ties[b], this.ties[a]];
    [this.values[a], this.values[b]] = [this.values[b], this.values[a]];
  }
}

/** "45 s", "3 min 05 s". */
export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, "0")} s`;
}
