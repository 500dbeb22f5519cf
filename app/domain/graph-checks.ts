import { nodeOutputs, outputLabel } from "./node-outputs";
import { richTextToPlain } from "./rich-text";
import type { Objection, QuestionNode, RichNode, RichText, Script, ScriptNode } from "./script-types";

export type Severity = "error" | "warning";

export type FindingCode =
  | "no-start"
  | "multiple-starts"
  | "duplicate-node-id"
  | "duplicate-edge-id"
  | "missing-source"
  | "missing-target"
  | "unknown-output"
  | "ambiguous-output"
  | "duplicate-output-id"
  | "unconnected-output"
  | "dead-end"
  | "unreachable"
  | "no-way-to-end"
  | "undeclared-merge-field"
  | "rule-question-missing"
  | "empty-text"
  | "empty-option-label"
  | "duplicate-option-label"
  | "question-without-options"
  | "invalid-scale"
  | "condition-without-rules"
  | "objection-target-missing"
  | "duplicate-shortcut"
  | "unused-variable";

export interface Finding {
  severity: Severity;
  code: FindingCode;
  /** Written for the script writer: names the step by its kind and its title or first words. */
  message: string;
  nodeId?: string;
  edgeId?: string;
  objectionId?: string;
}

/**
 * Structural checks of a script graph: what would break or confuse a call at run time.
 * Errors first, then warnings; within each, in the order of the nodes in the document (script-wide
 * findings first, then connections without a known source, objections, merge fields).
 * Linear in nodes + edges: every lookup goes through a map built once, and the graph walks use
 * compact adjacency arrays, so a 10,000-step script is checked in a few milliseconds.
 */
export function checkScript(script: Script): Finding[] {
  const { nodes, edges, objections, variables } = script;
  const n = nodes.length;
  const m = edges.length;
  const found = new FindingList();

  // --- Nodes by id. Edges resolve to the first node with an id; later copies are reported.
  const indexById = new Map<string, number>();
  const isFirst = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const node = nodes[i];
    const first = indexById.get(node.id);
    if (first === undefined) {
      indexById.set(node.id, i);
      isFirst[i] = 1;
    } else {
      found.add(i, "error", "duplicate-node-id", {
        message: `${describeNode(node)} has the id “${node.id}”, which ${describeNode(nodes[first])} already uses; every step needs its own id.`,
        nodeId: node.id,
      });
    }
  }

  // --- Edges: resolve ends, then group by source (CSR: bySource[outStart[i] .. outStart[i + 1]]).
  const src = new Int32Array(m);
  const tgt = new Int32Array(m);
  const outStart = new Int32Array(n + 1);
  const edgeIndexById = new Map<string, number>();
  for (let e = 0; e < m; e++) {
    const edge = edges[e];
    const s = indexById.get(edge.source) ?? -1;
    const t = indexById.get(edge.target) ?? -1;
    src[e] = s;
    tgt[e] = t;
    if (s >= 0) outStart[s + 1]++;
    const rank = s >= 0 ? s : t >= 0 ? t : n + e;
    if (edgeIndexById.has(edge.id)) {
      found.add(rank, "error", "duplicate-edge-id", {
        message: `Two connections share the id “${edge.id}”${s >= 0 ? ` (one leaves ${describeNode(nodes[s])})` : ""}; every connection needs its own id.`,
        edgeId: edge.id,
        ...(s >= 0 ? { nodeId: nodes[s].id } : {}),
      });
    } else {
      edgeIndexById.set(edge.id, e);
    }
    if (s < 0) {
      found.add(rank, "error", "missing-source", {
        message: `A connection comes from a step “${edge.source}” that does not exist${t >= 0 ? `; it leads to ${describeNode(nodes[t])}` : ""}.`,
        edgeId: edge.id,
        ...(t >= 0 ? { nodeId: nodes[t].id } : {}),
      });
    }
    if (t < 0) {
      found.add(rank, "error", "missing-target", {
        message:
          s >= 0
            ? `${describeNode(nodes[s])} has a connection to a step “${edge.target}” that does not exist.`
            : `A connection leads to a step “${edge.target}” that does not exist.`,
        edgeId: edge.id,
        ...(s >= 0 ? { nodeId: nodes[s].id } : {}),
      });
    }
  }
  for (let i = 0; i < n; i++) outStart[i + 1] += outStart[i];
  const bySource = new Int32Array(outStart[n]);
  {
    const fill = outStart.slice(0, n);
    for (let e = 0; e < m; e++) if (src[e] >= 0) bySource[fill[src[e]]++] = e;
  }

  // --- Outputs: each edge must leave from an output the node has, one edge per output.
  const valid = new Uint8Array(m); // known output and an existing target: the call can follow it
  const hasKnownEdge = new Uint8Array(n);
  const unconnected: (string[] | undefined)[] = new Array(n);
  const outputCount = new Int32Array(n);
  const leadsToMissing = new Uint8Array(n);
  let taken = new Int32Array(64); // per node: the edge each output uses; reused to spare an allocation per node
  for (let i = 0; i < n; i++) {
    if (!isFirst[i]) continue;
    const node = nodes[i];
    const outputs = nodeOutputs(node);
    outputCount[i] = outputs.length;
    if (outputs.length > taken.length) taken = new Int32Array(outputs.length);
    taken.fill(UNCONNECTED, 0, outputs.length);
    for (let k = outStart[i]; k < outStart[i + 1]; k++) {
      const e = bySource[k];
      const edge = edges[e];
      const h = outputs.indexOf(edge.sourceHandle);
      if (h < 0) {
        found.add(i, "error", "unknown-output", {
          message: `${describeNode(node)} has a connection from an output it does not have (“${edge.sourceHandle}”), probably left over from a deleted answer or rule.`,
          nodeId: node.id,
          edgeId: edge.id,
        });
        continue;
      }
      hasKnownEdge[i] = 1;
      if (tgt[e] < 0) {
        // Already reported as missing-target; it still counts as the output's connection, not as a rival.
        leadsToMissing[i] = 1;
        if (taken[h] === UNCONNECTED) taken[h] = BROKEN;
        continue;
      }
      valid[e] = 1;
      if (taken[h] >= 0) {
        found.add(i, "error", "ambiguous-output", {
          message: `${describeNode(node)} has more than one connection for ${describeOutput(node, edge.sourceHandle)}; only one can be followed.`,
          nodeId: node.id,
          edgeId: edge.id,
        });
      } else {
        taken[h] = e;
      }
    }
    for (let h = 0; h < outputs.length; h++) {
      // A repeated option or rule id yields the same handle twice; duplicate-output-id reports it.
      if (taken[h] === UNCONNECTED && outputs.indexOf(outputs[h]) === h)
        (unconnected[i] ??= []).push(outputs[h]);
    }
  }

  // --- Reachability from the start, and from objection handlers that jump to a step.
  const starts: number[] = [];
  for (let i = 0; i < n; i++) if (isFirst[i] && nodes[i].kind === "start") starts.push(i);
  const hasStart = starts.length > 0;
  if (!hasStart) {
    found.add(-1, "error", "no-start", {
      message:
        "The script has no start step, so a call cannot begin. Add a start and connect it to the opening.",
    });
  }
  for (let k = 1; k < starts.length; k++) {
    found.add(starts[k], "error", "multiple-starts", {
      message: `The script has ${starts.length} start steps; a call can begin at only one. Remove this one (${nodes[starts[k]].id}) or connect its steps to the main start.`,
      nodeId: nodes[starts[k]].id,
    });
  }
  const reach = new Uint8Array(n);
  const queue = new Int32Array(n);
  if (hasStart) {
    let tail = 0;
    const visit = (i: number) => {
      if (!reach[i]) {
        reach[i] = 1;
        queue[tail++] = i;
      }
    };
    for (const s of starts) visit(s);
    // Objections can be raised at any step of a call, so their jump targets are entered from anywhere.
    for (const objection of objections) {
      if (objection.then.action !== "goto") continue;
      const t = indexById.get(objection.then.target);
      if (t !== undefined) visit(t);
    }
    for (let head = 0; head < tail; head++) {
      const i = queue[head];
      for (let k = outStart[i]; k < outStart[i + 1]; k++) if (valid[bySource[k]]) visit(tgt[bySource[k]]);
    }
  } else {
    // Without a start, reachability means nothing: check every step as if it were in use.
    reach.fill(1);
  }

  // --- Which steps can still reach an end: a reverse walk from the ends over followable connections.
  const inStart = new Int32Array(n + 1);
  for (let e = 0; e < m; e++) if (valid[e]) inStart[tgt[e] + 1]++;
  for (let i = 0; i < n; i++) inStart[i + 1] += inStart[i];
  const byTarget = new Int32Array(inStart[n]);
  {
    const fill = inStart.slice(0, n);
    for (let e = 0; e < m; e++) if (valid[e]) byTarget[fill[tgt[e]]++] = e;
  }
  const canEnd = new Uint8Array(n);
  {
    let tail = 0;
    for (let i = 0; i < n; i++) {
      if (isFirst[i] && nodes[i].kind === "end") {
        canEnd[i] = 1;
        queue[tail++] = i;
      }
    }
    for (let head = 0; head < tail; head++) {
      const i = queue[head];
      for (let k = inStart[i]; k < inStart[i + 1]; k++) {
        const s = src[byTarget[k]];
        if (!canEnd[s]) {
          canEnd[s] = 1;
          queue[tail++] = s;
        }
      }
    }
  }

  // --- Per step: content, then its place in the graph.
  const declared = new Set<string>();
  for (const variable of variables) declared.add(variable.key);
  const content: ContentContext = { nodes, indexById, declared, used: new Set<string>(), keys: [], found };
  const used = content.used;
  for (let i = 0; i < n; i++) {
    const node = nodes[i];
    checkNodeContent(node, i, content);
    if (!isFirst[i]) continue;
    const open = unconnected[i];
    if (!reach[i]) {
      found.add(i, "warning", "unreachable", {
        message: `${describeNode(node)} cannot be reached from the start: no connection leads to it.`,
        nodeId: node.id,
      });
    } else if (node.kind !== "end" && outputCount[i] > 0 && !hasKnownEdge[i]) {
      found.add(i, "error", "dead-end", {
        message: `${describeNode(node)} leads nowhere: it has no connections, so a call would get stuck there. Connect it to the next step or to an end.`,
        nodeId: node.id,
      });
    } else if (open) {
      for (const handle of open) {
        found.add(i, "error", "unconnected-output", {
          message: `${describeNode(node)} has no connection for ${describeOutput(node, handle)}.`,
          nodeId: node.id,
        });
      }
    }
  }

  reportTraps(
    nodes,
    reach,
    canEnd,
    isFirst,
    outStart,
    bySource,
    valid,
    tgt,
    unconnected,
    leadsToMissing,
    found,
  );

  // --- Objections: available from every step.
  const shortcuts = new Map<string, Objection>();
  for (let j = 0; j < objections.length; j++) {
    const objection = objections[j];
    const rank = n + m + j;
    const name = `The objection “${objection.label}”`;
    const ids = { objectionId: objection.id };
    const keys = content.keys;
    keys.length = 0;
    if (!scanText(objection.reply?.content, keys)) {
      found.add(rank, "warning", "empty-text", {
        message: `${name} has no reply for the agent to read.`,
        ...ids,
      });
    }
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k];
      used.add(key);
      if (!declared.has(key) && keys.indexOf(key) === k) {
        found.add(rank, "error", "undeclared-merge-field", {
          message: undeclaredMessage(`The reply to the objection “${objection.label}”`, key),
          ...ids,
        });
      }
    }
    if (objection.then.action === "goto" && !indexById.has(objection.then.target)) {
      found.add(rank, "error", "objection-target-missing", {
        message: `${name} goes on to a step “${objection.then.target}” that does not exist.`,
        ...ids,
      });
    }
    if (objection.shortcut !== undefined) {
      const other = shortcuts.get(objection.shortcut);
      if (other) {
        found.add(rank, "error", "duplicate-shortcut", {
          message: `${name} and the objection “${other.label}” both use the shortcut key “${objection.shortcut}”.`,
          ...ids,
        });
      } else {
        shortcuts.set(objection.shortcut, objection);
      }
    }
  }

  // --- Merge fields declared for nothing.
  for (let v = 0; v < variables.length; v++) {
    const variable = variables[v];
    if (used.has(variable.key)) continue;
    found.add(n + m + objections.length + v, "warning", "unused-variable", {
      message: `The merge field “${variable.label}” ({{${variable.key}}}) is declared but no step, rule or reply uses it.`,
    });
  }

  return found.sorted();
}

const UNCONNECTED = -1;
const BROKEN = -2;

/** Counts for a badge or a summary line. */
export function summarizeFindings(findings: readonly Finding[]): { errors: number; warnings: number } {
  let errors = 0;
  for (const finding of findings) if (finding.severity === "error") errors++;
  return { errors, warnings: findings.length - errors };
}

/** Findings with their sort keys; sorted once at the end rather than kept in order while checking. */
class FindingList {
  private readonly items: { finding: Finding; rank: number; seq: number }[] = [];

  add(rank: number, severity: Severity, code: FindingCode, rest: Omit<Finding, "severity" | "code">): void {
    this.items.push({ finding: { severity, code, ...rest }, rank, seq: this.items.length });
  }

  sorted(): Finding[] {
    const severityOrder = (f: Finding) => (f.severity === "error" ? 0 : 1);
    return this.items
      .sort((a, b) => severityOrder(a.finding) - severityOrder(b.finding) || a.rank - b.rank || a.seq - b.seq)
      .map((item) => item.finding);
  }
}

interface ContentContext {
  nodes: readonly ScriptNode[];
  indexById: ReadonlyMap<string, number>;
  declared: ReadonlySet<string>;
  used: Set<string>;
  /** Scratch list of merge-field keys, reused for every text. */
  keys: string[];
  found: FindingList;
}

// Hot path: runs once per node, so it creates no closures and scans each text once.
function checkNodeContent(node: ScriptNode, rank: number, ctx: ContentContext): void {
  const { nodes, indexById, declared, used, found } = ctx;
  const nodeId = node.id;
  switch (node.kind) {
    case "say":
    case "question":
    case "callback":
    case "referral":
      if (!checkText(node, node.text, rank, ctx)) {
        found.add(rank, "warning", "empty-text", {
          message: `${describeNode(node)} has no text for the agent to read.`,
          nodeId,
        });
      }
      if (node.kind === "question") checkQuestion(node, rank, found);
      return;
    case "end":
      checkText(node, node.text, rank, ctx);
      return;
    case "condition": {
      if (node.rules.length === 0) {
        found.add(rank, "warning", "condition-without-rules", {
          message: `${describeNode(node)} has no rules, so it always takes “Else”.`,
          nodeId,
        });
      }
      for (let r = 0; r < node.rules.length; r++) {
        const rule = node.rules[r];
        if (indexOfId(node.rules, rule.id) !== r) {
          found.add(rank, "error", "duplicate-output-id", {
            message: `${describeNode(node)} has two rules with the id “${rule.id}”; each rule needs its own id to have its own connection.`,
            nodeId,
          });
        }
        const ruleName = rule.label ? `rule “${rule.label}”` : `rule ${r + 1}`;
        if (rule.source === "variable") {
          used.add(rule.key);
          if (!declared.has(rule.key)) {
            found.add(rank, "error", "undeclared-merge-field", {
              message: `${describeNode(node)} (${ruleName}) checks the merge field {{${rule.key}}}, which is not declared in the script's merge fields.`,
              nodeId,
            });
          }
        } else {
          const q = indexById.get(rule.key);
          if (q === undefined || nodes[q].kind !== "question") {
            found.add(rank, "error", "rule-question-missing", {
              message:
                q === undefined
                  ? `${describeNode(node)} (${ruleName}) checks the answer to a step “${rule.key}” that does not exist.`
                  : `${describeNode(node)} (${ruleName}) checks the answer to ${describeNode(nodes[q])}, which is not a question.`,
              nodeId,
            });
          }
        }
      }
      return;
    }
    default:
      return;
  }
}

const QUESTION_TYPE_NAMES = {
  single: "single-choice",
  multiple: "multiple-choice",
  "semi-open": "semi-open",
};

function checkQuestion(node: QuestionNode, rank: number, found: FindingList): void {
  const nodeId = node.id;
  const type = node.questionType;
  if (type === "scale") {
    const scale = node.scale;
    if (!scale) {
      found.add(rank, "error", "invalid-scale", {
        message: `${describeNode(node)} is a rating-scale question without a scale: set its lowest and highest values.`,
        nodeId,
      });
    } else if (scale.min >= scale.max) {
      found.add(rank, "error", "invalid-scale", {
        message: `${describeNode(node)} has a scale from ${scale.min} to ${scale.max}; the lowest value must be below the highest.`,
        nodeId,
      });
    }
    return;
  }
  if (type === "yes-no") return;
  if (node.options.length === 0) {
    found.add(rank, "error", "question-without-options", {
      message: `${describeNode(node)} is a ${QUESTION_TYPE_NAMES[type]} question with no answers listed.`,
      nodeId,
    });
    return;
  }
  // At most 50 options (schema): a linear scan beats building two Sets for every question.
  const options = node.options;
  const labels: string[] = [];
  for (let k = 0; k < options.length; k++) {
    const option = options[k];
    if (indexOfId(options, option.id) !== k) {
      found.add(rank, "error", "duplicate-output-id", {
        message: `${describeNode(node)} has two answers with the id “${option.id}”; each answer needs its own id to have its own connection.`,
        nodeId,
      });
    }
    const label = normaliseLabel(option.label);
    if (label === "") {
      found.add(rank, "error", "empty-option-label", {
        message: `${describeNode(node)} has an answer without a label (answer ${k + 1}).`,
        nodeId,
      });
    } else if (labels.includes(label)) {
      found.add(rank, "error", "duplicate-option-label", {
        message: `${describeNode(node)} lists the answer “${option.label.trim()}” more than once.`,
        nodeId,
      });
    } else {
      labels.push(label);
    }
  }
}

function indexOfId(items: readonly { id: string }[], id: string): number {
  for (let k = 0; k < items.length; k++) if (items[k].id === id) return k;
  return -1;
}

/**
 * A loop no call can leave: reachable steps that cannot reach an end, grouped into strongly connected
 * components (Tarjan, iterative). Only sink components that are real cycles are reported, once each;
 * the steps leading into them are not the cause, and a component with an unconnected output or a broken
 * connection is already reported by that finding, whose fix opens the way out.
 */
function reportTraps(
  nodes: readonly ScriptNode[],
  reach: Uint8Array,
  canEnd: Uint8Array,
  isFirst: Uint8Array,
  outStart: Int32Array,
  bySource: Int32Array,
  valid: Uint8Array,
  tgt: Int32Array,
  unconnected: readonly (string[] | undefined)[],
  leadsToMissing: Uint8Array,
  found: FindingList,
): void {
  const n = nodes.length;
  let any = false;
  for (let i = 0; i < n; i++) {
    if (isFirst[i] && reach[i] && !canEnd[i]) {
      any = true;
      break;
    }
  }
  if (!any) return;
  const trapped = (i: number) => isFirst[i] === 1 && reach[i] === 1 && canEnd[i] === 0;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const comp = new Int32Array(n).fill(-1);
  const onStack = new Uint8Array(n);
  const stack = new Int32Array(n);
  const callNode = new Int32Array(n);
  const callEdge = new Int32Array(n);
  let sp = 0;
  let counter = 0;
  let components = 0;
  let depth = 0;
  const enter = (v: number) => {
    index[v] = low[v] = counter++;
    stack[sp++] = v;
    onStack[v] = 1;
    callNode[depth] = v;
    callEdge[depth] = outStart[v];
    depth++;
  };
  for (let root = 0; root < n; root++) {
    if (!trapped(root) || index[root] >= 0) continue;
    enter(root);
    while (depth > 0) {
      const v = callNode[depth - 1];
      const k = callEdge[depth - 1];
      if (k < outStart[v + 1]) {
        callEdge[depth - 1] = k + 1;
        const e = bySource[k];
        if (!valid[e]) continue;
        const w = tgt[e];
        if (!trapped(w)) continue;
        if (index[w] < 0) enter(w);
        else if (onStack[w] && index[w] < low[v]) low[v] = index[w];
        continue;
      }
      depth--;
      if (depth > 0) {
        const parent = callNode[depth - 1];
        if (low[v] < low[parent]) low[parent] = low[v];
      }
      if (low[v] !== index[v]) continue;
      const members: number[] = [];
      let w: number;
      do {
        w = stack[--sp];
        onStack[w] = 0;
        comp[w] = components;
        members.push(w);
      } while (w !== v);
      const c = components++;
      reportTrap(members, c);
    }
  }

  function reportTrap(members: number[], c: number): void {
    let cyclic = members.length > 1;
    for (const v of members) {
      if (unconnected[v] || leadsToMissing[v]) return;
      for (let k = outStart[v]; k < outStart[v + 1]; k++) {
        const e = bySource[k];
        if (!valid[e]) continue;
        // Every successor of a trapped step is trapped; one outside this component means a way onward.
        if (comp[tgt[e]] !== c) return;
        if (tgt[e] === v) cyclic = true;
      }
    }
    if (!cyclic) return;
    members.sort((a, b) => a - b);
    const first = nodes[members[0]];
    const others = members.slice(1, 4).map((v) => describeNode(nodes[v]));
    const more = members.length > 4 ? `, and ${members.length - 4} more` : "";
    found.add(members[0], "error", "no-way-to-end", {
      message:
        members.length === 1
          ? `${describeNode(first)} only leads back to itself: a call that gets there can never reach an end.`
          : `${describeNode(first)} is in a loop with ${others.join(", ")}${more}: a call that gets there can never reach an end. Give the loop a way out.`,
      nodeId: first.id,
    });
  }
}

function undeclaredMessage(where: string, key: string): string {
  return key === ""
    ? `${where} has a merge field without a name.`
    : `${where} uses the merge field {{${key}}}, which is not declared in the script's merge fields.`;
}

const WHITE_SPACE = /\s+/g;

const UNUSUAL_SPACE = /\s\s|[^\S ]/;

function normaliseLabel(label: string): string {
  const trimmed = label.trim().toLowerCase();
  return UNUSUAL_SPACE.test(trimmed) ? trimmed.replace(WHITE_SPACE, " ") : trimmed;
}

/**
 * Reports undeclared merge fields of one step's text and records the keys it uses.
 * Returns whether the text has anything to read (the rule of isRichTextEmpty, without building the string).
 */
function checkText(node: ScriptNode, text: RichText | undefined, rank: number, ctx: ContentContext): boolean {
  const keys = ctx.keys;
  keys.length = 0;
  const hasContent = scanText(text?.content, keys);
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k];
    ctx.used.add(key);
    if (!ctx.declared.has(key) && keys.indexOf(key) === k) {
      ctx.found.add(rank, "error", "undeclared-merge-field", {
        message: undeclaredMessage(describeNode(node), key),
        nodeId: node.id,
      });
    }
  }
  return hasContent;
}

/** Walks rich text once: pushes every merge-field key onto `keys`, returns whether there is anything to read. */
function scanText(content: RichNode[] | undefined, keys: string[]): boolean {
  if (!content) return false;
  let hasContent = false;
  for (let k = 0; k < content.length; k++) {
    const node = content[k];
    if (node.type === "text") {
      if (!hasContent && node.text !== undefined && node.text.trim() !== "") hasContent = true;
    } else if (node.type === "mergeField") {
      const key = node.attrs?.["key"];
      keys.push(typeof key === "string" ? key : "");
      hasContent = true;
    } else if (node.content && scanText(node.content, keys)) {
      hasContent = true;
    }
  }
  return hasContent;
}

const KIND_NAMES: Record<ScriptNode["kind"], string> = {
  start: "Start",
  say: "Say",
  question: "Question",
  condition: "Condition",
  callback: "Callback",
  referral: "Referral",
  checkpoint: "Checkpoint",
  end: "End",
};

/** `Question “Do you plan to attend…”`: the kind and what the writer sees on the card. Only built for findings. */
function describeNode(node: ScriptNode): string {
  if (node.kind === "start") return "The start";
  const words = firstWords(nodeCaption(node));
  return words ? `${KIND_NAMES[node.kind]} “${words}”` : `${KIND_NAMES[node.kind]} step ${node.id}`;
}

function nodeCaption(node: ScriptNode): string {
  switch (node.kind) {
    case "start":
      return "";
    case "checkpoint":
      return node.name;
    case "end":
      return node.outcome.label || richTextToPlain(node.text);
    case "condition":
      return node.title ?? "";
    default:
      return node.title?.trim() || richTextToPlain(node.text);
  }
}

const MAX_WORDS = 5;
const MAX_CHARS = 40;

function firstWords(text: string): string {
  const words = text.trim().split(WHITE_SPACE);
  if (words.length === 1 && words[0] === "") return "";
  let s = "";
  let k = 0;
  for (; k < words.length && k < MAX_WORDS; k++) {
    const next = s ? `${s} ${words[k]}` : words[k];
    if (next.length > MAX_CHARS) break;
    s = next;
  }
  if (s === "") return `${words[0].slice(0, MAX_CHARS)}…`;
  return k < words.length ? `${s}…` : s;
}

function describeOutput(node: ScriptNode, handle: string): string {
  if (handle === "next") return "the next step";
  if (handle === "else") return "“Else” (when no rule holds)";
  if (handle.startsWith("rule:")) return `the rule “${outputLabel(node, handle)}”`;
  return `the answer “${outputLabel(node, handle)}”`;
}
