// The `scriptpilot` binary run as a user runs it: a child process, its exit code, stdout and stderr.
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEMPLATES } from "~/templates";
import { approvedVersion } from "../../plugins/sdk/contract";
import scriptpilotJson from "../../plugins/scriptpilot-json";

const ROOT = path.resolve(import.meta.dirname, "../..");
const BIN = path.join(ROOT, "bin", "scriptpilot.js");

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function scriptpilot(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    // Run from elsewhere, as an installed command would be: nothing may depend on the working directory.
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: work, timeout: 60_000, env: { ...process.env, SCRIPTPILOT_DATA_DIR: path.join(work, "data") } },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

let work: string;
const script = TEMPLATES[1].build({ now: "2026-01-01T00:00:00.000Z" });

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), "scriptpilot-cli-"));
  writeFileSync(path.join(work, "script.json"), JSON.stringify(script));
  const ctx = { config: {}, now: "2026-03-01T12:00:00.000Z", logger: { info() {}, warn() {} } };
  writeFileSync(
    path.join(work, "approved.json"),
    String((await scriptpilotJson.export(approvedVersion(script, 3), ctx)).body),
  );
  const withdrawn = {
    ...approvedVersion(script, 2),
    status: "withdrawn" as const,
    approvedBy: undefined,
    approvedAt: undefined,
  };
  const bundle = JSON.parse(String((await scriptpilotJson.export(approvedVersion(script, 2), ctx)).body)) as {
    source: object;
  };
  writeFileSync(
    path.join(work, "withdrawn.json"),
    JSON.stringify({
      ...bundle,
      source: {
        scriptId: withdrawn.scriptId,
        versionId: withdrawn.versionId,
        number: 2,
        status: "withdrawn",
      },
    }),
  );
  const broken = {
    ...script,
    nodes: script.nodes.map((n) => (n.kind === "say" ? { ...n, kind: "shout" } : n)),
  };
  writeFileSync(path.join(work, "broken.json"), JSON.stringify(broken));
  const deadEnd = { ...script, edges: script.edges.slice(1) };
  writeFileSync(path.join(work, "dead-end.json"), JSON.stringify(deadEnd));
  cpSync(
    path.join(ROOT, "test/fixtures/plugins/bad-manifest"),
    path.join(work, "data/plugins/bad-manifest"),
    { recursive: true },
  );
  for (const fixture of ["good-csv", "say-only"]) {
    cpSync(path.join(ROOT, "test/fixtures/plugins", fixture), path.join(work, "data/plugins", fixture), {
      recursive: true,
    });
  }
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

// Each run starts Node and tsx afresh: seconds on a busy machine.
describe("scriptpilot", { timeout: 60_000 }, () => {
  it("lists its commands with --help, and every command has its own --help", async () => {
    const overview = await scriptpilot("--help");
    expect(overview.code).toBe(0);
    for (const name of ["validate", "export", "plugins"])
      expect(overview.stdout).toMatch(new RegExp(`^  ${name}\\s+\\S`, "m"));
    const help = await scriptpilot("export", "--help");
    expect(help).toMatchObject({ code: 0, stderr: "" });
    expect(help.stdout).toMatch(/^scriptpilot export --plugin <id> --in/);
  });

  it("answers a wrong command or option with one line and exit code 2", async () => {
    expect(await scriptpilot("exprot")).toMatchObject({
      code: 2,
      stdout: "",
      stderr: expect.stringMatching(
        /^scriptpilot: unknown command “exprot”\. Commands: .*\bexport\b.*\bplugins\b.*\bvalidate\b/,
      ),
    });
    const bad = await scriptpilot("export", "--plugin", "voicexml", "--bogus");
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split("\n")).toHaveLength(1);
    expect(bad.stderr).toMatch(/--bogus.*\(see scriptpilot export --help\)/);
  });

  it("validate: passes a good script, names the node of a schema error and of a graph error", async () => {
    const good = await scriptpilot("validate", "script.json");
    expect(good.code).toBe(0);
    expect(good.stdout).toMatch(/script\.json: “Event invitation” is valid/);

    const broken = await scriptpilot("validate", "broken.json");
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/^error {4}node \S+/m);
    expect(broken.stderr).toMatch(
      /^scriptpilot validate: broken\.json: This is not a valid ScriptPilot script\. \d+ schema errors?\.\n$/,
    );

    const deadEnd = await scriptpilot("validate", "dead-end.json");
    expect(deadEnd.code).toBe(1);
    expect(deadEnd.stdout).toMatch(/^error/m);
    expect(deadEnd.stderr).toMatch(/dead-end\.json: \d+ errors? to fix\./);

    expect(await scriptpilot("validate", "missing.json")).toMatchObject({
      code: 1,
      stderr: "scriptpilot validate: missing.json: no such file.\n",
    });
  });

  it("export: writes an approved bundle through a plugin", async () => {
    const run = await scriptpilot(
      "export",
      "--plugin",
      "agent-desktop-html",
      "--in",
      "approved.json",
      "--out",
      "agent.html",
    );
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(run.stdout).toMatch(/^Wrote agent\.html \(text\/html, \d+ bytes\) with agent-desktop-html\.\n$/);
    const html = readFileSync(path.join(work, "agent.html"), "utf8");
    expect(html).toContain("Event invitation <small>(version 3)</small>");
    expect(html).not.toContain("DRAFT");
  });

  it("export: names the steps a plugin cannot export, and writes nothing", async () => {
    const run = await scriptpilot(
      "export",
      "--plugin",
      "fixture-say-only",
      "--in",
      "approved.json",
      "--out",
      "prompts.txt",
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^scriptpilot export: Plugin fixture-say-only: Prompts only cannot export question or .*steps; remove or replace: .*\(question\).*\.\n$/,
    );
    expect(run.stderr.split("\n")).toHaveLength(2);
    expect(existsSync(path.join(work, "prompts.txt"))).toBe(false);
  });

  it("export: refuses an unapproved version or a bare script unless --draft, which marks the output", async () => {
    const withdrawn = await scriptpilot(
      "export",
      "--plugin",
      "printable",
      "--in",
      "withdrawn.json",
      "--out",
      "w.html",
    );
    expect(withdrawn).toMatchObject({ code: 1, stdout: "" });
    expect(withdrawn.stderr).toBe(
      "scriptpilot export: Version 2 of “Event invitation” is withdrawn, not approved; use --draft to export it marked as a draft.\n",
    );
    expect(existsSync(path.join(work, "w.html"))).toBe(false);

    const bare = await scriptpilot(
      "export",
      "--plugin",
      "printable",
      "--in",
      "script.json",
      "--out",
      "s.html",
    );
    expect(bare.code).toBe(1);
    expect(bare.stderr).toMatch(/script\.json is a script, not an approved version; export it with --draft/);

    const draft = await scriptpilot(
      "export",
      "--plugin",
      "printable",
      "--in",
      "script.json",
      "--out",
      "s.html",
      "--draft",
    );
    expect(draft.code).toBe(0);
    expect(draft.stdout).toMatch(/marked as a DRAFT/);
    expect(readFileSync(path.join(work, "s.html"), "utf8")).toContain("DRAFT: not approved for calls.");
  });

  it("export: runs a third-party plugin from the data directory with settings from --config", async () => {
    writeFileSync(path.join(work, "settings.json"), JSON.stringify({ separator: ";" }));
    const run = await scriptpilot(
      "export",
      "--plugin",
      "fixture-good-csv",
      "--in",
      "approved.json",
      "--out",
      "steps.csv",
      "--config",
      "settings.json",
    );
    expect(run.code).toBe(0);
    expect(readFileSync(path.join(work, "steps.csv"), "utf8").split("\n")[0]).toBe("id;kind");
    const unknown = await scriptpilot("export", "--plugin", "nope", "--in", "approved.json", "--out", "x");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(
      /^scriptpilot export: There is no plugin “nope”\. Available: scriptpilot-json, surveyjs, voicexml, agent-desktop-html, printable, fixture-good-csv, fixture-say-only\.\n$/,
    );
  });

  it("plugins: lists each plugin's id, name, version, target and media type, and why a broken one is not loaded", async () => {
    const run = await scriptpilot("plugins");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^voicexml\s+VoiceXML 2\.1\s+1\.0\.0\s+dialer\s+application\/voicexml\+xml\s+built-in$/m,
    );
    expect(run.stdout).toMatch(
      /^fixture-good-csv\s+Prompts as CSV\s+0\.2\.0\s+file\s+text\/csv\s+directory$/m,
    );
    expect(run.stdout).toMatch(
      /^bad-manifest \(.*bad-manifest\) was not loaded: manifest\.version has an invalid format/m,
    );
  });
});
