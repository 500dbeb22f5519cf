import { describe, expect, it } from "vitest";
import { isSchemaValidScript } from "~/services/schema-validation.server";
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
} from "./script-factory";

describe("script factory", () => {
  it("builds schema-valid documents", () => {
    expect(isSchemaValidScript(makeScript())).toBe(true);
    expect(isSchemaValidScript(minimalScript())).toBe(true);
    const everything = makeScript({
      variables: [variable("firstName")],
      nodes: [
        startNode(),
        sayNode("s", "Hi {{firstName}}"),
        questionNode("q", "Which?", "single", ["A", "B"]),
        questionNode("r", "Rate", "scale"),
        conditionNode("c", [rule("r1", "answer", "q", { value: "q-o1" })]),
        checkpointNode("k"),
        callbackNode("cb", "Later?"),
        referralNode("rf", "Who else?"),
        endNode("e"),
      ],
      edges: [edge("start", "next", "s"), edge("q", "option:q-o1", "e")],
      objections: [objection("o", "Busy", "Sorry", { action: "goto", target: "cb" }, { shortcut: "b" })],
    });
    expect(isSchemaValidScript(everything)).toBe(true);
    expect(everything.edges[1].id).toBe("q-option_q-o1-e");
  });
});
