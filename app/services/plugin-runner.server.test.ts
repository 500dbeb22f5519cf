// Third-party plugins run in a worker: the ones in test/fixtures/plugins throw, loop forever and allocate
// without limit, and each must end in a clear error in the export log while this process carries on.
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMemoryAdapter } from "~/storage/memory-adapter";
import { approvedVersion, kitScript } from "../../plugins/sdk/contract";
import { NODE_KINDS } from "../../plugins/sdk";
import { exportAndLog, listExports } from "./exports.server";
import { loadPlugins, type RegisteredPlugin } from "./plugin-registry.server";
import { PluginRunError } from "./plugin-runner.server";

const FIXTURES = path.resolve(import.meta.dirname, "../../test/fixtures/plugins");
const NOW = "2026-03-01T12:00:00.000Z";
const LIMITS = { timeoutMs: 1_500, maxOldGenerationSizeMb: 32 };
const version = approvedVersion(kitScript(NODE_KINDS));

let dataDir: string;
let plugins: RegisteredPlugin[];

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), "scriptpilot-plugins-"));
  cpSync(FIXTURES, path.join(dataDir, "plugins"), { recursive: true });
  plugins = await loadPlugins({ dataDir, packages: ["scriptpilot-plugin-not-installed"], limits: LIMITS });
}, 30_000);

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function byLocation(name: string): RegisteredPlugin | undefined {
  return plugins.find((p) => p.location.endsWith(`${path.sep}${name}`) || p.location === name);
}

describe("plugin registry", () => {
  it("lists the built-ins first, then loads the data directory's plugins by their manifest id", () => {
    expect(plugins.slice(0, 5).map((p) => p.id)).toEqual([
      "scriptpilot-json",
      "surveyjs",
      "voicexml",
      "agent-desktop-html",
      "printable",
    ]);
    expect(byLocation("good-csv")).toMatchObject({
      id: "fixture-good-csv",
      source: "directory",
      problems: [],
    });
    expect(byLocation("good-csv")?.configSchema).toBeDefined();
  });

  it("lists a plugin with an invalid manifest with the reason, and does not load it", () => {
    const bad = byLocation("bad-manifest");
    expect(bad?.manifest).toBeUndefined();
    expect(bad?.problems.join("\n")).toMatch(/manifest\.version has an invalid format \("1\.0"\)/);
    expect(bad?.problems.join("\n")).toMatch(/manifest\.target must be one of: dialer, agent-desktop, file/);
  });

  it("refuses a plugin written for a plugin API this ScriptPilot does not support", () => {
    expect(byLocation("future-api")?.problems).toEqual([
      "manifest.apiVersion 99 is not supported by this ScriptPilot (supported: 1)",
    ]);
  });

  it("names an npm package from the settings that is not installed", () => {
    expect(byLocation("scriptpilot-plugin-not-installed")?.problems[0]).toMatch(
      /the npm package “scriptpilot-plugin-not-installed” is not installed \(run npm install scriptpilot-plugin-not-installed in /,
    );
  });
});

describe("running third-party plugins in a worker", () => {
  const storage = createMemoryAdapter();
  const run = (pluginId: string, config: Record<string, unknown> = {}) =>
    exportAndLog(storage, { plugins, pluginId, version, config, now: NOW, actor: "user-1", limits: LIMITS });

  it("runs a working plugin and logs who exported which version, with the file's size", async () => {
    const { result, logs, entry } = await run("fixture-good-csv", { separator: ";" });
    expect(result).toMatchObject({ filename: "prompts.csv", mediaType: "text/csv" });
    expect(String(result.body).split("\n")[1]).toBe("start;start");
    expect(logs).toEqual([{ level: "info", message: `exporting ${version.script.nodes.length} steps` }]);
    expect(entry).toMatchObject({
      actor: "user-1",
      versionId: version.versionId,
      pluginId: "fixture-good-csv",
      pluginVersion: "0.2.0",
      result: "ok",
      bytes: Buffer.byteLength(String(result.body)),
    });
  });

  it("refuses settings that do not match the plugin's settings schema", async () => {
    await expect(run("fixture-good-csv", { separator: "|" })).rejects.toThrow(
      /settings for plugin fixture-good-csv are not valid: \/separator must be equal to one of the allowed values/,
    );
  });

  it("reports a plugin that throws with its message", async () => {
    const error = await run("fixture-throws").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PluginRunError);
    expect((error as Error).message).toBe("Plugin fixture-throws failed: the printer is on fire");
  });

  it("stops a plugin that never returns after the time limit", async () => {
    const started = Date.now();
    const error = await run("fixture-loops").catch((e: unknown) => e);
    expect((error as Error).message).toBe("Plugin fixture-loops took longer than 1.5 s and was stopped.");
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("stops a plugin that allocates without limit when it reaches the memory limit", async () => {
    const error = await run("fixture-allocates").catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "out-of-memory" });
    expect((error as Error).message).toBe(
      "Plugin fixture-allocates used more than 32 MB of memory and was stopped.",
    );
  }, 20_000);

  it("keeps every attempt, failed or not, in the export log, and still exports afterwards", async () => {
    await run("fixture-good-csv");
    const log = await listExports(storage);
    const failures = log.filter((e) => e.result === "error").map((e) => [e.pluginId, e.errorCode]);
    expect(failures).toEqual(
      expect.arrayContaining([
        ["fixture-throws", "crashed"],
        ["fixture-loops", "timeout"],
        ["fixture-allocates", "out-of-memory"],
        ["fixture-good-csv", "invalid"],
      ]),
    );
    expect(log.filter((e) => e.result === "ok")).toHaveLength(2);
  });

  it("refuses an unapproved version before any plugin code runs", async () => {
    const withdrawn = { ...version, status: "withdrawn" as const };
    await expect(
      exportAndLog(storage, {
        plugins,
        pluginId: "fixture-good-csv",
        version: withdrawn,
        now: NOW,
        actor: "user-1",
      }),
    ).rejects.toThrow(
      "Version 2 of “Contract kit script” is withdrawn, not approved; only approved versions can be exported.",
    );
  });

  it("names the problem of a plugin that cannot be used and the plugins that can", async () => {
    await expect(run("fixture-bad")).rejects.toThrow(
      /There is no plugin “fixture-bad”. Available: scriptpilot-json, surveyjs/,
    );
    await expect(run("bad-manifest")).rejects.toThrow(
      /Plugin bad-manifest cannot be used: manifest\.version/,
    );
  });
});
