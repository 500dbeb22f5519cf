import { describe, expect, it } from "vitest";
import { TEMPLATES } from "~/templates";
import {
  conditionNode,
  edge,
  endNode,
  makeScript,
  questionNode,
  rule,
  sayNode,
  startNode,
  variable,
} from "../../test/factories/script-factory";
import { generateScript } from "./generate-script";
import { hasSignal, languageFamily, OPENER_SIGNALS, openerChecks } from "./opener-checks";
import type { Script, ScriptSettings } from "./script-types";

const NOW = "2025-03-01T08:00:00.000Z";

/** start -> opening (a yes/no question with `text`) -> yes: pitch, no: bye. */
function opener(text: string, partial: Partial<Script> = {}): Script {
  return makeScript({
    variables: [variable("agentName", { sample: "Peter" }), variable("firstName", { sample: "Anna" })],
    nodes: [
      startNode(),
      questionNode("opening", text),
      sayNode("pitch", "Our event is free for invited guests."),
      endNode("bye"),
    ],
    edges: [
      edge("start", "next", "opening"),
      edge("opening", "yes", "pitch"),
      edge("opening", "no", "bye"),
      edge("pitch", "next", "bye"),
    ],
    ...partial,
  });
}

const codes = (script: Script) => openerChecks(script).map((w) => w.code);

describe("openerChecks", () => {
  it("is quiet for an opening that identifies, states the purpose and offers a way out", () => {
    expect(
      openerChecks(
        opener(
          "Hello {{firstName}}, this is {{agentName}} from Acme. I'm calling about our summit. Is now a good time?",
        ),
      ),
    ).toEqual([]);
  });

  it("warns about each missing element, on the opening step", () => {
    expect(openerChecks(opener("Hello {{firstName}}! Our summit is next week."))).toEqual([
      expect.objectContaining({ severity: "warning", code: "opener-no-identity", nodeId: "opening" }),
      expect.objectContaining({ severity: "warning", code: "opener-no-purpose", nodeId: "opening" }),
      expect.objectContaining({ severity: "warning", code: "opener-no-decline", nodeId: "opening" }),
    ]);
    expect(codes(opener("This is Peter from Acme. Is now a good time?"))).toEqual(["opener-no-purpose"]);
    expect(codes(opener("My name is Peter. I'm calling to invite you."))).toEqual(["opener-no-decline"]);
    expect(codes(opener("I'm calling about the summit. Do you have a minute?"))).toEqual([
      "opener-no-identity",
    ]);
  });

  it("counts merge fields such as {{agentName}} as identifying the caller", () => {
    expect(
      codes(opener("Hello, {{agentName}} here. The reason for my call: the summit. Is this a bad time?")),
    ).toEqual([]);
  });

  it("matches whole words, case-insensitively", () => {
    expect(hasSignal("THIS IS Peter", "identity", "en")).toBe(true);
    expect(hasSignal("Thisis Peter", "identity", "en")).toBe(false);
    expect(hasSignal("That is the reasonable price", "purpose", "en")).toBe(false);
    expect(hasSignal("A short survey", "purpose", "en")).toBe(true);
    expect(hasSignal("A short surveys", "purpose", "en")).toBe(true);
    expect(hasSignal("I’m calling from Acme", "identity", "en")).toBe(true);
    expect(hasSignal("I'm Peter from Acme", "identity", "en")).toBe(true);
  });

  it("knows Chinese and Hungarian, suffixes included", () => {
    const zh = opener("您好，我是华信会展的陈静。我打电话跟您确认一下参会信息，您现在方便吗？", {
      language: "zh-CN",
    });
    expect(openerChecks(zh)).toEqual([]);
    expect(codes(opener("您好，会议下周举行。", { language: "zh-CN" }))).toEqual([
      "opener-no-identity",
      "opener-no-purpose",
      "opener-no-decline",
    ]);
    const hu = opener(
      "Jó napot! Kovács Anna vagyok az Acmétól. Azért hívom, mert meghívnám a konferenciára. Most alkalmas?",
      {
        language: "hu",
      },
    );
    expect(openerChecks(hu)).toEqual([]);
    expect(hasSignal("Most alkalmasabb lenne?", "decline", "hu")).toBe(true);
    expect(hasSignal("az Acmetől hívom", "identity", "hu")).toBe(true);
    expect(hasSignal("Ráér most egy percre?", "decline", "hu")).toBe(true);
  });

  it("uses the table of the script's language, and every table for a language without one", () => {
    expect(languageFamily("zh-TW")).toBe("zh");
    expect(languageFamily("en-GB")).toBe("en");
    expect(languageFamily("ja")).toBeUndefined();
    // German in an English script is not recognised; in a Japanese one every table applies.
    expect(
      codes(opener("Hier ist Peter von Acme. Es geht um die Messe. Passt es Ihnen gerade?")),
    ).toHaveLength(3);
    expect(
      codes(
        opener("Hier ist Peter von Acme. Es geht um die Messe. Passt es Ihnen gerade?", { language: "de" }),
      ),
    ).toEqual([]);
    expect(
      codes(
        opener("Hier ist Peter von Acme. Es geht um die Messe. Passt es Ihnen gerade?", { language: "ja" }),
      ),
    ).toEqual([]);
  });

  it("looks only at the first withinSeconds of the call", () => {
    // 90 words (36 s at 150 a minute) before the way out is offered.
    const filler = Array.from({ length: 90 }, () => "blah").join(" ");
    const late = opener(`This is Peter from Acme, calling about the summit. ${filler} Is now a good time?`);
    expect(codes(late)).toEqual(["opener-no-decline"]);
    const settings: ScriptSettings = { openerChecks: { withinSeconds: 60 } };
    expect(codes({ ...late, settings })).toEqual([]);
  });

  it("follows the opening across steps, as long as the time lasts", () => {
    const script = opener("Is now a good time?");
    script.nodes.splice(
      1,
      0,
      sayNode("hi", "Hello, this is {{agentName}} from Acme, calling about the summit."),
    );
    script.edges[0] = edge("start", "next", "hi");
    script.edges.push(edge("hi", "next", "opening"));
    expect(openerChecks(script)).toEqual([]);
  });

  it("checks every route: a branch with its own opener must say who is calling too", () => {
    const script = makeScript({
      variables: [variable("vip", { type: "boolean" }), variable("agentName")],
      nodes: [
        startNode(),
        conditionNode("c", [rule("r1", "variable", "vip")]),
        sayNode(
          "vip-hi",
          "Good morning, this is {{agentName}}. I'm calling about your invitation. Is now a good time?",
        ),
        sayNode("std-hi", "Good morning! I'm calling about the summit. Is now a good time?"),
        endNode("e"),
      ],
      edges: [
        edge("start", "next", "c"),
        edge("c", "rule:r1", "vip-hi"),
        edge("c", "else", "std-hi"),
        edge("vip-hi", "next", "e"),
        edge("std-hi", "next", "e"),
      ],
    });
    expect(openerChecks(script)).toEqual([
      expect.objectContaining({ code: "opener-no-identity", nodeId: "std-hi" }),
    ]);
  });

  it("follows the settings: off, or some elements off", () => {
    const bare = opener("Hello!");
    expect(openerChecks({ ...bare, settings: { openerChecks: { enabled: false } } })).toEqual([]);
    expect(
      codes({ ...bare, settings: { openerChecks: { identifyAgent: false, offerDecline: false } } }),
    ).toEqual(["opener-no-purpose"]);
    expect(codes({ ...bare, settings: { openerChecks: { enabled: true } } })).toHaveLength(3);
  });

  it("says nothing while the opening has no text yet", () => {
    const blank = makeScript({ nodes: [startNode(), endNode("e")], edges: [edge("start", "next", "e")] });
    expect(openerChecks(blank)).toEqual([]);
    expect(openerChecks(makeScript())).toEqual([]);
  });

  it("keeps every table filled for every element", () => {
    for (const signals of Object.values(OPENER_SIGNALS)) {
      for (const phrases of Object.values(signals.phrases)) expect(phrases.length).toBeGreaterThan(3);
    }
  });

  it("gives no opener warnings for the shipped templates", () => {
    for (const template of TEMPLATES) {
      const warnings = openerChecks(template.build({ now: NOW }));
      expect({ template: template.id, warnings }).toEqual({ template: template.id, warnings: [] });
    }
  });

  it("is quick on a generated 1,000-step script (whose opening is complete)", () => {
    expect(openerChecks(generateScript({ nodes: 1000, seed: 3, now: NOW }))).toEqual([]);
  });
});
