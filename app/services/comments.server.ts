import { randomUUID } from "node:crypto";
import { DomainError } from "~/domain/domain-error";
import { addReply, assertCanDeleteThread, newThread, setResolved } from "~/domain/versions/comments";
import type { Actor, CommentThread } from "~/domain/versions/version-types";
import { ConflictError, NotFoundError, type StorageAdapter } from "~/storage/storage-adapter";
import commentSchema from "../../schemas/comment.v1.schema.json";
import { compileSchema, parseWith } from "./schema-validation.server";
import { getScript } from "./scripts.server";
import { getVersion } from "./versions.server";

export type { CommentThread };

const validateThread = compileSchema<CommentThread>(commentSchema);

export function isValidCommentThread(doc: unknown): doc is CommentThread {
  return validateThread(doc);
}

export function parseCommentThread(doc: unknown): CommentThread {
  return parseWith(validateThread, doc, "comment thread");
}

function newCommentId(): string {
  return randomUUID().replace(/-/g, "").slice(0, 16);
}

/** The threads on one version of a script (or on its draft when versionNumber is undefined), oldest first. */
export async function listThreads(
  storage: StorageAdapter,
  scriptId: string,
  versionNumber: number | undefined,
): Promise<CommentThread[]> {
  return (await storage.list("comments"))
    .map(parseCommentThread)
    .filter((t) => t.scriptId === scriptId && t.versionNumber === versionNumber)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** Starts a thread on the script as a whole or on one step, which must exist in what is being reviewed. */
export async function createThread(
  storage: StorageAdapter,
  scriptId: string,
  input: { versionNumber?: number; nodeId?: string; body: string },
  actor: Actor,
  now: string,
): Promise<CommentThread> {
  const script = input.versionNumber
    ? (await getVersion(storage, scriptId, input.versionNumber)).script
    : await getScript(storage, scriptId);
  if (input.nodeId && !script.nodes.some((n) => n.id === input.nodeId)) {
    throw new DomainError("invalid", `There is no step “${input.nodeId}” in this ${input.versionNumber ? `version` : "draft"} to comment on.`, [
      { path: "nodeId", message: "is not a step of this script" },
    ]);
  }
  const thread = newThread({ id: newCommentId(), scriptId, ...input, author: actor, now });
  return storage.save("comments", thread, 0);
}

export async function getThread(storage: StorageAdapter, scriptId: string, threadId: string): Promise<CommentThread> {
  const doc = await storage.get("comments", threadId);
  const thread = doc ? parseCommentThread(doc) : undefined;
  if (!thread || thread.scriptId !== scriptId) {
    throw new NotFoundError("comments", threadId, "This comment thread does not exist any more.");
  }
  return thread;
}

/**
 * Read-modify-write of one thread. Two people replying at the same moment both keep their reply: a save
 * refused because the thread moved on is retried on the fresh thread.
 */
async function updateThread(
  storage: StorageAdapter,
  scriptId: string,
  threadId: string,
  change: (thread: CommentThread) => CommentThread,
): Promise<CommentThread> {
  for (let attempt = 0; ; attempt++) {
    const thread = await getThread(storage, scriptId, threadId);
    try {
      return await storage.save("comments", change(thread), thread.revision);
    } catch (error) {
      if (!(error instanceof ConflictError) || attempt >= 2) throw error;
    }
  }
}

export function replyToThread(
  storage: StorageAdapter,
  scriptId: string,
  threadId: string,
  body: string,
  actor: Actor,
  now: string,
): Promise<CommentThread> {
  return updateThread(storage, scriptId, threadId, (t) => addReply(t, { id: newCommentId(), author: actor, body, now }));
}

export function resolveThread(
  storage: StorageAdapter,
  scriptId: string,
  threadId: string,
  resolved: boolean,
  actor: Actor,
  now: string,
): Promise<CommentThread> {
  return updateThread(storage, scriptId, threadId, (t) => setResolved(t, resolved, actor, now));
}

export async function deleteThread(storage: StorageAdapter, scriptId: string, threadId: string, actor: Actor): Promise<void> {
  const thread = await getThread(storage, scriptId, threadId);
  assertCanDeleteThread(thread, actor);
  await storage.delete("comments", thread.id, thread.revision);
}
