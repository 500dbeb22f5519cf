import { afterEach, beforeEach } from "vitest";
import { setAppContext } from "~/services/app-context.server";
import { demoScripts } from "~/services/scripts.server";
import { createMemoryAdapter } from "~/storage/memory-adapter";
import type { StorageAdapter } from "~/storage/storage-adapter";

/** Runs each test of the file against a fresh in-memory store holding the demo scripts. */
export function useMemoryApp(): { storage: () => StorageAdapter } {
  let storage: StorageAdapter | undefined;
  beforeEach(() => {
    storage = createMemoryAdapter({ scripts: demoScripts("2026-01-01T00:00:00.000Z") });
    setAppContext({ storage, dataFile: ":memory:", created: true });
  });
  afterEach(() => setAppContext(undefined));
  return {
    storage: () => {
      if (!storage) throw new Error("useMemoryApp: no storage outside a test");
      return storage;
    },
  };
}

/** Builds a real form POST request. */
export function postForm(url: string, fields: Record<string, string>): Request {
  return new Request(`http://localhost${url}`, { method: "POST", body: new URLSearchParams(fields) });
}

export function get(url: string): Request {
  return new Request(`http://localhost${url}`);
}

/** A thrown Response from a loader/action, for asserting 404/409. */
export async function thrownResponse(promise: Promise<unknown>): Promise<Response> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
  throw new Error("Expected a Response to be thrown");
}
