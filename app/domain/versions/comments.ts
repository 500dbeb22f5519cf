import { DomainError } from "../domain-error";
import type { Actor, CommentThread } from "./version-types";

export const MAX_COMMENT_LENGTH = 5000;

/** A new thread on the script as a whole (no nodeId) or on one of its steps. */
export function newThread(input: {
  id: string;
  scriptId: string;
  versionNumber?: number;
  nodeId?: string;
  author: Actor;
  body: string;
  now: string;
}): CommentThread {
  return {
    schemaVersion: 1,
    id: input.id,
    scriptId: input.scriptId,
    ...(input.versionNumber ? { versionNumber: input.versionNumber } : {}),
    ...(input.nodeId ? { nodeId: input.nodeId } : {}),
    author: input.author.id,
    body: cleanBody(input.body),
    createdAt: input.now,
    resolved: false,
    replies: [],
    revision: 0,
  };
}

export function addReply(thread: CommentThread, input: { id: string; author: Actor; body: string; now: string }): CommentThread {
  return {
    ...thread,
    replies: [...thread.replies, { id: input.id, author: input.author.id, body: cleanBody(input.body), createdAt: input.now }],
  };
}

/** Resolving (or reopening) is open to anyone in the review; the thread records who closed it and when. */
export function setResolved(thread: CommentThread, resolved: boolean, actor: Actor, now: string): CommentThread {
  if (thread.resolved === resolved) {
    throw new DomainError("conflict", resolved ? "This thread is already resolved." : "This thread is already open.");
  }
  const { resolvedBy: _by, resolvedAt: _at, ...rest } = thread;
  return resolved ? { ...rest, resolved, resolvedBy: actor.id, resolvedAt: now } : { ...rest, resolved };
}

/** Only the author of a thread, or an admin, may delete it (with its replies). */
export function assertCanDeleteThread(thread: CommentThread, actor: Actor): void {
  if (thread.author !== actor.id && !actor.roles.includes("admin")) {
    throw new DomainError("forbidden", "Only the person who started this thread, or an admin, can delete it.");
  }
}

function cleanBody(body: string): string {
  const clean = body.trim();
  if (!clean) throw new DomainError("invalid", "A comment cannot be empty.", [{ path: "body", message: "is empty" }]);
  if (clean.length > MAX_COMMENT_LENGTH) {
    throw new DomainError("invalid", `A comment can have at most ${MAX_COMMENT_LENGTH} characters (this one has ${clean.length}).`, [
      { path: "body", message: "is too long" },
    ]);
  }
  return clean;
}
