import { describe, expect, it } from "vitest";
import {
  edge,
  endNode,
  minimalScript,
  objection,
  questionNode,
  sayNode,
  startNode,
  variable,
} from "../../../test/factories/script-factory";
import { diffScripts } from "./diff";

const base = minimalScript({
  nodes: [
    startNode(),
    sayNode("hello", "Hello, this is Anna from Solar."),
    questionNode("q1", "Do you own your home?", "single", ["Yes, I own it", "No, I rent", "Other"]),
    endNode("done", "Interested"),
    endNode("bye", "Not interested"),
  ],
  edges: [
    edge("start", "next", "hello"),
    edge("hello", "next", "q1"),
    edge("q1", "option:q1-o1", "done"),
    edge("q1", "option:q1-o2", "bye"),
    edge("q1", "option:q1-o3", "bye"),
  ],
  variables: [variable("firstName")],
  objections: [objection("busy", "No time", "I will be quick.")],
});

describe("diffScripts", () => {
  it("finds nothing between a script and itself, even with moved steps and new edge ids", () => {
    const moved = structuredClone(base);
    moved.nodes[1].position = { x: 300, y: 40 };
    moved.edges = moved.edges.map((e, i) => ({ ...e, id: `renamed-${i}` }));
    const diff = diffScripts(base, moved);
    expect(diff.total).toBe(0);
    expect(diff.nodeMarks).toEqual({});
  });

  it("reports steps added and removed, and the connections that came and went with them", () => {
    const after = structuredClone(base);
    after.nodes = after.nodes.filter((n) => n.id !== "bye");
    after.nodes.push(sayNode("sorry", "Sorry to bother you."), endNode("bye2", "Declined"));
    after.edges = [
      ...after.edges.filter((e) => e.target !== "bye"),
      edge("q1", "option:q1-o2", "sorry"),
      edge("sorry", "next", "bye2"),
      edge("q1", "option:q1-o3", "sorry"),
    ];
    const diff = diffScripts(base, after);
    expect(diff.nodes.added.map((n) => n.nodeId)).toEqual(["sorry", "bye2"]);
    expect(diff.nodes.removed).toEqual([{ nodeId: "bye", kind: "end", name: "Not interested" }]);
    expect(diff.nodeMarks).toMatchObject({ sorry: "added", bye2: "added", bye: "removed", q1: "changed" });
    // q1's answers now lead to "sorry" instead of "bye": moved branches, not add+remove.
    expect(diff.branchesMoved.map((m) => [m.source.nodeId, m.output, m.from.name, m.to.name])).toEqual([
      ["q1", "No, I rent", "Not interested", "Sorry to bother you."],
      ["q1", "Other", "Not interested", "Sorry to bother you."],
    ]);
    expect(diff.edges.added.map((e) => [e.source.nodeId, e.output, e.target.nodeId])).toEqual([["sorry", "Next", "bye2"]]);
    expect(diff.edges.removed).toEqual([]);
  });

  it("reports a removed connection with the answer it left from", () => {
    const after = structuredClone(base);
    after.edges = after.edges.filter((e) => e.sourceHandle !== "option:q1-o3");
    const diff = diffScripts(base, after);
    expect(diff.edges.removed.map((e) => `${e.source.name} / ${e.output} → ${e.target.name}`)).toEqual([
      "Do you own your home? / Other → Not interested",
    ]);
    expect(diff.nodeMarks).toEqual({ q1: "changed" });
  });

  it("names the changed fields of a step and diffs its text word by word", () => {
    const after = structuredClone(base);
    after.nodes[1] = sayNode("hello", "Hello, this is Anna calling from Sunny Solar.", { note: "Smile" });
    const [change] = diffScripts(base, after).nodes.changed;
    expect(change).toMatchObject({ nodeId: "hello", kind: "say", fields: ["text", "note"] });
    const text = change.texts.find((t) => t.field === "text")!;
    expect(text.parts.filter((p) => p.op === "insert").map((p) => p.text.trim()).filter(Boolean)).toEqual([
      "calling",
      "Sunny",
    ]);
    expect(text.parts.filter((p) => p.op === "delete")).toEqual([]);
  });

  it("reports answers added, removed, relabelled and reordered", () => {
    const after = structuredClone(base);
    const q = after.nodes[2];
    if (q.kind !== "question") throw new Error("fixture");
    q.options = [
      { id: "q1-o2", label: "No, I rent" },
      { id: "q1-o1", label: "Yes, we own it" },
      { id: "q1-o4", label: "Living with parents" },
    ];
    const [change] = diffScripts(base, after).nodes.changed;
    expect(change.fields).toEqual(["answers"]);
    expect(change.options).toEqual([
      { change: "relabelled", optionId: "q1-o1", from: "Yes, I own it", to: "Yes, we own it" },
      { change: "added", optionId: "q1-o4", label: "Living with parents" },
      { change: "removed", optionId: "q1-o3", label: "Other" },
      { change: "reordered", from: ["Yes, I own it", "No, I rent"], to: ["No, I rent", "Yes, we own it"] },
    ]);
  });

  it("reports objections, merge fields and script settings that changed", () => {
    const after = structuredClone(base);
    after.title = "Solar survey 2";
    after.objections = [
      objection("busy", "No time", "I will be very quick.", { action: "end", outcome: { label: "Busy", success: false, disposition: "2.11" } }),
      objection("email", "Send an email", "Of course."),
    ];
    after.variables = [variable("firstName", { required: true }), variable("company")];
    const diff = diffScripts(base, after);
    expect(diff.script).toEqual([{ field: "title", from: "Test script", to: "Solar survey 2" }]);
    expect(diff.objections.added.map((o) => o.label)).toEqual(["Send an email"]);
    expect(diff.objections.changed).toHaveLength(1);
    expect(diff.objections.changed[0].fields).toEqual(["reply", "what follows"]);
    expect(diff.objections.changed[0].texts[0].parts.some((p) => p.op === "insert" && p.text.trim() === "very")).toBe(true);
    expect(diff.variables.added.map((v) => v.id)).toEqual(["company"]);
    expect(diff.variables.changed).toEqual([{ id: "firstName", label: "firstName", fields: ["required"], texts: [] }]);
    expect(diff.total).toBe(5);
  });
});
