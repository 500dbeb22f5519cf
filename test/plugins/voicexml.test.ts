// The VoiceXML export checked offline against the W3C VoiceXML 2.1 schemas with xmllint (see
// /work/shared/reference/voicexml21/README.md), and every <goto> checked to lead to a form that exists.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { JSDOM } from "jsdom";
import { afterAll, describe, expect, it } from "vitest";
import type { Script } from "~/domain/script-types";
import { TEMPLATES } from "~/templates";
import { approvedVersion, kitScript } from "../../plugins/sdk/contract";
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

const supported = ["start", "say", "question", "condition", "checkpoint", "end"] as const;
const scripts: [string, Script][] = [
  ["the contract kit's script (every question type, a condition, a merge field)", kitScript(supported)],
  ...TEMPLATES.map((t): [string, Script] => {
    const s = t.build({ now: NOW });
    // IVR has no callback or referral step: those steps end the call for this check.
    const dropped = new Set(
      s.nodes.filter((n) => n.kind === "callback" || n.kind === "referral").map((n) => n.id),
    );
    const end = s.nodes.find((n) => n.kind === "end");
    return [
      `the ${t.name} template`,
      {
        ...s,
        nodes: s.nodes.filter((n) => !dropped.has(n.id)),
        edges: s.edges
          .filter((e) => !dropped.has(e.source))
          .map((e) => (dropped.has(e.target) && end ? { ...e, target: end.id } : e)),
      },
    ];
  }),
];

describe("VoiceXML export", () => {
  it.each(scripts)("%s: every goto leads to a form that exists", async (_name, script) => {
    const vxml = await exportVxml(script);
    expect(missingGotoTargets(vxml)).toEqual([]);
    expect(vxml).toMatch(/<exit namelist="outcome disposition"\/>/);
  });

  it.skipIf(missing !== undefined).each(scripts)(
    "%s: validates against the W3C VoiceXML 2.1 schema",
    async (name, script) => {
      expect(validate(await exportVxml(script), name.replace(/\W+/g, "-").slice(0, 40))).toBe("");
    },
  );

  it.skipIf(missing !== undefined)("a draft validates too and says it is a draft", async () => {
    const vxml = await exportVxml(kitScript(supported), true);
    expect(vxml).toContain("DRAFT, not approved");
    expect(validate(vxml, "draft")).toBe("");
  });

  it("asks questions with keypad and voice grammars and branches on the answer", async () => {
    const doc = new JSDOM(await exportVxml(kitScript(supported)), { contentType: "application/xml" }).window
      .document;
    const field = doc.querySelector('form[id="n-q-interest"] field');
    expect(field?.querySelector('grammar[mode="dtmf"]')?.textContent).toContain("1");
    expect(field?.querySelector('grammar[mode="voice"]')?.textContent).toContain("yes");
    const gotos = [...(field?.querySelectorAll("filled goto") ?? [])].map((g) => g.getAttribute("next"));
    expect(gotos).toEqual(["#n-pitched", "#n-e-declined", "#n-e-declined"]);
  });
});
