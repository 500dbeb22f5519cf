import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { runStorageAdapterContract } from "../../test/contracts/storage-adapter.contract";
import {
  DATA_FILE_NAME,
  LOCK_FILE_NAME,
  openLowdbAdapter,
  StorageLockedError,
  writeFileDurably,
  type LowdbAdapterOptions,
} from "./lowdb-adapter";
import { StorageCorruptError, type StorageAdapter } from "./storage-adapter";

const tempDirs: string[] = [];

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "scriptpilot-lowdb-"));
  tempDirs.push(dir);
  return dir;
}

afterAll(async () => {
  await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

runStorageAdapterContract("lowdb", async () => {
  const dir = await tempDir();
  const { adapter } = await openLowdbAdapter({ dataDir: dir });
  return {
    adapter,
    cleanup: async () => {
      await adapter.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

describe("openLowdbAdapter", () => {
  const open: StorageAdapter[] = [];
  async function openIn(options: LowdbAdapterOptions) {
    const opened = await openLowdbAdapter(options);
    open.push(opened.adapter);
    return opened;
  }
  afterEach(async () => {
    await Promise.all(open.splice(0).map((a) => a.close()));
  });

  const doc = (id: string) => ({ id, revision: 0, title: `Doc ${id}` });
  const readJson = async (file: string): Promise<unknown> => JSON.parse(await readFile(file, "utf8"));

  it("creates the data directory and an empty data file on first open", async () => {
    const dataDir = path.join(await tempDir(), "nested", "data");
    const { created, file } = await openIn({ dataDir });

    expect(created).toBe(true);
    expect(file).toBe(path.join(dataDir, DATA_FILE_NAME));
    expect(await readJson(file)).toEqual({ format: "scriptpilot-data", formatVersion: 1, collections: {} });
  });

  it("keeps data across close and reopen", async () => {
    const dataDir = await tempDir();
    const first = await openLowdbAdapter({ dataDir });
    const saved = await first.adapter.save("scripts", doc("a"), 0);
    await first.adapter.save("scripts", { ...saved, title: "Renamed" }, 1);
    await first.adapter.save("versions", doc("v1"), 0);
    const unawaited = first.adapter.save("scripts", doc("b"), 0);
    await first.adapter.close();
    await unawaited;
    expect(await readdir(dataDir)).not.toContain(LOCK_FILE_NAME);

    const second = await openIn({ dataDir });
    expect(second.created).toBe(false);
    expect(await second.adapter.get("scripts", "a")).toEqual({ id: "a", revision: 2, title: "Renamed" });
    expect(await second.adapter.list("versions")).toEqual([{ id: "v1", revision: 1, title: "Doc v1" }]);
    expect(await second.adapter.get("scripts", "b")).toMatchObject({ revision: 1 });
  });

  it("leaves valid JSON on disk after every save and delete, and no temporary files", async () => {
    const dataDir = await tempDir();
    const { adapter, file } = await openIn({ dataDir });

    for (let revision = 0; revision < 5; revision++) {
      await adapter.save("scripts", doc("a"), revision);
      expect(await readJson(file)).toMatchObject({
        collections: { scripts: [{ id: "a", revision: revision + 1 }] },
      });
    }
    await adapter.delete("scripts", "a");
    expect(await readJson(file)).toMatchObject({ collections: { scripts: [] } });
    expect((await readdir(dataDir)).sort()).toEqual([DATA_FILE_NAME, LOCK_FILE_NAME]);
  });

  it("applies the seed only when it creates the data file", async () => {
    const dataDir = await tempDir();
    const seed = vi.fn(() => ({ scripts: [{ id: "demo", revision: 1, title: "Demo" }] }));

    const first = await openLowdbAdapter({ dataDir, seed });
    expect(first.created).toBe(true);
    await first.adapter.delete("scripts", "demo");
    await first.adapter.close();

    const second = await openIn({ dataDir, seed });
    expect(second.created).toBe(false);
    expect(seed).toHaveBeenCalledTimes(1);
    expect(await second.adapter.list("scripts")).toEqual([]);
  });

  it("refuses seed data with duplicate ids and creates no file", async () => {
    const dataDir = await tempDir();
    const seed = () => ({
      scripts: [
        { id: "x", revision: 1 },
        { id: "x", revision: 1 },
      ],
    });

    await expect(openLowdbAdapter({ dataDir, seed })).rejects.toThrow(/seed data.*two documents with id "x"/);
    expect(await readdir(dataDir)).toEqual([]);
  });

  describe("refuses a damaged data file without touching it", () => {
    const cases: [string, string, RegExp][] = [
      [
        "invalid JSON",
        '{\n  "format": "scriptpilot-data",\n  "formatVersion": 1,\n}\n',
        /is not valid JSON \(.*at line 4, column 1\)/,
      ],
      [
        "truncated JSON",
        '{"format": "scriptpilot-data",\n  "formatVersion": ',
        /is not valid JSON \(value expected at line 2, column 20\)/
      ],
      ["an empty file", "", /is empty \(0 bytes\)/],
      ["a whitespace-only file", "  \n", /contains only whitespace/],
      ["a top-level array", "[]", /is not a ScriptPilot data file \(its top level is not an object\)/],
      ["no format marker", '{"collections": {}}', /is not a ScriptPilot data file \(it has no format marker/],
      [
        "a foreign format",
        '{"format": "other-app", "formatVersion": 1, "collections": {}}',
        /its format is "other-app"/,
      ],
      [
        "an unknown formatVersion",
        '{"format": "scriptpilot-data", "formatVersion": 2, "collections": {}}',
        /has formatVersion 2, which this version of ScriptPilot cannot read/,
      ],
      [
        "collections missing",
        '{"format": "scriptpilot-data", "formatVersion": 1}',
        /has no "collections" object/,
      ],
      [
        "a collection that is not an array",
        data({ scripts: {} }),
        /collections\.scripts, which is not an array/,
      ],
      [
        "a document that is not an object",
        data({ scripts: ["a"] }),
        /collections\.scripts\[0\], which is not an object/,
      ],
      [
        "a document without an id",
        data({ scripts: [{ revision: 1 }] }),
        /collections\.scripts\[0\] without a string "id"/,
      ],
      [
        "a document without a revision",
        data({ scripts: [{ id: "a" }] }),
        /collections\.scripts\[0\] \(id "a"\) without a "revision"/,
      ],
      [
        "a revision of 0",
        data({ users: [{ id: "u", revision: 0 }] }),
        /collections\.users\[0\] \(id "u"\) without a "revision"/,
      ],
      ["a fractional revision", data({ users: [{ id: "u", revision: 1.5 }] }), /without a "revision"/],
      [
        "duplicate ids in a collection",
        data({
          scripts: [
            { id: "a", revision: 1 },
            { id: "b", revision: 1 },
            { id: "a", revision: 2 },
          ],
        }),
        /has two documents with id "a" in collections\.scripts \(at 0 and 2\)/,
      ],
    ];

    it.each(cases)("%s", async (_name, contents, problem) => {
      const dataDir = await tempDir();
      const file = path.join(dataDir, DATA_FILE_NAME);
      await writeFile(file, contents);
      const seed = vi.fn(() => ({}));

      const error = await openLowdbAdapter({ dataDir, seed }).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(StorageCorruptError);
      expect((error as StorageCorruptError).filePath).toBe(file);
      expect((error as Error).message).toContain(`The data file ${file} `);
      expect((error as Error).message).toMatch(problem);
      expect((error as Error).message).toMatch(
        /It was left untouched; fix or move it away, then start again\.$/,
      );
      expect(await readFile(file, "utf8")).toBe(contents);
      expect(seed).not.toHaveBeenCalled();
      // Nothing else was left behind either, so fixing the file is all it takes to start again.
      expect(await readdir(dataDir)).toEqual([DATA_FILE_NAME]);
    });
  });

  it("refuses a data directory locked by another live process", async () => {
    const dataDir = await tempDir();
    const child = await spawnIdleProcess();
    try {
      await writeFile(path.join(dataDir, LOCK_FILE_NAME), `${child.pid}\n`);

      const error = await openLowdbAdapter({ dataDir }).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(StorageLockedError);
      expect((error as Error).message).toBe(
        `Another ScriptPilot process (pid ${child.pid}) is using ${dataDir}; stop it or choose another SCRIPTPILOT_DATA_DIR.`,
      );
      expect(await readdir(dataDir)).toEqual([LOCK_FILE_NAME]);
      expect(await readFile(path.join(dataDir, LOCK_FILE_NAME), "utf8")).toBe(`${child.pid}\n`);
    } finally {
      child.kill();
    }
  });

  it("takes over a lock left by a process that has gone", async () => {
    const dataDir = await tempDir();
    const child = await spawnIdleProcess();
    const deadPid = child.pid!;
    await new Promise((resolve) => {
      child.once("exit", resolve);
      child.kill();
    });
    await writeFile(path.join(dataDir, LOCK_FILE_NAME), `${deadPid}\n`);

    const { adapter } = await openIn({ dataDir });

    expect(await readFile(path.join(dataDir, LOCK_FILE_NAME), "utf8")).toBe(`${process.pid}\n`);
    await adapter.close();
    expect(await readdir(dataDir)).toEqual([DATA_FILE_NAME]);
  });

  it("rejects a failed write and leaves memory and the file as they were", async () => {
    const dataDir = await tempDir();
    let failing = false;
    const diskError = Object.assign(new Error("EIO: i/o error, write"), { code: "EIO" });
    const { adapter, file } = await openIn({
      dataDir,
      writeFile: (filePath, text) => (failing ? Promise.reject(diskError) : writeFileDurably(filePath, text)),
    });
    await adapter.save("scripts", doc("a"), 0);
    const before = await readFile(file, "utf8");

    failing = true;
    await expect(adapter.save("scripts", { ...doc("a"), title: "Changed" }, 1)).rejects.toBe(diskError);
    await expect(adapter.save("scripts", doc("b"), 0)).rejects.toBe(diskError);
    await expect(adapter.delete("scripts", "a")).rejects.toBe(diskError);

    expect(await adapter.list("scripts")).toEqual([{ id: "a", revision: 1, title: "Doc a" }]);
    expect(await readFile(file, "utf8")).toBe(before);

    failing = false;
    expect(await adapter.save("scripts", { ...doc("a"), title: "Changed" }, 1)).toMatchObject({
      revision: 2,
    });
    expect(await readJson(file)).toMatchObject({
      collections: { scripts: [{ id: "a", revision: 2, title: "Changed" }] },
    });
  });
});

function data(collections: unknown): string {
  return JSON.stringify({ format: "scriptpilot-data", formatVersion: 1, collections });
}

/** A child process that stays alive until killed, and whose pid is known once it has started. */
async function spawnIdleProcess(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["-e", "setTimeout(() => {}, 10000)"], { stdio: "ignore" });
  await new Promise((resolve, reject) => {
    child.once("spawn", resolve);
    child.once("error", reject);
  });
  return child;
}
