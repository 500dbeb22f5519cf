/** Every stored document has an id (unique within its collection) and a revision bumped by each save. */
export interface StoredDocument {
  id: string;
  revision: number;
}

export type CollectionName =
  | "scripts"
  | "versions"
  | "users"
  | "sessions"
  | "pilots"
  | "comments"
  | "audit"
  | "apiKeys"
  | "settings"
  | "exports"
  | "webhookTargets";

/** Initial contents of a store, by collection (used by the memory adapter and the lowdb seed). */
export type CollectionData = Partial<Record<CollectionName, StoredDocument[]>>;

/**
 * Async, whole-document storage. Adapters hand out deep copies and never keep the caller's objects,
 * so nothing a caller does to a document changes what is stored until it is saved again.
 */
export interface StorageAdapter {
  list<T extends StoredDocument>(collection: CollectionName): Promise<T[]>;
  get<T extends StoredDocument>(collection: CollectionName, id: string): Promise<T | undefined>;
  /**
   * The stored document itself, not a copy, for read-only use (rendering or serialising a large document,
   * where a deep copy costs as much as the work). The caller must not change it. Stored documents are
   * replaced on save, never changed in place, so what peek returned stays as it was.
   */
  peek<T extends StoredDocument>(collection: CollectionName, id: string): Promise<Readonly<T> | undefined>;
  /** A document's current revision without copying it (undefined when absent): for cheap freshness checks. */
  revision(collection: CollectionName, id: string): Promise<number | undefined>;
  /**
   * expectedRevision 0 creates (ConflictError if the id exists); otherwise the stored revision must equal
   * expectedRevision. The doc's own revision field is ignored. Returns the stored copy with
   * revision = expectedRevision + 1.
   */
  save<T extends StoredDocument>(collection: CollectionName, doc: T, expectedRevision: number): Promise<T>;
  /** Removes; when expectedRevision is given it must match. NotFoundError when absent. */
  delete(collection: CollectionName, id: string, expectedRevision?: number): Promise<void>;
  /** Waits for pending writes, then releases the store. Later calls reject; closing twice is harmless. */
  close(): Promise<void>;
}

export interface ConflictDetails {
  collection: string;
  id: string;
  expectedRevision: number;
  /** undefined when the document no longer exists (or never did). */
  actualRevision: number | undefined;
}

/** A save or delete based on a revision that is no longer current (HTTP 409). */
export class ConflictError extends Error implements ConflictDetails {
  readonly status = 409;
  readonly collection: string;
  readonly id: string;
  readonly expectedRevision: number;
  readonly actualRevision: number | undefined;

  constructor(details: ConflictDetails) {
    super(conflictMessage(details, "document"));
    this.name = "ConflictError";
    this.collection = details.collection;
    this.id = details.id;
    this.expectedRevision = details.expectedRevision;
    this.actualRevision = details.actualRevision;
  }

  /** The same message about a named kind of thing, e.g. `error.describe("script")`. */
  describe(noun: string): string {
    return conflictMessage(this, noun);
  }
}

function conflictMessage(d: ConflictDetails, noun: string): string {
  if (d.expectedRevision === 0) {
    return `A ${noun} with id "${d.id}" already exists (revision ${d.actualRevision}).`;
  }
  if (d.actualRevision === undefined) {
    return `This ${noun} was deleted elsewhere (you started from revision ${d.expectedRevision}).`;
  }
  return (
    `This ${noun} was changed elsewhere (revision ${d.actualRevision}, you started from ${d.expectedRevision}). ` +
    `Reload to see the latest.`
  );
}

/** The document asked for does not exist (HTTP 404). */
export class NotFoundError extends Error {
  readonly status = 404;

  constructor(
    readonly collection: string,
    readonly id: string,
    message = `There is no document "${id}" in ${collection}.`,
  ) {
    super(message);
    this.name = "NotFoundError";
  }
}

/** The data file cannot be used as it stands. Raised before anything is written to it. */
export class StorageCorruptError extends Error {
  readonly status = 500;

  /** `problem` completes the sentence "The data file <path> …", e.g. "is not valid JSON (…)". */
  constructor(
    readonly filePath: string,
    readonly problem: string,
  ) {
    super(
      `The data file ${filePath} ${problem}. It was left untouched; fix or move it away, then start again.`,
    );
    this.name = "StorageCorruptError";
  }
}

/** Raised by any call on an adapter after close(). */
export class StorageClosedError extends Error {
  constructor() {
    super("The storage has been closed.");
    this.name = "StorageClosedError";
  }
}

// Shared by the adapters so that every backend enforces exactly the same revision rules.

/** Throws unless a save of `doc` based on `expectedRevision` may replace a stored `actualRevision`. */
export function checkSave(
  collection: CollectionName,
  doc: StoredDocument,
  expectedRevision: number,
  actualRevision: number | undefined,
): void {
  if (typeof doc?.id !== "string" || doc.id === "")
    throw new TypeError("A stored document needs a non-empty string id.");
  if (!Number.isInteger(expectedRevision) || expectedRevision < 0) {
    throw new TypeError(`expectedRevision must be an integer of at least 0, not ${expectedRevision}.`);
  }
  const current = expectedRevision === 0 ? actualRevision === undefined : actualRevision === expectedRevision;
  if (!current) throw new ConflictError({ collection, id: doc.id, expectedRevision, actualRevision });
}

/** Throws unless the document exists and, when a revision is given, is still at that revision. */
export function checkDelete(
  collection: CollectionName,
  id: string,
  expectedRevision: number | undefined,
  actualRevision: number | undefined,
): void {
  if (actualRevision === undefined) throw new NotFoundError(collection, id);
  if (expectedRevision !== undefined && expectedRevision !== actualRevision) {
    throw new ConflictError({ collection, id, expectedRevision, actualRevision });
  }
}
