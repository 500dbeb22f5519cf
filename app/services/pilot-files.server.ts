import { mkdtemp, mkdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { DomainError } from "~/domain/domain-error";
import { writeFileDurably } from "~/storage/lowdb-adapter";
import { getAppContext, type AppContext } from "./app-context.server";

/**
 * Each pilot's files live in `<data dir>/pilots/<pilotId>/`, outside the lowdb document:
 * - `contacts.json` (contact-list.v1) and `do-not-call.json`: personal data, deleted after the pilot;
 * - `queue.json`: which contact (by opaque contactRef) was served to which agent, as which call;
 * - `results.json`: CallSummary rows imported from a dialer's export (anonymous; kept for good).
 * Every write replaces the whole file atomically (temp file + fsync + rename), and writes to one pilot
 * are serialised so two requests never interleave a read-modify-write.
 */
export type PilotFile = "contacts" | "do-not-call" | "queue" | "results";

const ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Memory contexts (route tests) get a throwaway directory of their own, like calls.server does. */
const throwaway = new WeakMap<AppContext, Promise<string>>();

async function pilotsRoot(): Promise<string> {
  const context = await getAppContext();
  if (context.dataFile !== ":memory:") return path.join(path.dirname(context.dataFile), "pilots");
  let dir = throwaway.get(context);
  if (!dir) {
    dir = mkdtemp(path.join(tmpdir(), "scriptpilot-pilots-"));
    throwaway.set(context, dir);
  }
  return dir;
}

async function fileOf(pilotId: string, file: PilotFile): Promise<string> {
  if (!ID.test(pilotId)) throw new DomainError("not-found", `“${pilotId}” is not a pilot id.`);
  return path.join(await pilotsRoot(), pilotId, `${file}.json`);
}

/**
 * Parsed files by path: a 100,000-contact list is read once, not on every "next contact". Only this module
 * writes these files (one process per data directory), so a write or delete here keeps it current.
 */
const cache = new Map<string, unknown>();

/**
 * The file's parsed JSON, or undefined when it does not exist. The caller narrows the shape and must not
 * change the value it gets (it is shared with later reads).
 */
export async function readPilotFile(pilotId: string, file: PilotFile): Promise<unknown> {
  const target = await fileOf(pilotId, file);
  if (cache.has(target)) return cache.get(target);
  const value = await readFresh(target, file);
  if (value !== undefined) cache.set(target, value);
  return value;
}

async function readFresh(target: string, file: PilotFile): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(target, "utf8");
  } catch (error) {
    if (isErrno(error, "ENOENT")) return undefined;
    throw error;
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new DomainError("invalid", `The pilot's ${file} file is damaged (not JSON); it was left as it is.`);
  }
}

/**
 * Writes the file; returns the object later reads will hand out (so a caller can remember it is checked).
 * That is a copy of its own, so the caller's object can change without changing what later reads see,
 * unless the caller hands the value over (`handOver`: it never changes it again), which spares a second
 * parse of a large file such as a 100,000-contact list.
 */
export async function writePilotFile(
  pilotId: string,
  file: PilotFile,
  value: unknown,
  { handOver = false }: { handOver?: boolean } = {},
): Promise<unknown> {
  const target = await fileOf(pilotId, file);
  await mkdir(path.dirname(target), { recursive: true });
  const text = JSON.stringify(value);
  cache.delete(target);
  await writeFileDurably(target, text);
  const kept: unknown = handOver ? value : JSON.parse(text);
  cache.set(target, kept);
  return kept;
}

export async function deletePilotFile(pilotId: string, file: PilotFile): Promise<void> {
  const target = await fileOf(pilotId, file);
  cache.delete(target);
  await rm(target, { force: true });
}

const locks = new Map<string, Promise<unknown>>();

/** Runs `work` after every earlier piece of work on the same pilot has finished (in this process). */
export function withPilotLock<T>(pilotId: string, work: () => Promise<T>): Promise<T> {
  const previous = locks.get(pilotId) ?? Promise.resolve();
  const next = previous.then(work, work);
  const settled = next.catch(() => undefined);
  locks.set(pilotId, settled);
  void settled.then(() => {
    if (locks.get(pilotId) === settled) locks.delete(pilotId);
  });
  return next;
}

function isErrno(error: unknown, code: string): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === code;
}
