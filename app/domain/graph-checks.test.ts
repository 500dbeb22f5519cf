import { describe, expect, it } from "vitest";
import {
  callbackNode,
  checkpointNode,
  conditionNode,
  edge,
  endNode,
  makeScript,
  minimalScript,
  objection,
  questionNode,
  referralNode,
  rule,
  sayNode,
  startNode,
  variable,
} from "../../test/factories/script-factory";
import { checkScript, summarizeFindings, type Finding, type FindingCode } from "./graph-checks";
import { richTextFromPlain } from "./rich-text";
import type { Script } from "./script-types";

const codes = (script: Script) => checkScript(script).map((f) => f.code);
const only = (script: Script, code: FindingCode) => checkScript(script).filter((f) => f.code === code);

/** A realistic clean script: every node kind, merge fields, an objection that jumps to the callback. */
function cleanScript(): Script {
  return makeScript({
    variables: [variable("firstName"), variable("vip", { type: "boolean" })],
    nodes: [
      startNode(),
      sayNode("hello", "Hello {{firstName}}, this is Anna from Acme Events."),
      checkpointNode("opened", "Opener delivered"),
      questionNode("time", "Do you have two minutes?", "yes-no", [], { allowRefused: true }),
      conditionNode("isVip", [rule("r1", "variable", "vip", { label: "VIP" })], { title: "VIP?" }),
      questionNode("attend", "Do you plan to attend the event?", "single", ["Yes", "Maybe", "No"]),
      questionNode("source", "How did you hear about us?", "semi-open", ["Email", "Colleague"]),
      questionNode("rating", "How likely are you to recommend us?", "scale", [], {
        scale: { min: 0, max: 10 },
      }),
      conditionNode("keen", [rule("r2", "answer", "attend", { value: "attend-o1", label: "Said yes" })]),
      callbackNode("later", "When may I call you back?"),
      referralNode("other", "Who else should I speak to?"),
      endNode("registered", "Registered"),
      endNode("declined", "Declined", {
        outcome: { label: "Declined", success: false, disposition: "2.11" },
      }),
    ],
    edges: [
      edge("start", "next", "hello"),
      edge("hello", "next", "opened"),
      edge("opened", "next", "time"),
      edge("time", "yes", "isVip"),
      edge("time", "no", "later"),
      edge("time", "refused", "declined"),
      edge("isVip", "rule:r1", "attend"),
      edge("isVip", "else", "attend"),
      edge("attend", "option:attend-o1", "source"),
      edge("attend", "option:attend-o2", "source"),
      edge("attend", "option:attend-o3", "other"),
      edge("source", "option:source-o1", "rating"),
      edge("source", "option:source-o2", "rating"),
      edge("source", "other", "rating"),
      edge("rating", "next", "keen"),
      edge("keen", "rule:r2", "registered"),
      edge("keen", "else", "declined"),
      edge("later", "next", "declined"),
      edge("other", "next", "declined"),
    ],
    objections: [
      objection(
        "busy",
        "No time",
        "I understand, {{firstName}}.",
        { action: "goto", target: "later" },
        { shortcut: "t" },
      ),
      objection("stop", "Not interested", "Thank you for your time.", {
        action: "end",
        outcome: { label: "Refused", success: false, disposition: "2.11" },
      }),
    ],
  });
}

describe("checkScript", () => {
  it("finds nothing wrong with a clean script", () => {
    expect(checkScript(cleanScript())).toEqual([]);
    expect(checkScript(minimalScript())).toEqual([]);
  });

  describe("start", () => {
    it("reports a script without a start, once, and no unreachable steps", () => {
      const script = makeScript({
        nodes: [sayNode("hello", "Hello"), endNode("done")],
        edges: [edge("hello", "next", "done")],
      });
      expect(codes(script)).toEqual(["no-start"]);
    });

    it("reports each extra start", () => {
      const script = minimalScript();
      script.nodes.push(startNode("start2"), startNode("start3"));
      script.edges.push(edge("start2", "next", "hello"), edge("start3", "next", "hello"));
      const found = only(script, "multiple-starts");
      expect(found.map((f) => f.nodeId)).toEqual(["start2", "start3"]);
      expect(found[0].severity).toBe("error");
      expect(found[0].message).toMatch(/3 start steps/);
    });
  });

  describe("ids", () => {
    it("reports a node id used twice", () => {
      const script = minimalScript();
      script.nodes.push(sayNode("hello", "Hello again"));
      const [finding] = only(script, "duplicate-node-id");
      expect(finding).toMatchObject({ severity: "error", nodeId: "hello" });
      expect(finding.message).toContain("Say “Hello again”");
      expect(finding.message).toContain("Say “Hello, this is ScriptPilot.”");
    });

    it("reports an edge id used twice", () => {
      const script = minimalScript();
      script.edges[1].id = script.edges[0].id;
      expect(only(script, "duplicate-edge-id")).toEqual([
        expect.objectContaining({ severity: "error", edgeId: "start-next-hello", nodeId: "hello" }),
      ]);
    });

    it("reports two answers or rules sharing an id", () => {
      const script = makeScript({
        nodes: [
          startNode(),
          questionNode("q", "Which day?", "single", [
            { id: "a", label: "Monday" },
            { id: "a", label: "Tuesday" },
          ]),
          conditionNode("c", [rule("r", "answer", "q"), rule("r", "answer", "q")]),
          endNode("done"),
        ],
        edges: [
          edge("start", "next", "q"),
          edge("q", "option:a", "c"),
          edge("c", "rule:r", "done"),
          edge("c", "else", "done"),
        ],
      });
      expect(only(script, "duplicate-output-id").map((f) => f.nodeId)).toEqual(["q", "c"]);
      expect(codes(script)).not.toContain("unconnected-output");
    });
  });

  describe("connections", () => {
    it("reports a connection to or from a step that does not exist", () => {
      const script = minimalScript();
      script.edges.push(edge("ghost", "next", "done"), edge("hello", "next", "nowhere", "e-x"));
      const source = only(script, "missing-source");
      expect(source).toEqual([expect.objectContaining({ edgeId: "ghost-next-done", nodeId: "done" })]);
      expect(source[0].message).toContain("“ghost”");
      const target = only(script, "missing-target");
      expect(target).toEqual([expect.objectContaining({ edgeId: "e-x", nodeId: "hello" })]);
      expect(target[0].message).toContain("“nowhere”");
      expect(codes(script)).not.toContain("ambiguous-output");
    });

    it("reports a connection from an output the step does not have", () => {
      const script = minimalScript();
      script.edges.push(edge("hello", "yes", "done"), edge("done", "next", "hello"));
      expect(only(script, "unknown-output").map((f) => [f.nodeId, f.edgeId])).toEqual([
        ["hello", "hello-yes-done"],
        ["done", "done-next-hello"],
      ]);
    });

    it("reports two connections from the same output", () => {
      const script = minimalScript();
      script.nodes.push(endNode("done2", "Other end"));
      script.edges.push(edge("hello", "next", "done2"));
      const found = only(script, "ambiguous-output");
      expect(found).toEqual([
        expect.objectContaining({ severity: "error", nodeId: "hello", edgeId: "hello-next-done2" }),
      ]);
      expect(found[0].message).toContain("the next step");
    });

    it("names the answer that has no connection", () => {
      const script = makeScript({
        nodes: [
          startNode(),
          questionNode("q", "Do you plan to attend the event on the 12th?", "single", ["Yes", "Maybe", "No"]),
          endNode("done"),
        ],
        edges: [
          edge("start", "next", "q"),
          edge("q", "option:q-o1", "done"),
          edge("q", "option:q-o3", "done"),
        ],
      });
      expect(checkScript(script)).toEqual([
        {
          severity: "error",
          code: "unconnected-output",
          message: "Question “Do you plan to attend…” has no connection for the answer “Maybe”.",
          nodeId: "q",
        },
      ]);
    });

    it("reports don't-know, refused, other, yes/no, rule and else outputs", () => {
      const script = makeScript({
        variables: [variable("vip")],
        nodes: [
          startNode(),
          questionNode("q", "Is it you?", "yes-no", [], { allowDontKnow: true, allowRefused: true }),
          questionNode("s", "Where from?", "semi-open", ["Web"]),
          conditionNode("c", [rule("r1", "variable", "vip", { label: "Is VIP" })], { title: "VIP?" }),
          endNode("done"),
        ],
        edges: [
          edge("start", "next", "q"),
          edge("q", "yes", "s"),
          edge("s", "option:s-o1", "c"),
          edge("c", "else", "done"),
        ],
      });
      const messages = only(script, "unconnected-output").map((f) => f.message);
      expect(messages).toEqual([
        "Question “Is it you?” has no connection for the answer “No”.",
        "Question “Is it you?” has no connection for the answer “Don't know”.",
        "Question “Is it you?” has no connection for the answer “Refused”.",
        "Question “Where from?” has no connection for the answer “Other”.",
        "Condition “VIP?” has no connection for the rule “Is VIP”.",
      ]);
    });

    it("reports a step with no connections at all once, as a dead end", () => {
      const script = makeScript({
        nodes: [startNode(), questionNode("q", "Ready?", "yes-no"), endNode("done")],
        edges: [edge("start", "next", "q")],
      });
      expect(codes(script)).toEqual(["dead-end", "unreachable"]);
      expect(only(script, "dead-end")[0]).toMatchObject({ nodeId: "q", severity: "error" });
    });

    it("does not report unconnected outputs of a step nobody reaches", () => {
      const script = minimalScript();
      script.nodes.push(sayNode("orphan", "Nobody hears this"));
      expect(checkScript(script)).toEqual([
        expect.objectContaining({ severity: "warning", code: "unreachable", nodeId: "orphan" }),
      ]);
    });
  });

  describe("reachability", () => {
    it("warns about a step that cannot be reached from the start", () => {
      const script = minimalScript();
      script.nodes.push(sayNode("orphan", "Nobody hears this"), endNode("end2"));
      script.edges.push(edge("orphan", "next", "end2"));
      const found = only(script, "unreachable");
      expect(found.map((f) => f.nodeId)).toEqual(["orphan", "end2"]);
      expect(found[0]).toMatchObject({
        severity: "warning",
        message: expect.stringContaining("Say “Nobody hears this”"),
      });
    });

    it("counts a step an objection jumps to as reachable", () => {
      const script = minimalScript({
        objections: [objection("busy", "No time", "When suits you?", { action: "goto", target: "later" })],
      });
      script.nodes.push(callbackNode("later", "When may I call you back?"));
      script.edges.push(edge("later", "next", "done"));
      expect(checkScript(script)).toEqual([]);
    });

    it("reports a loop with no way out once, not each step in it or leading to it", () => {
      const script = makeScript({
        nodes: [
          startNode(),
          sayNode("a", "First"),
          sayNode("b", "Second"),
          sayNode("c", "Third"),
          questionNode("q", "Go on?", "yes-no"),
          endNode("done"),
        ],
        edges: [
          edge("start", "next", "q"),
          edge("q", "yes", "a"),
          edge("q", "no", "done"),
          edge("a", "next", "b"),
          edge("b", "next", "c"),
          edge("c", "next", "a"),
        ],
      });
      const found = checkScript(script);
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({ severity: "error", code: "no-way-to-end", nodeId: "a" });
      expect(found[0].message).toBe(
        "Say “First” is in a loop with Say “Second”, Say “Third”: a call that gets there can never reach an end. Give the loop a way out.",
      );
    });

    it("reports a step that only leads back to itself", () => {
      const script = minimalScript();
      script.edges[1] = edge("hello", "next", "hello");
      expect(codes(script)).toEqual(["no-way-to-end", "unreachable"]);
    });

    it("does not report a loop whose way out is an unconnected output", () => {
      const script = makeScript({
        nodes: [startNode(), questionNode("q", "Again?", "yes-no"), endNode("done")],
        edges: [edge("start", "next", "q"), edge("q", "yes", "q")],
      });
      expect(codes(script)).toEqual(["unconnected-output", "unreachable"]);
    });

    it("walks a 10,000-step loop without recursion and reports it once", () => {
      const size = 10_000;
      const script = makeScript({
        nodes: [startNode(), ...Array.from({ length: size }, (_, k) => sayNode(`s${k}`, `Step ${k}`))],
        edges: [
          edge("start", "next", "s0"),
          ...Array.from({ length: size }, (_, k) => edge(`s${k}`, "next", `s${(k + 1) % size}`)),
        ],
      });
      const found = checkScript(script);
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({ code: "no-way-to-end", nodeId: "s0" });
      expect(found[0].message).toContain("and 9996 more");
    });

    it("accepts loops that can be left", () => {
      const script = makeScript({
        nodes: [startNode(), questionNode("q", "Shall I repeat that?", "yes-no"), endNode("done")],
        edges: [edge("start", "next", "q"), edge("q", "yes", "q"), edge("q", "no", "done")],
      });
      expect(checkScript(script)).toEqual([]);
    });

    it("reports every separate trap", () => {
      const script = makeScript({
        nodes: [
          startNode(),
          questionNode("q", "Which way?", "yes-no"),
          sayNode("a", "Loop A"),
          sayNode("b", "Loop B"),
          sayNode("c", "Loop C"),
        ],
        edges: [
          edge("start", "next", "q"),
          edge("q", "yes", "a"),
          edge("q", "no", "b"),
          edge("a", "next", "a"),
          edge("b", "next", "c"),
          edge("c", "next", "b"),
        ],
      });
      expect(only(script, "no-way-to-end").map((f) => f.nodeId)).toEqual(["a", "b"]);
    });
  });

  describe("merge fields and rules", () => {
    it("reports merge fields that are not declared, in steps, ends and objection replies", () => {
      const script = makeScript({
        variables: [variable("firstName")],
        nodes: [
          startNode(),
          sayNode("hello", "Hello {{firstName}} from {{company}}, {{company}}!"),
          endNode("done", "Done", { text: richTextFromPlain("Bye {{nickname}}") }),
        ],
        edges: [edge("start", "next", "hello"), edge("hello", "next", "done")],
        objections: [objection("who", "Who are you?", "I call for {{agency}}.")],
      });
      const found = only(script, "undeclared-merge-field");
      expect(found.map((f) => [f.nodeId ?? f.objectionId, f.severity])).toEqual([
        ["hello", "error"],
        ["done", "error"],
        ["who", "error"],
      ]);
      expect(found[0].message).toContain("{{company}}");
      expect(found[2].message).toContain("objection “Who are you?”");
    });

    it("reports a rule on an undeclared merge field or on an answer that is not a question", () => {
      const script = makeScript({
        nodes: [
          startNode(),
          conditionNode(
            "c",
            [
              rule("r1", "variable", "vip"),
              rule("r2", "answer", "nothing"),
              rule("r3", "answer", "done", { label: "Done?" }),
            ],
            { title: "Route" },
          ),
          endNode("done"),
        ],
        edges: [
          edge("start", "next", "c"),
          edge("c", "rule:r1", "done"),
          edge("c", "rule:r2", "done"),
          edge("c", "rule:r3", "done"),
          edge("c", "else", "done"),
        ],
      });
      expect(only(script, "undeclared-merge-field")[0].message).toContain("{{vip}}");
      const answers = only(script, "rule-question-missing");
      expect(answers.map((f) => f.message)).toEqual([
        "Condition “Route” (rule 2) checks the answer to a step “nothing” that does not exist.",
        "Condition “Route” (rule “Done?”) checks the answer to End “Completed”, which is not a question.",
      ]);
    });

    it("warns about a declared merge field nothing uses", () => {
      const script = minimalScript({
        variables: [variable("firstName"), variable("city", { label: "City" })],
      });
      script.nodes[1] = sayNode("hello", "Hi {{firstName}}");
      expect(checkScript(script)).toEqual([
        expect.objectContaining({
          severity: "warning",
          code: "unused-variable",
          message: expect.stringContaining("{{city}}"),
        }),
      ]);
    });
  });

  describe("content", () => {
    it("warns about steps and objection replies with nothing to read", () => {
      const script = minimalScript({ objections: [objection("x", "Busy", "   ")] });
      script.nodes[1] = sayNode("hello", " \n\n ");
      const found = only(script, "empty-text");
      expect(found.map((f) => [f.severity, f.nodeId ?? f.objectionId])).toEqual([
        ["warning", "hello"],
        ["warning", "x"],
      ]);
      expect(found[0].message).toBe("Say step hello has no text for the agent to read.");
    });

    it("treats a text of only a merge field as something to read", () => {
      const script = minimalScript({ variables: [variable("greeting")] });
      script.nodes[1] = sayNode("hello", "{{greeting}}");
      expect(checkScript(script)).toEqual([]);
    });

    it("reports answers without a label and duplicate labels, ignoring case and spaces", () => {
      const script = makeScript({
        nodes: [
          startNode(),
          questionNode("q", "Size?", "multiple", ["Small", " ", "small ", "Big  one", "big one"]),
          endNode("d"),
        ],
        edges: [edge("start", "next", "q"), edge("q", "next", "d")],
      });
      expect(only(script, "empty-option-label")).toEqual([
        expect.objectContaining({
          severity: "error",
          message: "Question “Size?” has an answer without a label (answer 2).",
        }),
      ]);
      expect(only(script, "duplicate-option-label").map((f) => f.message)).toEqual([
        "Question “Size?” lists the answer “small” more than once.",
        "Question “Size?” lists the answer “big one” more than once.",
      ]);
    });

    it("reports choice questions without answers", () => {
      for (const type of ["single", "multiple", "semi-open"] as const) {
        const script = makeScript({
          nodes: [startNode(), questionNode("q", "Which?", type), endNode("d")],
          edges: [edge("start", "next", "q"), edge("q", type === "semi-open" ? "other" : "next", "d")],
        });
        expect(codes(script)).toContain("question-without-options");
      }
    });

    it("reports a scale question without a scale or with an empty range", () => {
      const noScale = questionNode("q", "Rate us", "scale");
      delete noScale.scale;
      const flat = questionNode("q", "Rate us", "scale", [], { scale: { min: 5, max: 5 } });
      for (const q of [noScale, flat]) {
        const script = makeScript({
          nodes: [startNode(), q, endNode("d")],
          edges: [edge("start", "next", "q"), edge("q", "next", "d")],
        });
        expect(codes(script)).toEqual(["invalid-scale"]);
      }
    });

    it("warns about a condition with only an else branch", () => {
      const script = makeScript({
        nodes: [startNode(), conditionNode("c", []), endNode("d")],
        edges: [edge("start", "next", "c"), edge("c", "else", "d")],
      });
      expect(checkScript(script)).toEqual([
        expect.objectContaining({ severity: "warning", code: "condition-without-rules", nodeId: "c" }),
      ]);
    });
  });

  describe("objections", () => {
    it("reports a jump to a step that does not exist", () => {
      const script = minimalScript({
        objections: [objection("busy", "No time", "Sorry.", { action: "goto", target: "gone" })],
      });
      expect(checkScript(script)).toEqual([
        {
          severity: "error",
          code: "objection-target-missing",
          message: "The objection “No time” goes on to a step “gone” that does not exist.",
          objectionId: "busy",
        },
      ]);
    });

    it("reports two objections on the same shortcut key", () => {
      const script = minimalScript({
        objections: [
          objection("a", "No time", "Sorry.", { action: "return" }, { shortcut: "n" }),
          objection("b", "Not interested", "Sorry.", { action: "return" }, { shortcut: "n" }),
        ],
      });
      expect(only(script, "duplicate-shortcut")).toEqual([expect.objectContaining({ objectionId: "b" })]);
    });
  });

  describe("ordering", () => {
    it("puts errors first, then follows the order of the nodes", () => {
      const script = makeScript({
        variables: [variable("unused")],
        nodes: [
          startNode(),
          sayNode("a", "  "),
          questionNode("b", "Agree?", "yes-no"),
          sayNode("orphan", "Lost"),
          endNode("d"),
        ],
        edges: [
          edge("start", "next", "a"),
          edge("a", "next", "b"),
          edge("b", "yes", "d"),
          edge("ghost", "next", "d", "z"),
        ],
      });
      const found: Finding[] = checkScript(script);
      expect(found.map((f) => `${f.severity}:${f.code}:${f.nodeId ?? ""}`)).toEqual([
        "error:unconnected-output:b",
        "error:missing-source:d",
        "warning:empty-text:a",
        "warning:unreachable:orphan",
        "warning:unused-variable:",
      ]);
      expect(checkScript(script)).toEqual(found);
    });
  });
});

describe("summarizeFindings", () => {
  it("counts errors and warnings", () => {
    expect(summarizeFindings([])).toEqual({ errors: 0, warnings: 0 });
    const script = minimalScript();
    script.nodes.push(sayNode("orphan", "x"), startNode("s2"));
    expect(summarizeFindings(checkScript(script))).toEqual({ errors: 2, warnings: 1 });
  });
});
