import { describe, expect, it } from "vitest";
import { DomainError } from "~/domain/domain-error";
import { addReply, assertCanDeleteThread, newThread, setResolved } from "./comments";
import type { Actor } from "./version-types";

const approver: Actor = { id: "alice", roles: ["approver"] };
const writer: Actor = { id: "wendy", roles: ["writer"] };
const admin: Actor = { id: "adam", roles: ["admin"] };
const T0 = "2026-11-26T01:00:00.000Z";
const T1 = "2026-11-26T01:05:00.000Z";

const thread = newThread({ id: "c1", scriptId: "solar", versionNumber: 2, nodeId: "hello", author: approver, body: "  Too long.  ", now: T0 });

describe("comment threads", () => {
  it("starts a node thread on a version, open, with the trimmed text", () => {
    expect(thread).toMatchObject({ scriptId: "solar", versionNumber: 2, nodeId: "hello", author: "alice", body: "Too long.", resolved: false, replies: [] });
    const scriptWide = newThread({ id: "c2", scriptId: "solar", author: writer, body: "General", now: T0 });
    expect(scriptWide).not.toHaveProperty("nodeId");
    expect(scriptWide).not.toHaveProperty("versionNumber");
  });

  it("adds replies in order and refuses empty ones", () => {
    const replied = addReply(thread, { id: "r1", author: writer, body: "Shortened it.", now: T1 });
    expect(replied.replies).toEqual([{ id: "r1", author: "wendy", body: "Shortened it.", createdAt: T1 }]);
    expect(() => addReply(thread, { id: "r2", author: writer, body: " ", now: T1 })).toThrow("A comment cannot be empty.");
  });

  it("resolves and reopens, recording who resolved it", () => {
    const resolved = setResolved(thread, true, writer, T1);
    expect(resolved).toMatchObject({ resolved: true, resolvedBy: "wendy", resolvedAt: T1 });
    expect(() => setResolved(resolved, true, writer, T1)).toThrow("already resolved");
    const reopened = setResolved(resolved, false, approver, T1);
    expect(reopened.resolved).toBe(false);
    expect(reopened).not.toHaveProperty("resolvedBy");
  });

  it("lets only the author or an admin delete a thread", () => {
    expect(() => assertCanDeleteThread(thread, writer)).toThrow(DomainError);
    expect(() => assertCanDeleteThread(thread, approver)).not.toThrow();
    expect(() => assertCanDeleteThread(thread, admin)).not.toThrow();
  });
});
