// The SurveyJS export checked by SurveyJS itself: the JSON loads in survey-core without errors, and answering
// the survey the way a path through the script answers shows exactly that path's steps, in order.
import { Model } from "survey-core";
import { describe, expect, it } from "vitest";
import { enumeratePaths } from "~/domain/speaking-time";
import type { Script } from "~/domain/script-types";
import { TEMPLATES } from "~/templates";
import surveyjs from "../../plugins/surveyjs";
import { approvedVersion, kitScript } from "../../plugins/sdk/contract";
import { isPluginError } from "../../plugins/sdk";

const NOW = "2026-03-01T12:00:00.000Z";

async function surveyJson(script: Script): Promise<Record<string, unknown>> {
  const result = await surveyjs.export(approvedVersion(script), {
    config: {},
    now: NOW,
    logger: { info() {}, warn() {} },
  });
  return JSON.parse(String(result.body)) as Record<string, unknown>;
}

/**
 * The values a respondent may give to take `handle` out of the question: one for a branching answer; for
 * "next" (any real answer of a scale or multiple choice) every candidate, since a later condition step may
 * look at the value.
 */
function answersFor(script: Script, nodeId: string, handle: string): unknown[] {
  const q = script.nodes.find((n) => n.id === nodeId);
  if (q?.kind !== "question") return [];
  const value = handle.startsWith("option:") ? handle.slice(7) : handle;
  if (q.questionType === "multiple") return handle === "next" ? q.options.map((o) => [o.id]) : [[value]];
  if (q.questionType === "scale" && handle === "next") {
    const { min, max } = q.scale ?? { min: 1, max: 5 };
    return Array.from({ length: max - min + 1 }, (_, i) => min + i);
  }
  return [value];
}

/**
 * Answers the survey along the path, trying the combinations of "next" answers until SurveyJS shows exactly
 * `expected`; returns `expected` then, else what the first combination showed.
 */
function walk(
  script: Script,
  json: Record<string, unknown>,
  path: { nodeIds: string[]; edgeIds: string[] },
  expected: string[],
): string[] {
  const edges = new Map(script.edges.map((e) => [e.id, e]));
  const steps = path.nodeIds.map((id, k) => ({
    node: script.nodes.find((n) => n.id === id),
    edge: edges.get(path.edgeIds[k] ?? ""),
  }));
  const choices = steps.map(({ node, edge }) =>
    node && edge ? answersFor(script, node.id, edge.sourceHandle) : [],
  );
  const combos = choices.reduce<unknown[][]>(
    (acc, options) => (options.length === 0 ? acc : acc.flatMap((c) => options.map((o) => [...c, o]))),
    [[]],
  );
  let first: string[] | undefined;
  for (const combo of combos.slice(0, 100)) {
    const model = new Model(json);
    let i = 0;
    for (const { node, edge } of steps) {
      if (!node || !edge) continue;
      if (node.kind === "condition") {
        // Give the merge fields the values that make the condition step take this branch.
        const rule = node.rules.find((r) => `rule:${r.id}` === edge.sourceHandle);
        if (rule?.source === "variable" && rule.value !== undefined) {
          model.setVariable(rule.key, Array.isArray(rule.value) ? rule.value[0] : rule.value);
        }
      } else if (node.kind === "question") model.setValue(node.id, combo[i++]);
    }
    const shown = model
      .getAllQuestions()
      .filter((q) => q.isVisible)
      .map((q) => q.name);
    if (shown.join() === expected.join()) return shown;
    first ??= shown;
  }
  return first ?? [];
}

const shownKinds = new Set(["say", "question", "callback", "referral"]);

function checkEveryPath(script: Script, json: Record<string, unknown>) {
  const paths = enumeratePaths(script, { maxPaths: 200 });
  expect(paths.length).toBeGreaterThan(1);
  const kinds = new Map(script.nodes.map((n) => [n.id, n.kind]));
  for (const path of paths) {
    const expected = path.nodeIds.filter((id) => shownKinds.has(kinds.get(id) ?? ""));
    expect(walk(script, json, path, expected), `path ${path.nodeIds.join(" → ")}`).toEqual(expected);
  }
}

describe("SurveyJS export in survey-core", () => {
  it("loads without JSON errors and follows every path of a branching script", async () => {
    const script = kitScript(
      ["start", "say", "question", "condition", "callback", "referral", "checkpoint", "end"],
      "survey",
    );
    const json = await surveyJson(script);
    const model = new Model(json);
    expect(model.jsonErrors ?? []).toEqual([]);
    checkEveryPath(script, json);
  });

  it("takes the VIP branch when the merge field says so, as the condition step does", async () => {
    const script = kitScript(["start", "say", "question", "condition", "end"], "survey");
    const model = new Model(await surveyJson(script));
    model.setValue("q-interest", "yes");
    expect(model.getQuestionByName("vip-say").isVisible).toBe(false);
    model.setVariable("tier", "vip");
    expect(model.getQuestionByName("vip-say").isVisible).toBe(true);
  });

  it("fills merge fields from survey variables", async () => {
    const model = new Model(await surveyJson(kitScript(["start", "say", "question", "end"], "survey")));
    model.setVariable("firstName", "Ada");
    const html = model.getQuestionByName("greeting") as unknown as { locHtml: { renderedHtml: string } };
    expect(html.locHtml.renderedHtml).toContain("Kit hello words Ada");
  });

  it("clears an answer whose branch is no longer taken", async () => {
    const script = kitScript(["start", "say", "question", "end"], "survey");
    const model = new Model(await surveyJson(script));
    model.setValue("q-interest", "yes");
    model.setValue("q-class", "a");
    model.setValue("q-interest", "no");
    expect(model.getQuestionByName("q-class").isVisible).toBe(false);
    expect(model.getValue("q-class")).toBeUndefined();
  });

  it.each(TEMPLATES.filter((t) => t.kind === "survey"))(
    "follows every path of the $name template",
    async (t) => {
      const script = t.build({ now: NOW });
      const json = await surveyJson(script);
      expect(new Model(json).jsonErrors ?? []).toEqual([]);
      checkEveryPath(script, json);
    },
  );

  it("refuses a loop, naming its steps, rather than dropping the way back", async () => {
    const script = kitScript(["start", "say", "question", "end"], "survey");
    const looped = {
      ...script,
      edges: script.edges.map((e) => (e.source === "q-scale" ? { ...e, target: "q-interest" } : e)),
    };
    const error = await surveyJson(looped).catch((e: unknown) => e);
    expect(isPluginError(error)).toBe(true);
    expect((error as { nodeIds: string[] }).nodeIds).toEqual(
      expect.arrayContaining(["q-interest", "q-scale"]),
    );
  });
});
