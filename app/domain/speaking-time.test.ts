import { freeze, produce } from "immer";
import { describe, expect, it } from "vitest";
import { TEMPLATES } from "~/templates";
import {
  checkpointNode,
  conditionNode,
  edge,
  endNode,
  makeScript,
  objection,
  questionNode,
  rule,
  sayNode,
  startNode,
  variable,
} from "../../test/factories/script-factory";
import { generateScript } from "./generate-script";
import { richTextFromPlain } from "./rich-text";
import type { Script } from "./script-types";
import {
  enumeratePaths,
  measureText,
  nodeSpeakingSeconds,
  nodeTiming,
  objectionSpeakingSeconds,
  openingTiming,
  timingSummary,
  uncachedNodeTiming,
  type ScriptPath,
} from "./speaking-time";

const NOW = "2025-03-01T08:00:00.000Z";

/** n distinct words: "w1 w2 ... wn". */
const words = (n: number) => Array.from({ length: n }, (_, i) => `w${i + 1}`).join(" ");

describe("measureText", () => {
  it.each([
    ["Hello, world!", 2, 0],
    ["  — … !  ", 0, 0],
    ["Jó napot kívánok! Most alkalmas Önnek?", 6, 0],
    ["Call 400-820-1234 today", 3, 0],
    ["您好，我是王经理。", 0, 7],
    ["iPhone用户 and 安卓", 2, 4],
    ["こんにちは、カタカナ", 0, 9],
    ["안녕하세요 여러분", 0, 8],
    ["Wait\u00a0here", 2, 0],
  ])("counts %j as %i words and %i CJK characters", (text, w, c) => {
    expect(measureText(text)).toEqual({ words: w, characters: c });
  });
});

describe("nodeSpeakingSeconds", () => {
  const script = (partial: Partial<Script> = {}) => makeScript(partial);

  it("reads space-separated words at wordsPerMinute (150 by default)", () => {
    expect(nodeSpeakingSeconds(sayNode("s", words(15)), script())).toBeCloseTo(6);
    expect(
      nodeSpeakingSeconds(sayNode("s", words(15)), script({ settings: { wordsPerMinute: 60 } })),
    ).toBeCloseTo(15);
  });

  it("reads Chinese, Japanese and Korean characters at charactersPerMinute (250 by default)", () => {
    const text = "我".repeat(25);
    expect(nodeSpeakingSeconds(sayNode("s", text), script())).toBeCloseTo(6);
    expect(
      nodeSpeakingSeconds(sayNode("s", text), script({ settings: { charactersPerMinute: 100 } })),
    ).toBeCloseTo(15);
    // Mixed text counts both: 5 words (2 s) and 25 characters (6 s).
    expect(nodeSpeakingSeconds(sayNode("s", `${words(5)} ${text}`), script())).toBeCloseTo(8);
  });

  it("reads a merge field as its sample, or as two words without one", () => {
    const vars = script({
      variables: [
        variable("name", { sample: "Anna Maria Smith" }),
        variable("company"),
        variable("city", { sample: "北京" }),
      ],
    });
    expect(nodeSpeakingSeconds(sayNode("s", "Hi {{name}}"), vars)).toBeCloseTo((4 * 60) / 150);
    expect(nodeSpeakingSeconds(sayNode("s", "Hi {{company}}"), vars)).toBeCloseTo((3 * 60) / 150);
    expect(nodeSpeakingSeconds(sayNode("s", "Hi {{undeclared}}"), vars)).toBeCloseTo((3 * 60) / 150);
    expect(nodeSpeakingSeconds(sayNode("s", "{{city}}"), vars)).toBeCloseTo((2 * 60) / 250);
  });

  it("adds answerSeconds (3 by default) to a question, and options read aloud", () => {
    expect(nodeSpeakingSeconds(questionNode("q", words(15)), script())).toBeCloseTo(9);
    expect(
      nodeSpeakingSeconds(questionNode("q", words(15)), script({ settings: { answerSeconds: 5 } })),
    ).toBeCloseTo(11);
    const readOut = questionNode("q", words(10), "single", ["Yes please", "No", "Maybe later"], {
      readOut: { aloud: true, order: "fixed" },
    });
    expect(nodeSpeakingSeconds(readOut, script())).toBeCloseTo(((10 + 5) * 60) / 150 + 3);
    const silent = { ...readOut, readOut: { aloud: false, order: "fixed" as const } };
    expect(nodeSpeakingSeconds(silent, script())).toBeCloseTo(4 + 3);
  });

  it("times ends' texts; starts, conditions and checkpoints take no time", () => {
    expect(
      nodeSpeakingSeconds(endNode("e", "Done", { text: richTextFromPlain(words(5)) }), script()),
    ).toBeCloseTo(2);
    expect(nodeSpeakingSeconds(endNode("e"), script())).toBe(0);
    expect(nodeSpeakingSeconds(startNode(), script())).toBe(0);
    expect(nodeSpeakingSeconds(conditionNode("c", []), script())).toBe(0);
    expect(nodeSpeakingSeconds(checkpointNode("p"), script())).toBe(0);
  });

  it("times objection replies separately", () => {
    expect(objectionSpeakingSeconds(objection("o", "Busy", words(30)), script())).toBeCloseTo(12);
  });
});

/** start -> q (yes/no); yes -> a -> end-a; no -> b -> end-b. */
function forked(): Script {
  return makeScript({
    nodes: [
      startNode(),
      questionNode("q", words(10)),
      sayNode("a", words(5)),
      sayNode("b", words(20)),
      endNode("end-a", "Yes end"),
      endNode("end-b", "No end"),
    ],
    edges: [
      edge("start", "next", "q"),
      edge("q", "yes", "a"),
      edge("q", "no", "b"),
      edge("a", "next", "end-a"),
      edge("b", "next", "end-b"),
    ],
  });
}

/** k yes/no questions in a row; each answer has its own statement of a different length, then the next. */
function ladder(k: number): Script {
  const nodes: Script["nodes"] = [startNode()];
  const edges: Script["edges"] = [edge("start", "next", "q1")];
  for (let i = 1; i <= k; i++) {
    const next = i < k ? `q${i + 1}` : "done";
    nodes.push(questionNode(`q${i}`, words(5)), sayNode(`y${i}`, words(2)), sayNode(`n${i}`, words(2 + i)));
    edges.push(edge(`q${i}`, "yes", `y${i}`), edge(`q${i}`, "no", `n${i}`));
    edges.push(edge(`y${i}`, "next", next), edge(`n${i}`, "next", next));
  }
  nodes.push(endNode("done"));
  return makeScript({ nodes, edges });
}

/** Each consecutive pair of a path is joined by the path's edge, as the script says. */
function expectWellFormed(script: Script, path: ScriptPath): void {
  expect(path.nodeIds[0]).toBe("start");
  expect(path.edgeIds).toHaveLength(path.nodeIds.length - 1);
  path.edgeIds.forEach((id, k) => {
    const e = script.edges.find((x) => x.id === id);
    expect(e).toMatchObject({ source: path.nodeIds[k], target: path.nodeIds[k + 1] });
  });
}

describe("enumeratePaths", () => {
  it("lists the paths depth first, outputs in order, with their time and words", () => {
    const script = forked();
    const paths = enumeratePaths(script);
    expect(paths.truncated).toBe(false);
    expect(paths).toEqual([
      {
        nodeIds: ["start", "q", "a", "end-a"],
        edgeIds: ["start-next-q", "q-yes-a", "a-next-end-a"],
        seconds: 4 + 3 + 2,
        words: 15,
        characters: 0,
        endNodeId: "end-a",
        outcomeLabel: "Yes end",
      },
      {
        nodeIds: ["start", "q", "b", "end-b"],
        edgeIds: ["start-next-q", "q-no-b", "b-next-end-b"],
        seconds: 4 + 3 + 8,
        words: 30,
        characters: 0,
        endNodeId: "end-b",
        outcomeLabel: "No end",
      },
    ]);
  });

  it("makes one path of answers that lead to the same step", () => {
    const script = makeScript({
      nodes: [startNode(), questionNode("q", "Which?", "single", ["A", "B", "C"]), endNode("e")],
      edges: [
        edge("start", "next", "q"),
        edge("q", "option:q-o1", "e"),
        edge("q", "option:q-o2", "e"),
        edge("q", "option:q-o3", "e"),
      ],
    });
    const paths = enumeratePaths(script);
    expect(paths.map((p) => p.edgeIds)).toEqual([["start-next-q", "q-option_q-o1-e"]]);
  });

  it("takes each loop at most once", () => {
    const script = makeScript({
      nodes: [
        startNode(),
        questionNode("q", "Did you hear me?"),
        sayNode("again", "Let me repeat."),
        endNode("e"),
      ],
      edges: [
        edge("start", "next", "q"),
        edge("q", "yes", "e"),
        edge("q", "no", "again"),
        edge("again", "next", "q"),
      ],
    });
    expect(enumeratePaths(script).map((p) => p.nodeIds)).toEqual([
      ["start", "q", "e"],
      ["start", "q", "again", "q", "e"],
    ]);
  });

  it("ends a path at a dead end, without an outcome", () => {
    const script = forked();
    script.edges = script.edges.filter((e) => e.id !== "b-next-end-b");
    script.edges.push(edge("q", "no", "b"));
    const paths = enumeratePaths(script);
    expect(paths.map((p) => [p.nodeIds.at(-1), p.endNodeId])).toEqual([
      ["end-a", "end-a"],
      ["b", undefined],
    ]);
    const stuck = makeScript({
      nodes: [startNode(), questionNode("q", "?")],
      edges: [edge("start", "next", "q")],
    });
    expect(enumeratePaths(stuck).map((p) => p.nodeIds)).toEqual([["start", "q"]]);
  });

  it("stops at maxPaths and says so", () => {
    const script = ladder(4); // 16 paths
    const some = enumeratePaths(script, { maxPaths: 5 });
    expect(some).toHaveLength(5);
    expect(some.truncated).toBe(true);
    const all = enumeratePaths(script, { maxPaths: 16 });
    expect(all).toHaveLength(16);
    expect(all.truncated).toBe(false);
    for (const path of all) expectWellFormed(script, path);
    expect(new Set(all.map((p) => p.nodeIds.join())).size).toBe(16);
  });

  it("finds nothing without a start", () => {
    const paths = enumeratePaths(makeScript({ nodes: [sayNode("s", "Hi")] }));
    expect(paths).toEqual([]);
    expect(paths.truncated).toBe(false);
  });

  it("stays bounded on a generated 1,000-step script", () => {
    const script = generateScript({ nodes: 1000, seed: 7, now: NOW });
    const paths = enumeratePaths(script);
    expect(paths).toHaveLength(500);
    expect(paths.truncated).toBe(true);
    expectWellFormed(script, paths[499]);
  });
});

describe("timingSummary", () => {
  it("reports the shortest, the median and the longest path", () => {
    const script = ladder(2); // 4 paths: y1y2, y1n2, n1y2, n1n2
    const summary = timingSummary(script);
    expect(summary.pathCount).toBe(4);
    expect(summary.truncated).toBe(false);
    const q = 2 + 3; // 5 words and the answer
    expect(summary.shortest?.seconds).toBeCloseTo(2 * q + 0.8 + 0.8);
    expect(summary.shortest?.nodeIds).toEqual(["start", "q1", "y1", "q2", "y2", "done"]);
    // Lower median of [y1y2, y1n2 (+1.6 - 0.8), n1y2 (+1.2 - 0.8), n1n2]: the n1y2 path.
    expect(summary.typical?.nodeIds).toEqual(["start", "q1", "n1", "q2", "y2", "done"]);
    expect(summary.longest?.nodeIds).toEqual(["start", "q1", "n1", "q2", "n2", "done"]);
    expect(summary.warnings).toEqual([]);
  });

  it("measures the opening up to the first question or checkpoint, its text included, its answer not", () => {
    const script = makeScript({
      nodes: [
        startNode(),
        sayNode("hi", words(15)),
        sayNode("why", words(15)),
        questionNode("q", words(10)),
        endNode("e"),
      ],
      edges: [
        edge("start", "next", "hi"),
        edge("hi", "next", "why"),
        edge("why", "next", "q"),
        edge("q", "yes", "e"),
        edge("q", "no", "e"),
      ],
    });
    expect(openingTiming(script)).toEqual({ seconds: 16, nodeIds: ["start", "hi", "why", "q"] });
    expect(timingSummary(script)).toMatchObject({
      openingSeconds: 16,
      openingNodeIds: ["start", "hi", "why", "q"],
    });
    const milestone = makeScript({
      nodes: [
        startNode(),
        sayNode("hi", words(15)),
        checkpointNode("p"),
        sayNode("pitch", words(100)),
        endNode("e"),
      ],
      edges: [
        edge("start", "next", "hi"),
        edge("hi", "next", "p"),
        edge("p", "next", "pitch"),
        edge("pitch", "next", "e"),
      ],
    });
    expect(openingTiming(milestone).seconds).toBeCloseTo(6);
  });

  it("takes the route that reaches the first question soonest", () => {
    const script = makeScript({
      variables: [variable("vip", { type: "boolean" })],
      nodes: [
        startNode(),
        conditionNode("c", [rule("r1", "variable", "vip")]),
        sayNode("long", words(100)),
        sayNode("short", words(5)),
        questionNode("q", words(10)),
        endNode("e"),
      ],
      edges: [
        edge("start", "next", "c"),
        edge("c", "rule:r1", "long"),
        edge("c", "else", "short"),
        edge("long", "next", "q"),
        edge("short", "next", "q"),
        edge("q", "yes", "e"),
        edge("q", "no", "e"),
      ],
    });
    expect(openingTiming(script)).toEqual({ seconds: 6, nodeIds: ["start", "c", "short", "q"] });
  });

  it("warns when the opening takes more than 30 seconds, on its wordiest step", () => {
    const script = makeScript({
      nodes: [
        startNode(),
        sayNode("hi", words(20)),
        sayNode("monologue", words(80)),
        questionNode("q", "Ok?"),
        endNode("e"),
      ],
      edges: [
        edge("start", "next", "hi"),
        edge("hi", "next", "monologue"),
        edge("monologue", "next", "q"),
        edge("q", "yes", "e"),
        edge("q", "no", "e"),
      ],
    });
    const { warnings } = timingSummary(script);
    expect(warnings).toEqual([
      expect.objectContaining({ severity: "warning", code: "opening-too-long", nodeId: "monologue" }),
    ]);
    expect(warnings[0].message).toMatch(/about 40 s/); // 20 + 80 + 1 words at 150 a minute
  });

  it("warns when a survey's longest path takes more than three minutes, not a call script's", () => {
    const long = (kind: Script["kind"]) =>
      makeScript({
        kind,
        nodes: [startNode(), questionNode("q", "Ok?"), sayNode("s", words(460)), endNode("e", "Long way")],
        edges: [
          edge("start", "next", "q"),
          edge("q", "yes", "s"),
          edge("q", "no", "e"),
          edge("s", "next", "e"),
        ],
      });
    const survey = timingSummary(long("survey"));
    expect(survey.longest?.seconds).toBeGreaterThan(180);
    expect(survey.warnings).toEqual([
      expect.objectContaining({ severity: "warning", code: "survey-too-long", nodeId: "e" }),
    ]);
    expect(survey.warnings[0].message).toMatch(/3 min 0\d s.*“Long way”/);
    expect(timingSummary(long("call-script")).warnings).toEqual([]);
  });

  it("has nothing to report for a script without a start", () => {
    expect(timingSummary(makeScript({ nodes: [sayNode("s", "Hi")] }))).toEqual({
      pathCount: 0,
      truncated: false,
      openingSeconds: 0,
      openingNodeIds: [],
      warnings: [],
    });
  });

  it.each([
    [70, 4],
    [80, 4],
  ])(
    "beyond 500 paths, finds the exact shortest and longest and a typical one (%i steps, seed %i)",
    (nodes, seed) => {
      const script = generateScript({ nodes, seed, now: NOW });
      const all = enumeratePaths(script, { maxPaths: 100_000 });
      expect(all.truncated).toBe(false);
      expect(all.length).toBeGreaterThan(500);
      const durations = all.map((p) => p.seconds).sort((a, b) => a - b);
      const summary = timingSummary(script);
      expect(summary).toMatchObject({ pathCount: 500, truncated: true });
      expect(summary.shortest?.seconds).toBeCloseTo(durations[0]);
      expect(summary.longest?.seconds).toBeCloseTo(durations.at(-1) as number);
      const typical = summary.typical?.seconds as number;
      expect(typical).toBeGreaterThanOrEqual(durations[Math.floor(durations.length * 0.25)]);
      expect(typical).toBeLessThanOrEqual(durations[Math.floor(durations.length * 0.75)]);
      for (const path of [summary.shortest, summary.typical, summary.longest]) {
        expectWellFormed(script, path as ScriptPath);
        expect(path?.endNodeId).toBeDefined();
      }
      expect(timingSummary(script)).toEqual(summary); // the sample is seeded
    },
  );

  it("beyond 500 paths with loops, still finds the shortest path, and a longest that goes round at most once", () => {
    const script = ladder(10); // 1,024 paths
    script.nodes.push(questionNode("again", "Shall I repeat?"));
    script.edges = script.edges.map((e) => (e.id === "n10-next-done" ? edge("n10", "next", "again") : e));
    script.edges.push(edge("again", "yes", "q1"), edge("again", "no", "done"));
    const summary = timingSummary(script);
    expect(summary.truncated).toBe(true);
    expect(summary.shortest?.nodeIds).toEqual([
      "start",
      ...Array.from({ length: 10 }, (_, i) => [`q${i + 1}`, `y${i + 1}`]).flat(),
      "done",
    ]);
    const loopFree = [
      "start",
      ...Array.from({ length: 10 }, (_, i) => [`q${i + 1}`, `n${i + 1}`]).flat(),
      "again",
      "done",
    ];
    const seconds = (ids: string[]) =>
      ids.reduce(
        (sum, id) =>
          sum +
          nodeSpeakingSeconds(
            script.nodes.find((n) => n.id === id)!,
            script,
          ),
        0,
      );
    const longest = summary.longest as ScriptPath;
    expectWellFormed(script, longest);
    expect(longest.endNodeId).toBe("done");
    expect(longest.seconds).toBeGreaterThanOrEqual(seconds(loopFree) - 1e-9);
    expect(
      Math.max(...longest.nodeIds.map((id) => longest.nodeIds.filter((x) => x === id).length)),
    ).toBeLessThanOrEqual(2);
  });

  it("gives no timing warnings for the shipped templates", () => {
    for (const template of TEMPLATES) {
      const summary = timingSummary(template.build({ now: NOW }));
      expect({ template: template.id, warnings: summary.warnings }).toEqual({
        template: template.id,
        warnings: [],
      });
      expect(summary.pathCount).toBeGreaterThan(0);
      expect(summary.truncated).toBe(false);
      expect(summary.openingSeconds).toBeGreaterThan(5);
    }
  });
});

describe("cached step timings (the editor's frozen documents)", () => {
  // The reference: the same document as fresh, unfrozen objects, which are never cached.
  const fresh = (script: Script): Script => structuredClone(script);
  const sameAsUncached = (script: Script) => {
    expect(timingSummary(script)).toEqual(timingSummary(fresh(script)));
    for (const node of script.nodes) expect(nodeTiming(node, script)).toEqual(uncachedNodeTiming(node, script));
  };
  const CJK = ["ご協力ありがとうございます", "您好，我是{{agentName}}", "안녕하세요 고객님", "今日は mixed words です"];

  it.each([101, 20_250_301, 7])("agrees with uncached timing after edits of a generated script (seed %i)", (seed) => {
    let doc = freeze(generateScript({ nodes: 400, seed, now: NOW }), true);
    sameAsUncached(doc);
    const say = doc.nodes.findIndex((n) => n.kind === "say");
    const question = doc.nodes.findIndex((n) => n.kind === "question" && n.options.length > 0);
    // One keystroke at a time in CJK text: every character changes the step's count.
    let typed = "";
    for (const ch of "お電話ありがとう") {
      typed += ch;
      const text = typed;
      doc = produce(doc, (d) => {
        const n = d.nodes[say];
        if (n.kind === "say") n.text = richTextFromPlain(text);
      });
      sameAsUncached(doc);
    }
    // Every step turned into CJK text at once, then the rates, the samples and read-out options change.
    doc = produce(doc, (d) => {
      d.nodes.forEach((n, i) => {
        if ("text" in n && n.text) n.text = richTextFromPlain(CJK[i % CJK.length]);
      });
    });
    sameAsUncached(doc);
    doc = produce(doc, (d) => {
      d.settings = { ...d.settings, wordsPerMinute: 90, charactersPerMinute: 400, answerSeconds: 5 };
    });
    sameAsUncached(doc);
    doc = produce(doc, (d) => {
      const agent = d.variables.find((v) => v.key === "agentName");
      if (agent) agent.sample = "Maximilian von Habsburg-Lothringen";
    });
    sameAsUncached(doc);
    doc = produce(doc, (d) => {
      const q = d.nodes[question];
      if (q.kind === "question") {
        q.readOut = { order: q.readOut?.order ?? "fixed", aloud: !q.readOut?.aloud };
        q.options[0].label = "はい、そうです";
      }
    });
    sameAsUncached(doc);
  });

  it("measures a step that is not frozen again after it changed in place", () => {
    const node = sayNode("s", "One two three");
    const script = makeScript({ nodes: [node] });
    expect(nodeTiming(node, script).words).toBe(3);
    node.text = richTextFromPlain("One two three four five");
    expect(nodeTiming(node, script).words).toBe(5);
  });
});
