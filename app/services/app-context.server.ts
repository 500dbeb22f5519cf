import path from "node:path";
import { isDomainError } from "~/domain/domain-error";
import type { EventLog } from "~/storage/event-log";
import { openCallLog } from "~/storage/event-log-calls";
import { openLowdbAdapter } from "~/storage/lowdb-adapter";
import { StorageCorruptError, type StorageAdapter } from "~/storage/storage-adapter";
import { parseScriptDocument } from "./schema-validation.server";
import { demoScripts } from "./scripts.server";

export interface AppContext {
  storage: StorageAdapter;
  dataFile: string;
  created: boolean;
  /** Call events (`<data dir>/calls`); absent in memory contexts, where calls.server uses a throwaway one. */
  callLog?: EventLog;
}

let current: Promise<AppContext> | undefined;

/** The data directory: SCRIPTPILOT_DATA_DIR, or ./data beside where the server was started. */
export function dataDirectory(): string {
  return path.resolve(process.env.SCRIPTPILOT_DATA_DIR || "data");
}

/** The process-wide context, opened once (lowdb supports one writer per process). */
export function getAppContext(): Promise<AppContext> {
  current ??= openAppContext();
  return current;
}

/** Tests run routes against their own storage (usually the memory adapter). */
export function setAppContext(context: AppContext | undefined): void {
  current = context ? Promise.resolve(context) : undefined;
}

export async function closeAppContext(): Promise<void> {
  const context = await current;
  current = undefined;
  await context?.callLog?.close();
  await context?.storage.close();
}

async function openAppContext(): Promise<AppContext> {
  const dataDir = dataDirectory();
  const { adapter, created, file } = await openLowdbAdapter({
    dataDir,
    seed: () => ({ scripts: demoScripts(new Date().toISOString()) }),
  });
  try {
    await checkStoredScripts(adapter, file);
    // Opening sets aside any torn last line left by a crash, before the first request.
    const callLog = await openCallLog(path.join(dataDir, "calls"));
    return { storage: adapter, dataFile: file, created, callLog };
  } catch (error) {
    await adapter.close();
    throw error;
  }
}

/** A hand-edited script that no longer validates stops the start, naming the file, script and problem. */
async function checkStoredScripts(storage: StorageAdapter, file: string): Promise<void> {
  for (const doc of await storage.list("scripts")) {
    try {
      parseScriptDocument(doc);
    } catch (error) {
      if (!isDomainError(error)) throw error;
      const first = error.details[0];
      const where = first ? ` ${first.path} ${first.message}` : "";
      throw new StorageCorruptError(
        file,
        `holds a script (id ${doc.id}) that is not valid: ${error.message}${where}${error.details.length > 1 ? ` (and ${error.details.length - 1} more problems)` : ""}`,
      );
    }
  }
}
