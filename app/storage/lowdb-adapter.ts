import { parseJsonWithLocation } from "~/domain/json-syntax";
import { mkdir, open, readFile, rename, rm, stat, unlink, writeFile as writeNewFile } from "node:fs/promises";
import path from "node:path";
import { Low, type Adapter } from "lowdb";
import {
  checkDelete,
  checkSave,
  StorageClosedError,
  StorageCorruptError,
  type CollectionData,
  type CollectionName,
  type StorageAdapter,
  type StoredDocument,
} from "./storage-adapter";

export const DATA_FILE_NAME = "scriptpilot.json";
export const LOCK_FILE_NAME = "scriptpilot.lock";
const FORMAT = "scriptpilot-data";
const FORMAT_VERSION = 1;

interface DataDocument {
  format: typeof FORMAT;
  formatVersion: typeof FORMAT_VERSION;
  collections: Record<string, StoredDocument[]>;
}

export interface LowdbAdapterOptions {
  dataDir: string;
  /** Contents for a data file that does not exist yet (demo scripts on first start). Not called otherwise. */
  seed?: () => CollectionData | Promise<CollectionData>;
  /** Test seam: replaces the durable file writer, e.g. to simulate a disk error. */
  writeFile?: (filePath: string, text: string) => Promise<void>;
}

export interface OpenedLowdbAdapter {
  adapter: StorageAdapter;
  /** True when this call created the data file. */
  created: boolean;
  /** Absolute path of the data file. */
  file: string;
}

/** Another live process holds the data directory's lock file. */
export class StorageLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `Another ScriptPilot process (pid ${pid}) is using ${dataDir}; stop it or choose another SCRIPTPILOT_DATA_DIR.`,
    );
    this.name = "StorageLockedError";
  }
}

/**
 * The embedded store: one JSON file, read once into memory and rewritten whole (atomically, fsynced) on each
 * change. lowdb cannot share a file between processes, hence the lock file and the single write queue.
 */
export async function openLowdbAdapter(options: LowdbAdapterOptions): Promise<OpenedLowdbAdapter> {
  const dataDir = path.resolve(options.dataDir);
  const file = path.join(dataDir, DATA_FILE_NAME);
  const lockFile = path.join(dataDir, LOCK_FILE_NAME);
  await mkdir(dataDir, { recursive: true });
  await acquireLock(lockFile, dataDir);

  let db: Low<DataDocument>;
  let created: boolean;
  try {
    db = new Low(new DurableJsonFile(file, options.writeFile ?? writeFileDurably), emptyDocument());
    created = !(await exists(file));
    if (created) {
      db.data = { ...emptyDocument(), collections: checkedSeed((await options.seed?.()) ?? {}) };
      await db.write();
    } else {
      await db.read();
    }
  } catch (error) {
    await releaseLock(lockFile);
    throw error;
  }

  // Chained writes: each one sees the state its predecessor committed, so revision checks cannot race.
  let queue: Promise<unknown> = Promise.resolve();
  let closed = false;
  function enqueue<T>(task: () => Promise<T>): Promise<T> {
    if (closed) return Promise.reject(new StorageClosedError());
    const result = queue.then(task);
    queue = result.catch(() => undefined);
    return result;
  }

  function docsOf(name: CollectionName): StoredDocument[] {
    return db.data.collections[name] ?? [];
  }

  function readDocs(name: CollectionName): StoredDocument[] {
    if (closed) throw new StorageClosedError();
    return docsOf(name);
  }

  // Writes a changed copy first and only then swaps it in, so a failed write leaves memory as it was and
  // readers never see a state that is not on disk.
  async function commit(name: CollectionName, docs: StoredDocument[]): Promise<void> {
    const next: DataDocument = { ...db.data, collections: { ...db.data.collections, [name]: docs } };
    await db.adapter.write(next);
    db.data = next;
  }

  const adapter: StorageAdapter = {
    async list<T extends StoredDocument>(name: CollectionName) {
      return structuredClone(readDocs(name)) as T[];
    },

    async get<T extends StoredDocument>(name: CollectionName, id: string) {
      const doc = readDocs(name).find((d) => d.id === id);
      return doc && (structuredClone(doc) as T);
    },

    async peek<T extends StoredDocument>(name: CollectionName, id: string) {
      return readDocs(name).find((d) => d.id === id) as Readonly<T> | undefined;
    },

    async revision(name: CollectionName, id: string) {
      return readDocs(name).find((d) => d.id === id)?.revision;
    },

    async save<T extends StoredDocument>(name: CollectionName, doc: T, expectedRevision: number) {
      const copy = structuredClone(doc); // taken now: the caller may change doc while the write waits its turn
      return enqueue(async () => {
        const docs = docsOf(name);
        const index = docs.findIndex((d) => d.id === copy.id);
        checkSave(name, copy, expectedRevision, docs[index]?.revision);
        const stored = { ...copy, revision: expectedRevision + 1 };
        await commit(name, index === -1 ? [...docs, stored] : docs.map((d, i) => (i === index ? stored : d)));
        return structuredClone(stored);
      });
    },

    async delete(name: CollectionName, id: string, expectedRevision?: number) {
      return enqueue(async () => {
        const docs = docsOf(name);
        checkDelete(name, id, expectedRevision, docs.find((d) => d.id === id)?.revision);
        await commit(
          name,
          docs.filter((d) => d.id !== id),
        );
      });
    },

    async close() {
      if (closed) return;
      const pending = queue;
      closed = true;
      await pending;
      await releaseLock(lockFile);
    },
  };
  return { adapter, created, file };
}

/** A lowdb adapter that validates what it reads and writes through a durable writer. */
class DurableJsonFile implements Adapter<DataDocument> {
  constructor(
    private readonly filePath: string,
    private readonly writeText: (filePath: string, text: string) => Promise<void>,
  ) {}

  async read(): Promise<DataDocument | null> {
    let text: string;
    try {
      text = await readFile(this.filePath, "utf8");
    } catch (error) {
      if (isErrno(error, "ENOENT")) return null;
      throw error;
    }
    const result = parseDataFile(text);
    if ("problem" in result) throw new StorageCorruptError(this.filePath, result.problem);
    return result.data;
  }

  write(data: DataDocument): Promise<void> {
    return this.writeText(this.filePath, JSON.stringify(data, null, 2) + "\n");
  }
}

/**
 * Replaces filePath so that after a crash it holds either the old or the new contents, never a mix.
 * steno (lowdb's writer) renames a temp file but never fsyncs, so a power cut could leave an empty file.
 */
export async function writeFileDurably(filePath: string, text: string): Promise<void> {
  const dir = path.dirname(filePath);
  // One fixed name is enough because writes are serialised; a leftover from a crash is simply overwritten.
  const temp = path.join(dir, `.${path.basename(filePath)}.tmp`);
  try {
    const handle = await open(temp, "w");
    try {
      await handle.writeFile(text, "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, filePath);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncDirectory(dir);
}

// Makes the rename itself durable. Some platforms (Windows) cannot open or fsync a directory; nothing to do there.
async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, "r");
    await handle.sync();
  } catch (error) {
    if (!isErrno(error, "EISDIR", "EPERM", "EINVAL", "EACCES")) throw error;
  } finally {
    await handle?.close();
  }
}

function emptyDocument(): DataDocument {
  return { format: FORMAT, formatVersion: FORMAT_VERSION, collections: {} };
}

function checkedSeed(seed: CollectionData): Record<string, StoredDocument[]> {
  const result = readCollections(structuredClone(seed));
  if ("problem" in result)
    throw new Error(`The seed data for a new data file is not usable: it ${result.problem}.`);
  return result.collections;
}

/** Parses and checks a data file's text; a problem completes the sentence "The data file <path> …". */
export function parseDataFile(text: string): { data: DataDocument } | { problem: string } {
  if (text.trim() === "") return { problem: text === "" ? "is empty (0 bytes)" : "contains only whitespace" };
  const parsed = parseJsonWithLocation(text);
  if (!parsed.ok) return { problem: `is not valid JSON (${parsed.error.message})` };
  const value = parsed.value;
  if (!isPlainObject(value))
    return { problem: "is not a ScriptPilot data file (its top level is not an object)" };
  if (value.format !== FORMAT) {
    const found =
      value.format === undefined
        ? "it has no format marker"
        : `its format is ${JSON.stringify(value.format)}`;
    return { problem: `is not a ScriptPilot data file (${found}; expected "format": "${FORMAT}")` };
  }
  if (value.formatVersion !== FORMAT_VERSION) {
    return {
      problem: `has formatVersion ${JSON.stringify(value.formatVersion)}, which this version of ScriptPilot cannot read (it reads ${FORMAT_VERSION})`,
    };
  }
  const result = readCollections(value.collections);
  if ("problem" in result) return { problem: `is damaged: it ${result.problem}` };
  return { data: { format: FORMAT, formatVersion: FORMAT_VERSION, collections: result.collections } };
}

/** Checks a collections object; a problem is phrased to follow "it …". */
function readCollections(
  collections: unknown,
): { collections: Record<string, StoredDocument[]> } | { problem: string } {
  if (!isPlainObject(collections)) return { problem: `has no "collections" object` };
  const checked: Record<string, StoredDocument[]> = {};
  for (const [name, docs] of Object.entries(collections)) {
    if (!Array.isArray(docs)) return { problem: `has collections.${name}, which is not an array` };
    const seen = new Map<string, number>();
    checked[name] = [];
    for (const [index, doc] of docs.entries()) {
      const where = `collections.${name}[${index}]`;
      if (!isPlainObject(doc)) return { problem: `has ${where}, which is not an object` };
      const { id, revision } = doc;
      if (typeof id !== "string" || id === "") return { problem: `has ${where} without a string "id"` };
      if (typeof revision !== "number" || !Number.isInteger(revision) || revision < 1) {
        return {
          problem: `has ${where} (id "${id}") without a "revision" that is a whole number of at least 1`,
        };
      }
      const first = seen.get(id);
      if (first !== undefined) {
        return {
          problem: `has two documents with id "${id}" in collections.${name} (at ${first} and ${index})`,
        };
      }
      seen.set(id, index);
      checked[name].push({ ...doc, id, revision });
    }
  }
  return { collections: checked };
}

async function acquireLock(lockFile: string, dataDir: string): Promise<void> {
  for (;;) {
    try {
      await writeNewFile(lockFile, `${process.pid}\n`, { flag: "wx" });
      return;
    } catch (error) {
      if (!isErrno(error, "EEXIST")) throw error;
    }
    const pid = Number.parseInt(await readFile(lockFile, "utf8").catch(() => ""), 10);
    // Our own pid means an earlier open in this process that was never closed (e.g. a dev-server reload).
    if (pid === process.pid) {
      await writeNewFile(lockFile, `${process.pid}\n`);
      return;
    }
    if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) throw new StorageLockedError(dataDir, pid);
    // Stale (its process is gone) or unreadable: remove it and race for it again with "wx".
    await rm(lockFile, { force: true });
  }
}

async function releaseLock(lockFile: string): Promise<void> {
  const pid = Number.parseInt(await readFile(lockFile, "utf8").catch(() => ""), 10);
  // Only our own lock: another process may have taken over a lock it judged stale.
  if (pid === process.pid) await unlink(lockFile).catch(() => undefined);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return isErrno(error, "EPERM");
  }
}

async function exists(filePath: string): Promise<boolean> {
  try {
    await stat(filePath);
    return true;
  } catch (error) {
    if (isErrno(error, "ENOENT")) return false;
    throw error;
  }
}

function isErrno(error: unknown, ...codes: string[]): boolean {
  return error instanceof Error && "code" in error && codes.includes(String(error.code));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
