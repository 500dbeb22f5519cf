import { describe, expect, it } from "vitest";
import { checkScript } from "~/domain/graph-checks";
import { nodeOutputs } from "~/domain/node-outputs";
import { mergeFieldKeys, richTextToPlain } from "~/domain/rich-text";
import type { RichText, Script, ScriptNode } from "~/domain/script-types";
import { parseScriptDocument } from "~/services/schema-validation.server";
import { findTemplate, TEMPLATES } from "./index";

const now = "2025-09-01T08:30:00.000Z";

describe.each(TEMPLATES.map((t) => [t.id, t] as const))("template %s", (_id, template) => {
  const script = template.build({ now });

  it("builds a schema-valid script document", () => {
    expect(() => parseScriptDocument(script)).not.toThrow();
    expect(parseScriptDocument(script)).toEqual(script);
  });

  it("describes itself as the document it builds", () => {
    expect(script).toMatchObject({
      schemaVersion: 1,
      id: template.id,
      kind: template.kind,
      language: template.language,
      revision: 0,
      createdAt: now,
      updatedAt: now,
    });
    expect(template.name.trim()).not.toBe("");
    expect(template.summary.trim()).not.toBe("");
  });

  it("passes the graph checks without errors or warnings", () => {
    const findings = checkScript(script);
    expect(findings.filter((f) => f.severity === "error")).toEqual([]);
    expect(findings).toEqual([]);
  });

  it("declares every merge field it uses, with a sample value", () => {
    const declared = new Map(script.variables.map((v) => [v.key, v]));
    for (const key of usedMergeFields(script))
      expect(declared.has(key), `{{${key}}} is not declared`).toBe(true);
    for (const variable of script.variables) expect(variable.sample, variable.key).toBeTruthy();
  });

  it("gives every output exactly one connection", () => {
    for (const node of script.nodes) {
      const handles = script.edges.filter((e) => e.source === node.id).map((e) => e.sourceHandle);
      expect(handles.sort(), node.id).toEqual(nodeOutputs(node).sort());
    }
  });

  it("lays the graph out top-down without two steps on the same spot", () => {
    const start = script.nodes.find((n) => n.kind === "start");
    const spots = new Set(script.nodes.map((n) => `${n.position.x},${n.position.y}`));
    expect(spots.size).toBe(script.nodes.length);
    for (const edge of script.edges) {
      const [source, target] = [nodeById(script, edge.source), nodeById(script, edge.target)];
      expect(target.position.y, `${edge.id} points upwards`).toBeGreaterThan(source.position.y);
    }
    expect(start?.position).toEqual({ x: 0, y: 0 });
  });

  it("opens with a way to decline and marks where the pitch or the questions begin", () => {
    expect(script.nodes.some((n) => n.kind === "checkpoint")).toBe(true);
    expect(script.nodes.some((n) => n.kind === "callback")).toBe(true);
    expect(script.nodes.some((n) => n.note)).toBe(true);
    expect(script.objections.length).toBeGreaterThan(0);
    expect(script.settings?.openerChecks?.enabled).toBe(true);
  });

  it("is deterministic for a given time", () => {
    expect(template.build({ now })).toEqual(script);
  });
});

describe("the template catalogue", () => {
  it("has unique ids that findTemplate resolves", () => {
    const ids = TEMPLATES.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const template of TEMPLATES) expect(findTemplate(template.id)).toBe(template);
    expect(findTemplate("no-such-template")).toBeUndefined();
  });

  it("includes a survey and a Simplified Chinese script", () => {
    expect(TEMPLATES.some((t) => t.kind === "survey")).toBe(true);
    expect(TEMPLATES.some((t) => t.language === "zh-CN")).toBe(true);
  });

  it("keeps every survey under three minutes of speech at its speaking rate", () => {
    for (const template of TEMPLATES.filter((t) => t.kind === "survey")) {
      const script = template.build({ now });
      expect(script.language).toMatch(/^[a-z]{2}/);
      const wpm = script.settings?.wordsPerMinute ?? 150;
      // Every text of the survey, as if one call read them all: a generous upper bound on any one path.
      const minutes = countWords(allSpokenText(script)) / wpm;
      expect(minutes, template.id).toBeLessThan(3);
    }
  });
});

function nodeById(script: Script, id: string): ScriptNode {
  const node = script.nodes.find((n) => n.id === id);
  if (!node) throw new Error(`no node ${id}`);
  return node;
}

function texts(script: Script): RichText[] {
  const out: RichText[] = [];
  for (const node of script.nodes) if ("text" in node && node.text) out.push(node.text);
  for (const objection of script.objections) out.push(objection.reply);
  return out;
}

function usedMergeFields(script: Script): Set<string> {
  const keys = new Set(texts(script).flatMap((t) => mergeFieldKeys(t)));
  for (const node of script.nodes) {
    if (node.kind === "condition") for (const r of node.rules) if (r.source === "variable") keys.add(r.key);
  }
  return keys;
}

function allSpokenText(script: Script): string {
  const parts: string[] = [];
  for (const node of script.nodes) {
    if ("text" in node && node.text) parts.push(richTextToPlain(node.text));
    if (node.kind === "question" && node.readOut?.aloud) parts.push(...node.options.map((o) => o.label));
  }
  return parts.join(" ");
}

function countWords(text: string): number {
  return text.split(/\s+/).filter((w) => w.length > 0).length;
}

describe("what each template is for", () => {
  const build = (id: string) => {
    const template = findTemplate(id);
    if (!template) throw new Error(`no template ${id}`);
    return template.build({ now });
  };
  const outcomes = (script: Script) =>
    script.nodes
      .flatMap((n) => (n.kind === "end" ? [n.outcome] : []))
      .concat(script.objections.flatMap((o) => (o.then.action === "end" ? [o.then.outcome] : [])));

  it("the lead survey stores the class in leadClass and ends once per class A–F", () => {
    const script = build("lead-classification-survey");
    const classFields = script.nodes.filter((n) => n.kind === "question" && n.answerField === "leadClass");
    expect(classFields.length).toBeGreaterThan(0);
    const codes = outcomes(script).map((o) => o.code);
    for (const c of ["A", "B", "C", "D", "E", "F"]) expect(codes).toContain(c);
    expect(script.nodes.some((n) => n.kind === "condition")).toBe(true);
    expect(script.nodes.some((n) => n.kind === "referral")).toBe(true);
  });

  it("the invitation answers the four classic objections with each follow-up", () => {
    const script = build("event-invitation");
    const actions = new Set(script.objections.map((o) => o.then.action));
    expect(actions).toEqual(new Set(["return", "goto", "end"]));
    const refusal = outcomes(script).find((o) => o.label === "Not interested");
    expect(refusal?.disposition).toBe("2.11");
    expect(outcomes(script).find((o) => o.label === "Registered")).toMatchObject({
      success: true,
      disposition: "1.1",
    });
    expect(outcomes(script).find((o) => o.label === "Callback scheduled")).toMatchObject({
      disposition: "2.21",
    });
  });

  it("the appointment script routes VIP contacts on a boolean merge field", () => {
    const script = build("appointment-setting");
    expect(script.variables.find((v) => v.key === "vip")?.type).toBe("boolean");
    const vip = script.nodes.find((n) => n.kind === "condition");
    expect(vip?.kind === "condition" && vip.rules[0]).toMatchObject({
      source: "variable",
      key: "vip",
      value: true,
    });
    expect(outcomes(script).find((o) => o.code === "APPT")).toMatchObject({
      success: true,
      disposition: "1.1",
    });
  });

  it("the reminder is written in Chinese", () => {
    const script = build("event-reminder-zh");
    expect(script.language).toBe("zh-CN");
    for (const text of texts(script)) expect(richTextToPlain(text)).toMatch(/[\u4e00-\u9fff]/);
  });
});
