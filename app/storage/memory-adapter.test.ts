import { runStorageAdapterContract } from "../../test/contracts/storage-adapter.contract";
import { createMemoryAdapter } from "./memory-adapter";

runStorageAdapterContract("memory", async () => {
  const adapter = createMemoryAdapter();
  return { adapter, cleanup: () => adapter.close() };
});

describe("createMemoryAdapter", () => {
  it("starts from a copy of the initial documents", async () => {
    const initial = { scripts: [{ id: "a", revision: 3, title: "Seeded" }] };
    const storage = createMemoryAdapter(initial);
    initial.scripts[0].title = "changed";

    expect(await storage.get("scripts", "a")).toEqual({ id: "a", revision: 3, title: "Seeded" });
    expect((await storage.save("scripts", { id: "a", revision: 3 }, 3)).revision).toBe(4);
  });
});
