import type { NodeKind, Script, ScriptNode, Edge, RichText } from "./script";
import type { ExportableVersion } from "./types";

/** One export the contract kit runs: a version and the settings to run it with. */
export interface ContractFixture {
  name: string;
  version: ExportableVersion;
  config?: Record<string, unknown>;
}

const EPOCH = "2026-01-15T09:00:00.000Z";

function text(...parts: (string | { field: string })[]): RichText {
  return {
    type: "doc",
    content: [
      {
        type: "paragraph",
        content: parts.map((p) =>
          typeof p === "string" ? { type: "text", text: p } : { type: "mergeField", attrs: { key: p.field } },
        ),
      },
    ],
  };
}

/**
 * A small approved script that uses exactly the given node kinds (start and end always), every question
 * type, a merge field and an objection. Its texts are plain words ("Kit … words") so the kit can look for
 * each one in any output format without knowing how that format escapes text.
 */
export function kitScript(kinds: readonly NodeKind[], scriptKind: Script["kind"] = "call-script"): Script {
  const has = (k: NodeKind) => kinds.includes(k);
  const nodes: ScriptNode[] = [];
  const edges: Edge[] = [];
  const at = (i: number) => ({ x: 0, y: i * 120 });
  const add = (node: ScriptNode) => nodes.push(node);
  const link = (source: string, sourceHandle: string, target: string) =>
    edges.push({ id: `e${edges.length + 1}`, source, sourceHandle, target });

  add({ id: "start", kind: "start", position: at(0) });
  add({
    id: "e-done",
    kind: "end",
    position: at(20),
    text: text("Kit goodbye words"),
    outcome: { label: "Completed", success: true, disposition: "1.1" },
  });
  add({
    id: "e-declined",
    kind: "end",
    position: at(21),
    outcome: { label: "Declined", success: false, disposition: "2.111" },
  });
  // Built back to front so each step knows where it leads.
  let next = "e-done";
  const q = (id: string, extra: Partial<Extract<ScriptNode, { kind: "question" }>>, words: string) => {
    add({
      id,
      kind: "question",
      position: at(nodes.length),
      text: text(words),
      questionType: "single",
      options: [],
      ...extra,
    } as ScriptNode);
  };
  if (has("question")) {
    q(
      "q-scale",
      { questionType: "scale", scale: { min: 1, max: 5, minLabel: "poor", maxLabel: "great" } },
      "Kit scale words",
    );
    link("q-scale", "next", next);
    q(
      "q-many",
      {
        questionType: "multiple",
        options: [
          { id: "email", label: "Kit email" },
          { id: "phone", label: "Kit phone" },
        ],
      },
      "Kit multiple words",
    );
    link("q-many", "next", "q-scale");
    q(
      "q-size",
      {
        questionType: "semi-open",
        options: [
          { id: "small", label: "Kit small" },
          { id: "large", label: "Kit large" },
        ],
      },
      "Kit semi open words",
    );
    for (const h of ["option:small", "option:large", "other"]) link("q-size", h, "q-many");
    q(
      "q-class",
      {
        questionType: "single",
        options: [
          { id: "a", label: "Kit within three months" },
          { id: "b", label: "Kit later" },
        ],
        allowRefused: true,
      },
      "Kit single choice words",
    );
    link("q-class", "option:a", "q-size");
    link("q-class", "option:b", "q-size");
    link("q-class", "refused", "e-declined");
    next = "q-class";
  }
  if (has("referral")) {
    add({ id: "referral", kind: "referral", position: at(nodes.length), text: text("Kit referral words") });
    link("referral", "next", "e-declined");
  }
  if (has("callback")) {
    add({ id: "callback", kind: "callback", position: at(nodes.length), text: text("Kit callback words") });
    link("callback", "next", "e-declined");
  }
  if (has("condition")) {
    if (has("say")) {
      add({ id: "vip-say", kind: "say", position: at(nodes.length), text: text("Kit VIP words") });
      link("vip-say", "next", next);
    }
    add({
      id: "vip-check",
      kind: "condition",
      position: at(nodes.length),
      rules: [{ id: "vip", label: "VIP", source: "variable", key: "tier", operator: "equals", value: "vip" }],
    });
    link("vip-check", "rule:vip", has("say") ? "vip-say" : next);
    link("vip-check", "else", next);
    next = "vip-check";
  }
  if (has("checkpoint")) {
    add({ id: "pitched", kind: "checkpoint", position: at(nodes.length), name: "Pitch delivered" });
    link("pitched", "next", next);
    next = "pitched";
  }
  if (has("question")) {
    q("q-interest", { questionType: "yes-no", allowDontKnow: true }, "Kit yes or no words");
    link("q-interest", "yes", next);
    link("q-interest", "no", has("callback") ? "callback" : "e-declined");
    link("q-interest", "dont-know", has("referral") ? "referral" : "e-declined");
    next = "q-interest";
  }
  if (has("say")) {
    add({
      id: "greeting",
      kind: "say",
      position: at(nodes.length),
      title: "Greeting",
      text: text("Kit hello words ", { field: "firstName" }),
    });
    link("greeting", "next", next);
    next = "greeting";
  }
  link("start", "next", next);
  return {
    schemaVersion: 1,
    id: "kit-script",
    kind: scriptKind,
    title: "Contract kit script",
    language: "en",
    tags: [],
    revision: 3,
    createdAt: EPOCH,
    updatedAt: EPOCH,
    variables: [
      { key: "firstName", label: "First name", type: "text", required: true, fallback: "there" },
      { key: "tier", label: "Tier", type: "text", required: false },
    ],
    nodes,
    edges,
    objections: [
      {
        id: "busy",
        label: "No time",
        shortcut: "t",
        reply: text("Kit objection words"),
        then: { action: "return" },
      },
    ],
  };
}

/** The texts kitScript puts in nodes of each kind (what an exporter declaring that kind must not drop). */
export const KIT_TEXTS: Partial<Record<NodeKind, string[]>> = {
  say: ["Kit hello words"],
  question: [
    "Kit yes or no words",
    "Kit single choice words",
    "Kit semi open words",
    "Kit multiple words",
    "Kit scale words",
  ],
  callback: ["Kit callback words"],
  referral: ["Kit referral words"],
  end: ["Kit goodbye words"],
};

/** Wraps a script as an approved version, the only state ScriptPilot exports without `--draft`. */
export function approvedVersion(script: Script, number = 2): ExportableVersion {
  return {
    scriptId: script.id,
    versionId: `${script.id}-v${number}`,
    number,
    status: "approved",
    approvedBy: "approver-1",
    approvedAt: EPOCH,
    script,
  };
}
