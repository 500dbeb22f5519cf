// The behaviour every StorageAdapter must share; each adapter's test file runs it against a fresh store.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  ConflictError,
  NotFoundError,
  StorageClosedError,
  type StorageAdapter,
  type StoredDocument,
} from "~/storage/storage-adapter";

interface Note extends StoredDocument {
  title: string;
  tags: string[];
  count?: number;
}

const note = (id: string, title = `Note ${id}`): Note => ({ id, revision: 0, title, tags: ["a"] });

export function runStorageAdapterContract(
  name: string,
  open: () => Promise<{ adapter: StorageAdapter; cleanup(): Promise<void> }>,
): void {
  describe(`StorageAdapter contract: ${name}`, () => {
    let storage: StorageAdapter;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ adapter: storage, cleanup } = await open());
    });
    afterEach(() => cleanup());

    it("creates, gets and lists documents", async () => {
      expect(await storage.list("scripts")).toEqual([]);
      expect(await storage.get("scripts", "a")).toBeUndefined();

      const saved = await storage.save("scripts", note("a"), 0);
      await storage.save("scripts", note("b"), 0);

      expect(saved).toEqual({ ...note("a"), revision: 1 });
      expect(await storage.get("scripts", "a")).toEqual(saved);
      const listed = await storage.list<Note>("scripts");
      expect(listed.map((d) => d.id).sort()).toEqual(["a", "b"]);
    });

    it("reports a document's current revision, and undefined for a missing one", async () => {
      expect(await storage.revision("scripts", "r1")).toBeUndefined();
      await storage.save("scripts", { id: "r1", revision: 0 }, 0);
      expect(await storage.revision("scripts", "r1")).toBe(1);
      await storage.save("scripts", { id: "r1", revision: 1 }, 1);
      expect(await storage.revision("scripts", "r1")).toBe(2);
      await storage.delete("scripts", "r1");
      expect(await storage.revision("scripts", "r1")).toBeUndefined();
    });

    it("refuses to create a document whose id exists", async () => {
      await storage.save("scripts", note("a"), 0);
      const error = await storage.save("scripts", note("a", "other"), 0).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(ConflictError);
      expect(error).toMatchObject({
        status: 409,
        collection: "scripts",
        id: "a",
        expectedRevision: 0,
        actualRevision: 1,
      });
      expect(await storage.get("scripts", "a")).toMatchObject({ title: "Note a", revision: 1 });
    });

    it("increments the revision on each save from the current revision", async () => {
      const first = await storage.save("scripts", note("a"), 0);
      const second = await storage.save("scripts", { ...first, title: "Renamed" }, first.revision);
      const third = await storage.save("scripts", { ...second, title: "Again" }, second.revision);

      expect([first.revision, second.revision, third.revision]).toEqual([1, 2, 3]);
      expect(await storage.get("scripts", "a")).toMatchObject({ title: "Again", revision: 3 });
    });

    it("sets the revision itself, whatever the document says", async () => {
      const saved = await storage.save("scripts", { ...note("a"), revision: 99 }, 0);
      expect(saved.revision).toBe(1);
    });

    it("refuses a save from a stale revision, reporting both revisions", async () => {
      const first = await storage.save("scripts", note("a"), 0);
      await storage.save("scripts", { ...first, title: "Theirs" }, 1);
      const error = await storage.save("scripts", { ...first, title: "Mine" }, 1).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(ConflictError);
      expect(error).toMatchObject({ status: 409, id: "a", expectedRevision: 1, actualRevision: 2 });
      expect((error as ConflictError).message).toMatch(/revision 2, you started from 1/);
      expect((error as ConflictError).describe("script")).toMatch(/^This script was changed elsewhere/);
      expect(await storage.get("scripts", "a")).toMatchObject({ title: "Theirs", revision: 2 });
    });

    it("refuses to save a deleted (or never created) document from a revision", async () => {
      await storage.save("scripts", note("a"), 0);
      await storage.delete("scripts", "a");

      const deleted = await storage.save("scripts", note("a"), 1).catch((e: unknown) => e);
      expect(deleted).toBeInstanceOf(ConflictError);
      expect(deleted).toMatchObject({ expectedRevision: 1, actualRevision: undefined });

      const never = await storage.save("scripts", note("zz"), 3).catch((e: unknown) => e);
      expect(never).toBeInstanceOf(ConflictError);
      expect(await storage.list("scripts")).toEqual([]);
    });

    it("deletes, and reports a missing document as not found", async () => {
      await storage.save("scripts", note("a"), 0);
      await storage.delete("scripts", "a", 1);
      expect(await storage.get("scripts", "a")).toBeUndefined();

      const error = await storage.delete("scripts", "a").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NotFoundError);
      expect(error).toMatchObject({ status: 404, collection: "scripts", id: "a" });
    });

    it("refuses a delete from a stale revision and keeps the document", async () => {
      const first = await storage.save("scripts", note("a"), 0);
      await storage.save("scripts", first, 1);
      const error = await storage.delete("scripts", "a", 1).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(ConflictError);
      expect(error).toMatchObject({ expectedRevision: 1, actualRevision: 2 });
      expect(await storage.get("scripts", "a")).toMatchObject({ revision: 2 });
    });

    it("can create a document again after deleting it", async () => {
      await storage.save("scripts", note("a"), 0);
      await storage.delete("scripts", "a");
      expect((await storage.save("scripts", note("a"), 0)).revision).toBe(1);
    });

    it("hands out copies: changing the input or a returned document changes nothing stored", async () => {
      const input = note("a");
      const saved = await storage.save("scripts", input, 0);
      input.title = "changed input";
      input.tags.push("input");
      saved.title = "changed result";
      saved.tags.push("result");
      expect(input.revision).toBe(0);

      const got = await storage.get<Note>("scripts", "a");
      got!.tags.push("got");
      const [listed] = await storage.list<Note>("scripts");
      listed.title = "changed listing";
      listed.tags.push("listed");

      expect(await storage.get("scripts", "a")).toEqual({
        id: "a",
        revision: 1,
        title: "Note a",
        tags: ["a"],
      });
    });

    it("peeks at the stored document without copying it; a save replaces it and leaves the peeked one as it was", async () => {
      await storage.save("scripts", note("a"), 0);
      const first = await storage.peek<Note>("scripts", "a");
      expect(first).toEqual({ id: "a", revision: 1, title: "Note a", tags: ["a"] });
      expect(await storage.peek("scripts", "a"), "the same object, not a copy").toBe(first);
      expect(await storage.peek("scripts", "missing")).toBeUndefined();

      await storage.save("scripts", { ...note("a"), title: "Renamed" }, 1);
      expect(first).toEqual({ id: "a", revision: 1, title: "Note a", tags: ["a"] });
      expect(await storage.peek("scripts", "a")).toMatchObject({ revision: 2, title: "Renamed" });
    });

    it("keeps collections apart", async () => {
      await storage.save("scripts", note("same", "script"), 0);
      await storage.save("versions", note("same", "version"), 0);
      await storage.delete("versions", "same");

      expect(await storage.get("scripts", "same")).toMatchObject({ title: "script" });
      expect(await storage.list("versions")).toEqual([]);
      expect(await storage.list("users")).toEqual([]);
    });

    it("lets exactly one of 50 concurrent saves from the same revision win", async () => {
      await storage.save("scripts", note("a"), 0);
      const results = await Promise.allSettled(
        Array.from({ length: 50 }, (_, i) =>
          storage.save("scripts", { ...note("a"), title: `writer ${i}` }, 1),
        ),
      );

      const winners = results.filter((r): r is PromiseFulfilledResult<Note> => r.status === "fulfilled");
      const losers = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
      expect(winners).toHaveLength(1);
      expect(losers.every((r) => r.reason instanceof ConflictError && r.reason.actualRevision === 2)).toBe(
        true,
      );
      expect(await storage.get("scripts", "a")).toEqual(winners[0].value);
    });

    it("lets exactly one of 50 concurrent creates of the same id win", async () => {
      const results = await Promise.allSettled(
        Array.from({ length: 50 }, () => storage.save("scripts", note("a"), 0)),
      );
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    });

    it("keeps revisions consistent when many tasks read, modify and save concurrently", async () => {
      await storage.save("scripts", { ...note("counter"), count: 0 }, 0);
      const tasks = 10;
      const incrementsPerTask = 5;

      async function increment(): Promise<void> {
        for (;;) {
          const current = (await storage.get<Note>("scripts", "counter"))!;
          try {
            await storage.save("scripts", { ...current, count: current.count! + 1 }, current.revision);
            return;
          } catch (error) {
            if (!(error instanceof ConflictError)) throw error;
          }
        }
      }
      await Promise.all(
        Array.from({ length: tasks }, async () => {
          for (let i = 0; i < incrementsPerTask; i++) await increment();
        }),
      );

      const final = await storage.get<Note>("scripts", "counter");
      expect(final).toMatchObject({
        count: tasks * incrementsPerTask,
        revision: tasks * incrementsPerTask + 1,
      });
    });

    it("finishes saves already made before close resolves", async () => {
      const pending = [storage.save("scripts", note("a"), 0), storage.save("scripts", note("b"), 0)];
      await storage.close();
      await expect(Promise.all(pending)).resolves.toHaveLength(2);
    });

    it("rejects calls after close, and closing twice is harmless", async () => {
      await storage.save("scripts", note("a"), 0);
      await storage.close();
      await storage.close();

      await expect(storage.get("scripts", "a")).rejects.toBeInstanceOf(StorageClosedError);
      await expect(storage.list("scripts")).rejects.toBeInstanceOf(StorageClosedError);
      await expect(storage.save("scripts", note("b"), 0)).rejects.toBeInstanceOf(StorageClosedError);
      await expect(storage.delete("scripts", "a")).rejects.toBeInstanceOf(StorageClosedError);
    });
  });
}
