import { describe, expect, it } from "vitest";
import { diffScripts } from "~/domain/versions/diff";
import { edge, endNode, makeScript, questionNode, sayNode, startNode } from "../../test/factories/script-factory";
import { commentFlow, diffFlow, EDGE_MARKS, NODE_MARKS } from "./canvas-marks";

const before = makeScript({
  nodes: [
    startNode(),
    sayNode("hello", "Hello."),
    sayNode("old", "A step we drop.", { position: { x: 400, y: 100 } }),
    questionNode("own", "Do you own your home?"),
    endNode("yes-end", "Interested"),
    endNode("no-end", "Not an owner"),
  ],
  edges: [
    edge("start", "next", "hello"),
    edge("hello", "next", "old"),
    edge("old", "next", "own"),
    edge("own", "yes", "yes-end"),
    edge("own", "no", "no-end"),
  ],
});
const after = makeScript({
  nodes: [
    startNode(),
    sayNode("hello", "Hello, we are calling about solar panels."),
    questionNode("own", "Do you own your home?"),
    sayNode("fresh", "Ask who owns it.", { position: { x: 200, y: 400 } }),
    endNode("yes-end", "Interested"),
    endNode("no-end", "Not an owner"),
  ],
  edges: [
    edge("start", "next", "hello"),
    edge("hello", "next", "own"),
    edge("own", "yes", "yes-end"),
    edge("own", "no", "fresh"),
    edge("fresh", "next", "no-end"),
  ],
});

describe("diff marks on the canvas", () => {
  const diff = diffScripts(before, after);
  const { nodes, edges } = diffFlow(before, after, diff);
  const markOf = (id: string) => nodes.find((n) => n.id === id)?.data.mark;

  it("marks the new side's steps added, changed or unchanged, and says so in their accessible names", () => {
    expect(markOf("fresh")).toBe("added");
    expect(markOf("hello")).toBe("changed");
    // Only the answer "no" leads elsewhere now: the question is changed too.
    expect(markOf("own")).toBe("changed");
    expect(markOf("start")).toBe("unchanged");
    expect(markOf("yes-end")).toBe("unchanged");
    expect(nodes.find((n) => n.id === "hello")?.ariaLabel).toBe("Say: Hello, we are calling about solar panels. (changed)");
    expect(nodes.find((n) => n.id === "fresh")?.className).toContain("mark-added");
  });

  it("draws a removed step as a ghost where it used to be, behind the others", () => {
    const ghost = nodes.find((n) => n.id === "old");
    expect(ghost?.data.mark).toBe("removed");
    expect(ghost?.position).toEqual({ x: 400, y: 100 });
    expect(ghost?.zIndex).toBe(-1);
    expect(ghost?.ariaLabel).toMatch(/^Say: A step we drop\. \(removed\)$/);
    expect(nodes).toHaveLength(after.nodes.length + 1);
  });

  it("marks connections the way the change list reports them", () => {
    const byId = Object.fromEntries(edges.map((e) => [e.id, e.className]));
    expect(byId).toEqual({
      "start-next-hello": "diff-edge edge-unchanged",
      "hello-next-own": "diff-edge edge-moved",
      "own-yes-yes-end": "diff-edge edge-unchanged",
      "own-no-fresh": "diff-edge edge-moved",
      "fresh-next-no-end": "diff-edge edge-added",
      "was:hello-next-old": "diff-edge edge-moved-from",
      "was:old-next-own": "diff-edge edge-removed",
      "was:own-no-no-end": "diff-edge edge-moved-from",
    });
    const count = (mark: string) => edges.filter((e) => e.className === `diff-edge edge-${mark}`).length;
    expect(count("added")).toBe(diff.edges.added.length);
    expect(count("removed")).toBe(diff.edges.removed.length);
    expect(count("moved")).toBe(diff.branchesMoved.length);
    expect(edges.find((e) => e.id === "fresh-next-no-end")?.label).toBe("Added");
    expect(edges.find((e) => e.id === "start-next-hello")?.label).toBeUndefined();
  });

  it("gives every mark a word and every changed mark a sign, not only a colour", () => {
    for (const mark of Object.values(NODE_MARKS)) expect(mark.label).toMatch(/\w/);
    for (const mark of [NODE_MARKS.added, NODE_MARKS.changed, NODE_MARKS.removed]) expect(mark.sign).not.toBe("");
    expect(new Set(Object.values(EDGE_MARKS).map((m) => m.label)).size).toBe(4);
  });

  it("marks nothing when the two sides are the same", () => {
    const same = diffFlow(after, after, diffScripts(after, after));
    expect(new Set(same.nodes.map((n) => n.data.mark))).toEqual(new Set(["unchanged"]));
    expect(new Set(same.edges.map((e) => e.className))).toEqual(new Set(["diff-edge edge-unchanged"]));
  });
});

describe("comment badges on the canvas", () => {
  it("counts each step's threads and open ones, ignoring comments on the whole script", () => {
    const { nodes } = commentFlow(after, [
      { id: "t1", nodeId: "hello", resolved: true },
      { id: "t2", nodeId: "hello", resolved: false },
      { id: "t3", resolved: false },
      { id: "t4", nodeId: "own", resolved: true },
    ]);
    const hello = nodes.find((n) => n.id === "hello");
    expect(hello?.data.comments).toEqual({ total: 2, open: 1, firstThreadId: "t1" });
    expect(hello?.ariaLabel).toMatch(/, 2 comments, 1 open$/);
    expect(nodes.find((n) => n.id === "own")?.ariaLabel).toMatch(/, 1 comment, resolved$/);
    expect(nodes.find((n) => n.id === "start")?.data.comments).toBeUndefined();
  });
});
