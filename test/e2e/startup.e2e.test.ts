// The server refuses to start on a damaged data file, says which file and what is wrong, and leaves it as it was.
import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { findFreePort, repoRoot, signInCookie, startServer } from "./harness";

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => fs.rm(d, { recursive: true, force: true })));
});

async function dataDirWith(content: string): Promise<{ dir: string; file: string }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "scriptpilot-start-"));
  dirs.push(dir);
  const file = path.join(dir, "scriptpilot.json");
  await fs.writeFile(file, content);
  return { dir, file };
}

async function runServer(dataDir: string): Promise<{ code: number | null; output: string }> {
  const port = await findFreePort();
  const child = spawn(process.execPath, ["server.js"], {
    cwd: repoRoot,
    env: { ...process.env, PORT: String(port), SCRIPTPILOT_DATA_DIR: dataDir, NODE_ENV: "production" },
  });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  clearTimeout(timer);
  return { code, output };
}

describe("starting on a damaged data file", () => {
  it("refuses a file that is not JSON, naming the file and the place, and leaves it untouched", async () => {
    const broken = '{ "format": "scriptpilot-data", "formatVersion": 1, "collections": { "scripts": [ }';
    const { dir, file } = await dataDirWith(broken);
    const { code, output } = await runServer(dir);
    expect(code).toBe(1);
    expect(output).toContain(`The data file ${file} is not valid JSON`);
    expect(output).toMatch(/line 1, column \d+/);
    expect(output).not.toMatch(/\n\s+at /); // no stack trace
    expect(await fs.readFile(file, "utf8")).toBe(broken);
  });

  it("refuses a hand-edited script that no longer validates, naming the script and the field", async () => {
    const server = await startServer({ keepData: true });
    const file = path.join(server.dataDir, "scriptpilot.json");
    dirs.push(server.dataDir);
    await server.stop();
    const data = JSON.parse(await fs.readFile(file, "utf8"));
    const script = data.collections.scripts[0];
    const say = script.nodes.find((n: { kind: string }) => n.kind !== "start");
    say.kind = "speech";
    const edited = JSON.stringify(data, null, 2);
    await fs.writeFile(file, edited);

    const { code, output } = await runServer(server.dataDir);
    expect(code).toBe(1);
    expect(output).toContain(file);
    expect(output).toContain(`script (id ${script.id}) that is not valid`);
    expect(output).toContain(`node ${say.id} has an unknown kind “speech”`);
    expect(await fs.readFile(file, "utf8")).toBe(edited);
  });

  it("keeps data across a restart", async () => {
    const first = await startServer({ keepData: true });
    dirs.push(first.dataDir);
    const before = await (
      await fetch(`${first.url}/`, { headers: { Cookie: await signInCookie(first) } })
    ).text();
    await first.stop();
    const second = await startServer({ dataDir: first.dataDir, keepData: true });
    // The account made on the first start is still there: signing in again works.
    const after = await (
      await fetch(`${second.url}/`, { headers: { Cookie: await signInCookie(second) } })
    ).text();
    await second.stop();
    expect(after).toContain("Event invitation");
    expect(before).toContain("Event invitation");
  });
});
