import {
  checkDelete,
  checkSave,
  StorageClosedError,
  type CollectionData,
  type CollectionName,
  type StorageAdapter,
  type StoredDocument,
} from "./storage-adapter";

/** Storage held in process memory: for tests, and for previews that must not touch the disk. */
export function createMemoryAdapter(initial: CollectionData = {}): StorageAdapter {
  const collections = new Map<CollectionName, Map<string, StoredDocument>>();
  for (const [name, docs] of Object.entries(initial) as [CollectionName, StoredDocument[]][]) {
    collections.set(name, new Map(docs.map((doc) => [doc.id, structuredClone(doc)])));
  }
  let closed = false;

  function collection(name: CollectionName): Map<string, StoredDocument> {
    if (closed) throw new StorageClosedError();
    let docs = collections.get(name);
    if (!docs) collections.set(name, (docs = new Map()));
    return docs;
  }

  // Each method is synchronous inside its async body, so calls cannot interleave: no queue needed.
  return {
    async list<T extends StoredDocument>(name: CollectionName) {
      return structuredClone([...collection(name).values()]) as T[];
    },

    async get<T extends StoredDocument>(name: CollectionName, id: string) {
      const doc = collection(name).get(id);
      return doc && (structuredClone(doc) as T);
    },

    async peek<T extends StoredDocument>(name: CollectionName, id: string) {
      return collection(name).get(id) as Readonly<T> | undefined;
    },

    async revision(name: CollectionName, id: string) {
      return collection(name).get(id)?.revision;
    },

    async save<T extends StoredDocument>(name: CollectionName, doc: T, expectedRevision: number) {
      const docs = collection(name);
      checkSave(name, doc, expectedRevision, docs.get(doc.id)?.revision);
      const stored = { ...structuredClone(doc), revision: expectedRevision + 1 };
      docs.set(doc.id, stored);
      return structuredClone(stored);
    },

    async delete(name: CollectionName, id: string, expectedRevision?: number) {
      const docs = collection(name);
      checkDelete(name, id, expectedRevision, docs.get(id)?.revision);
      docs.delete(id);
    },

    async close() {
      closed = true;
    },
  };
}
