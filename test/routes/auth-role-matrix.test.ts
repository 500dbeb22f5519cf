import { describe, expect, it } from "vitest";
import type { Script } from "~/domain/script-types";
import type { Role } from "~/domain/users/roles";
import * as adminAudit from "~/routes/admin.audit";
import * as adminUser from "~/routes/admin.users.$id";
import * as adminUsers from "~/routes/admin.users._index";
import * as library from "~/routes/_index";
import * as scriptPage from "~/routes/scripts.$id._index";
import * as deleteRoute from "~/routes/scripts.$id.delete";
import * as documentRoute from "~/routes/scripts.$id.document";
import * as duplicateRoute from "~/routes/scripts.$id.duplicate";
import * as exportRoute from "~/routes/scripts.$id.export";
import * as renameRoute from "~/routes/scripts.$id.rename";
import * as importRoute from "~/routes/scripts.import";
import * as newRoute from "~/routes/scripts.new";
import { asUser, get, postForm, useMemoryApp, type TestSession } from "../support/memory-app";

const app = useMemoryApp();

type Handler = (args: { request: Request; params: Record<string, string>; context: object }) => unknown;
type Outcome = "allowed" | "forbidden" | "sign-in";

interface Case {
  name: string;
  /** Roles any one of which is enough; [] means any signed-in user. */
  needs: Role[];
  handler: Handler;
  request: (script: Script, session?: TestSession) => Request;
  params?: (script: Script) => Record<string, string>;
}

const byId = (s: Script) => ({ id: s.id });
const json = (url: string, method: string, body: unknown, session?: TestSession) => {
  const request = new Request(`http://localhost${url}`, {
    method,
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify(body),
  });
  return session ? asUser(request, session) : request;
};
const upload = (body: string, session?: TestSession) => {
  const form = new FormData();
  if (session) form.set("csrf", session.csrf);
  form.set("file", new File([body], "script.json", { type: "application/json" }));
  return new Request("http://localhost/scripts/import", {
    method: "POST",
    body: form,
    headers: session ? { Cookie: session.cookie } : {},
  });
};

const CASES: Case[] = [
  { name: "GET / (library)", needs: [], handler: library.loader as Handler, request: (_, s) => get("/", s) },
  {
    name: "GET /scripts/:id",
    needs: [],
    handler: scriptPage.loader as Handler,
    request: (x, s) => get(`/scripts/${x.id}`, s),
    params: byId,
  },
  {
    name: "GET /scripts/:id/export",
    needs: [],
    handler: exportRoute.loader as Handler,
    request: (x, s) => get(`/scripts/${x.id}/export`, s),
    params: byId,
  },
  {
    name: "GET /scripts/:id/document",
    needs: [],
    handler: documentRoute.loader as Handler,
    request: (x, s) => (s ? asUser(get(`/scripts/${x.id}/document`), s) : get(`/scripts/${x.id}/document`)),
    params: byId,
  },
  {
    name: "PUT /scripts/:id/document (autosave)",
    needs: ["writer"],
    handler: documentRoute.action as Handler,
    request: (x, s) =>
      json(
        `/scripts/${x.id}/document`,
        "PUT",
        { baseRevision: x.revision, script: { ...x, title: "Edited" } },
        s,
      ),
    params: byId,
  },
  {
    name: "GET /scripts/new",
    needs: ["writer"],
    handler: newRoute.loader as Handler,
    request: (_, s) => get("/scripts/new", s),
  },
  {
    name: "POST /scripts/new",
    needs: ["writer"],
    handler: newRoute.action as Handler,
    request: (_, s) =>
      postForm("/scripts/new", { intent: "blank", title: "New", kind: "survey", language: "en" }, s),
  },
  {
    name: "GET /scripts/import",
    needs: ["writer"],
    handler: importRoute.loader as Handler,
    request: (_, s) => get("/scripts/import", s),
  },
  {
    name: "POST /scripts/import",
    needs: ["writer"],
    handler: importRoute.action as Handler,
    request: (x, s) => upload(JSON.stringify(x), s),
  },
  {
    name: "GET /scripts/:id/rename",
    needs: ["writer"],
    handler: renameRoute.loader as Handler,
    request: (x, s) => get(`/scripts/${x.id}/rename`, s),
    params: byId,
  },
  {
    name: "POST /scripts/:id/rename",
    needs: ["writer"],
    handler: renameRoute.action as Handler,
    request: (x, s) =>
      postForm(`/scripts/${x.id}/rename`, { title: "Renamed", revision: String(x.revision) }, s),
    params: byId,
  },
  {
    name: "POST /scripts/:id/duplicate",
    needs: ["writer"],
    handler: duplicateRoute.action as Handler,
    request: (x, s) => postForm(`/scripts/${x.id}/duplicate`, {}, s),
    params: byId,
  },
  {
    name: "GET /scripts/:id/delete",
    needs: ["writer"],
    handler: deleteRoute.loader as Handler,
    request: (x, s) => get(`/scripts/${x.id}/delete`, s),
    params: byId,
  },
  {
    name: "POST /scripts/:id/delete",
    needs: ["writer"],
    handler: deleteRoute.action as Handler,
    request: (x, s) => postForm(`/scripts/${x.id}/delete`, { revision: String(x.revision) }, s),
    params: byId,
  },
  {
    name: "GET /admin/users",
    needs: ["admin"],
    handler: adminUsers.loader as Handler,
    request: (_, s) => get("/admin/users", s),
  },
  {
    name: "POST /admin/users (create)",
    needs: ["admin"],
    handler: adminUsers.action as Handler,
    request: (_, s) =>
      postForm("/admin/users", { username: "newbie", displayName: "New Bie", roles: "writer" }, s),
  },
  {
    name: "GET /admin/users/:id",
    needs: ["admin"],
    handler: adminUser.loader as Handler,
    request: (_, s) => get(`/admin/users/${s?.user.id ?? "x"}`, s),
  },
  {
    name: "POST /admin/users/:id (roles)",
    needs: ["admin"],
    handler: adminUser.action as Handler,
    request: (_, s) =>
      postForm(`/admin/users/${s?.user.id ?? "x"}`, { intent: "roles", roles: "approver" }, s),
  },
  {
    name: "GET /admin/audit",
    needs: ["admin"],
    handler: adminAudit.loader as Handler,
    request: (_, s) => get("/admin/audit", s),
  },
];

const PEOPLE: { label: string; roles: Role[] | null }[] = [
  { label: "signed out", roles: null },
  { label: "no roles", roles: [] },
  { label: "writer", roles: ["writer"] },
  { label: "lead", roles: ["lead"] },
  { label: "approver", roles: ["approver"] },
  { label: "admin", roles: ["admin"] },
];

/** What a person should meet: lead implies writer; admin implies nothing else. */
function expected(needs: Role[], roles: Role[] | null): Outcome {
  if (roles === null) return "sign-in";
  if (needs.length === 0) return "allowed";
  const held = roles.includes("lead") ? [...roles, "writer"] : roles;
  return needs.some((r) => held.includes(r)) ? "allowed" : "forbidden";
}

async function outcomeOf(result: Promise<unknown>): Promise<{ outcome: Outcome; text: string }> {
  let value: unknown;
  try {
    value = await result;
  } catch (thrown) {
    value = thrown;
  }
  if (value instanceof Response) {
    const location = value.headers.get("Location") ?? "";
    if (value.status === 302 && location.startsWith("/login?next="))
      return { outcome: "sign-in", text: location };
    if (value.status === 401) return { outcome: "sign-in", text: await value.text() };
    if (value.status === 403) return { outcome: "forbidden", text: await value.text() };
  }
  if (value instanceof Error) throw value;
  return { outcome: "allowed", text: "" };
}

describe.each(PEOPLE)("as $label", ({ roles }) => {
  it.each(CASES)("$name", async (c) => {
    const [script] = await app.storage().list<Script>("scripts");
    // An admin always exists so that the last-admin rule never masks the role check.
    await app.createTestUser(["admin"], { username: "standing-admin" });
    const session = roles === null ? undefined : await app.signIn(roles, { username: "tester" });
    const before = roles === null || expected(c.needs, roles) !== "allowed" ? await snapshot() : undefined;
    const { outcome, text } = await outcomeOf(
      Promise.resolve(
        c.handler({ request: c.request(script, session), params: c.params?.(script) ?? {}, context: {} }),
      ),
    );
    expect(outcome).toBe(expected(c.needs, roles));
    if (outcome === "forbidden") expect(text).toMatch(new RegExp(`needs the (${c.needs.join("|")}) role`));
    // A refused request changes nothing.
    if (before) expect(await snapshot()).toEqual(before);
  });
});

async function snapshot() {
  const storage = app.storage();
  const [scripts, users, audit] = await Promise.all([
    storage.list("scripts"),
    storage.list("users"),
    storage.list("audit"),
  ]);
  return { scripts, users, audit };
}
