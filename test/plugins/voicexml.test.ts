// The VoiceXML export checked offline against the W3C VoiceXML 2.1 schemas with xmllint (see
// /work/shared/reference/voicexml21/README.md), and every <goto> checked to lead to a form that exists.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { JSDOM } from "jsdom";
import { afterAll, describe, expect, it } from "vitest";
import type { Script } from "~/domain/script-types";
import { demoScripts } from "~/services/scripts.server";
import { approvedVersion, kitScript } from "../../plugins/sdk/contract";
import { NODE_KINDS } from "../../plugins/sdk/script";
import voicexml from "../../plugins/voicexml";

const NOW = "2026-03-01T12:00:00.000Z";
const REFERENCE =
  process.env.VOICEXML_SCHEMA_DIR ??
  path.resolve(import.meta.dirname, "../../../shared/reference/voicexml21");
const SCHEMA = path.join(REFERENCE, "vxml.xsd");
const CATALOG = path.join(REFERENCE, "catalog.xml");

function xmllintAvailable(): boolean {
  return spawnSync("xmllint", ["--version"]).status === 0;
}

const missing = !existsSync(SCHEMA)
  ? `the W3C VoiceXML 2.1 schemas are not at ${REFERENCE} (set VOICEXML_SCHEMA_DIR)`
  : !xmllintAvailable()
    ? "xmllint is not installed (Debian: apt-get install libxml2-utils)"
    : undefined;

if (missing && process.env.CI) throw new Error(`VoiceXML validation cannot run under CI: ${missing}.`);
if (missing) console.warn(`Skipping VoiceXML schema validation: ${missing}.`);

const work = mkdtempSync(path.join(os.tmpdir(), "scriptpilot-vxml-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function exportVxml(script: Script, draft = false): Promise<string> {
  const version = draft
    ? { ...approvedVersion(script), status: "draft" as const, draft: true }
    : approvedVersion(script);
  const result = await voicexml.export(version, { config: {}, now: NOW, logger: { info() {}, warn() {} } });
  return String(result.body);
}

/** xmllint's verdict: "" when valid, else its complaints. */
function validate(vxml: string, name: string): string {
  const file = path.join(work, `${name}.vxml`);
  writeFileSync(file, vxml);
  try {
    execFileSync("xmllint", ["--nonet", "--noout", "--schema", SCHEMA, file], {
      env: { ...process.env, XML_CATALOG_FILES: CATALOG },
      stdio: ["ignore", "pipe", "pipe"],
    });
    return "";
  } catch (error) {
    return String((error as { stderr?: Buffer }).stderr ?? error);
  }
}

function missingGotoTargets(vxml: string): string[] {
  const doc = new JSDOM(vxml, { contentType: "application/xml" }).window.document;
  const ids = new Set([...doc.querySelectorAll("form")].map((f) => f.getAttribute("id")));
  return [...doc.querySelectorAll("goto")]
    .map((g) => g.getAttribute("next") ?? "")
    .filter((next) => !next.startsWith("#") || !ids.has(next.slice(1)));
}

const demos = demoScripts(NOW);
const scripts: [string, Script][] = [
  ["the contract kit's script (every step kind and question type, a merge field)", kitScript(NODE_KINDS)],
  ...demos.map((s): [string, Script] => [`the “${s.title}” demo script`, s]),
];

function parse(vxml: string): Document {
  return new JSDOM(vxml, { contentType: "application/xml" }).window.document;
}

describe("VoiceXML export", () => {
  it.each(scripts)("%s: every goto leads to a form that exists", async (_name, script) => {
    const vxml = await exportVxml(script);
    expect(missingGotoTargets(vxml)).toEqual([]);
    expect(vxml).toMatch(/<exit namelist="outcome disposition[^"]*"\/>/);
  });

  it("exports all five demo scripts, callback and referral steps included", async () => {
    expect(demos).toHaveLength(5);
    const kinds = new Set(demos.flatMap((s) => s.nodes.map((n) => n.kind)));
    expect(kinds).toContain("callback");
    expect(kinds).toContain("referral");
    for (const script of demos) {
      const forms = new Set([...parse(await exportVxml(script)).querySelectorAll("form")].map((f) => f.id));
      for (const node of script.nodes.filter((n) => n.kind === "callback" || n.kind === "referral"))
        expect(forms, `${script.title}: ${node.kind} step ${node.id}`).toContain(`n-${node.id}`);
    }
  });

  it.skipIf(missing !== undefined).each(scripts)(
    "%s: validates against the W3C VoiceXML 2.1 schema",
    async (name, script) => {
      expect(validate(await exportVxml(script), name.replace(/\W+/g, "-").slice(0, 40))).toBe("");
    },
  );

  it.skipIf(missing !== undefined)("a draft validates too and says it is a draft", async () => {
    const vxml = await exportVxml(kitScript(NODE_KINDS), true);
    expect(vxml).toContain("DRAFT, not approved");
    expect(validate(vxml, "draft")).toBe("");
  });

  it("asks questions with keypad and voice grammars and branches on the answer", async () => {
    const doc = parse(await exportVxml(kitScript(NODE_KINDS)));
    const field = doc.querySelector('form[id="n-q-interest"] field');
    expect(field?.querySelector('grammar[mode="dtmf"]')?.textContent).toContain("1");
    expect(field?.querySelector('grammar[mode="voice"]')?.textContent).toContain("yes");
    const gotos = [...(field?.querySelectorAll("filled goto") ?? [])].map((g) => g.getAttribute("next"));
    expect(gotos).toEqual(["#n-pitched", "#n-callback", "#n-referral"]);
  });

  it("asks a callback step's date and time with the builtin grammars, keeps them, then goes on", async () => {
    const doc = parse(await exportVxml(kitScript(NODE_KINDS)));
    const form = doc.querySelector('form[id="n-callback"]');
    expect(form?.querySelector("block prompt")?.textContent).toContain("Kit callback words");
    const fields = [...(form?.querySelectorAll("field") ?? [])].map((f) => [
      f.getAttribute("name"),
      f.getAttribute("type"),
    ]);
    expect(fields).toEqual([
      ["cb_date", "date"],
      ["cb_time", "time"],
    ]);
    const last = form?.querySelector("block:last-of-type");
    const assigns = [...(last?.querySelectorAll("assign") ?? [])].map((a) => [
      a.getAttribute("name"),
      a.getAttribute("expr"),
    ]);
    expect(assigns).toEqual([
      ["callback_date", "cb_date"],
      ["callback_time", "cb_time"],
    ]);
    // The kit links the callback step's next output to the "declined" end.
    expect(last?.querySelector("goto")?.getAttribute("next")).toBe("#n-e-declined");
    // Handed to the platform when the call ends; declared once at document level.
    expect(doc.querySelector('form[id="n-e-declined"] exit')?.getAttribute("namelist")).toContain(
      "callback_date callback_time",
    );
    expect(doc.querySelectorAll('vxml > var[name="callback_date"]')).toHaveLength(1);
  });

  it("asks a referral step for the phone number and records the name, then goes on", async () => {
    const doc = parse(await exportVxml(kitScript(NODE_KINDS)));
    const form = doc.querySelector('form[id="n-referral"]');
    expect(form?.querySelector("block prompt")?.textContent).toContain("Kit referral words");
    const phone = form?.querySelector("field");
    expect([phone?.getAttribute("name"), phone?.getAttribute("type")]).toEqual(["ref_phone", "phone"]);
    const record = form?.querySelector("record");
    expect(record?.getAttribute("name")).toBe("ref_name");
    expect(record?.getAttribute("beep")).toBe("true");
    expect(record?.getAttribute("maxtime")).toBe("10s");
    const last = form?.querySelector("block:last-of-type");
    const assigns = [...(last?.querySelectorAll("assign") ?? [])].map((a) => [
      a.getAttribute("name"),
      a.getAttribute("expr"),
    ]);
    expect(assigns).toEqual([
      ["referral_phone", "ref_phone"],
      ["referral_name", "ref_name"],
    ]);
    expect(last?.querySelector("goto")?.getAttribute("next")).toBe("#n-e-declined");
    expect(doc.querySelector('form[id="n-e-declined"] exit')?.getAttribute("namelist")).toContain(
      "referral_phone referral_name",
    );
    // Personal data goes back to the platform, not into the platform's log.
    expect([...doc.querySelectorAll("log")].map((l) => l.textContent).join(" ")).not.toMatch(
      /ref_|callback_/,
    );
  });

  it("declares no callback or referral variables for a script without those steps", async () => {
    const vxml = await exportVxml(kitScript(["start", "say", "question", "end"]));
    expect(vxml).not.toMatch(/callback_|referral_/);
    expect(vxml).toContain(`<exit namelist="outcome disposition"/>`);
  });
});
