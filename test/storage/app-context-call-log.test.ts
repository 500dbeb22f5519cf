import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { closeAppContext, getAppContext } from "~/services/app-context.server";
import { appendCallEvents, getCallRecord } from "~/services/calls.server";
import { callBuilder } from "./call-events-factory";

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "app-context-calls-"));
  vi.stubEnv("SCRIPTPILOT_DATA_DIR", dataDir);
});
afterEach(async () => {
  await closeAppContext();
  vi.unstubAllEnvs();
  await rm(dataDir, { recursive: true, force: true });
});

describe("the server's call log", () => {
  it("opens under <data dir>/calls at start, setting a torn last line aside instead of failing", async () => {
    const calls = path.join(dataDir, "calls");
    await mkdir(calls);
    const { events } = callBuilder("c1")
      .start()
      .add("step", 10, { nodeId: "a" });
    const whole = events.map((e) => `${JSON.stringify(e)}\n`).join("");
    await writeFile(path.join(calls, "script-solar.ndjson"), `${whole}{"schemaVersion":1,"eventId":"c1-e2","ca`);
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);

    const context = await getAppContext();

    expect(context.callLog).toBeDefined();
    expect(warn).toHaveBeenCalledWith(
      expect.stringMatching(/^call log script-solar: set aside a torn last line \(\d+ bytes\)/),
    );
    warn.mockRestore();
    const files = await readdir(calls);
    expect(files.filter((f) => f.startsWith("script-solar.ndjson.torn-"))).toHaveLength(1);
    expect(await readFile(path.join(calls, "script-solar.ndjson"), "utf8")).toBe(whole);
    const step = callBuilder("c1").start().add("step", 10, { nodeId: "a" }).add("step", 20, { nodeId: "b" })
      .events[2];
    expect(await appendCallEvents([step], { user: { id: "u-anna" } })).toEqual({
      accepted: 1,
      duplicates: 0,
    });
    expect((await getCallRecord("c1"))?.steps.map((s) => s.nodeId)).toEqual(["a", "b"]);
  });
});
