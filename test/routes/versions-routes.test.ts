import { beforeEach, describe, expect, it } from "vitest";
import type { Role } from "~/domain/users/roles";
import type { Script } from "~/domain/script-types";
import type { ScriptVersion } from "~/domain/versions/version-types";
import { loader as libraryLoader } from "~/routes/_index";
import { loader as diffLoader } from "~/routes/scripts.$id.diff";
import { action as versionAction, loader as versionLoader } from "~/routes/scripts.$id.versions.$n";
import { loader as historyLoader } from "~/routes/scripts.$id.versions._index";
import { action as publishAction, loader as publishLoader } from "~/routes/scripts.$id.versions.publish";
import { loader as editorLoader } from "~/routes/scripts.$id._index";
import { get, postForm, useMemoryApp, type TestSession } from "../support/memory-app";

const app = useMemoryApp();
const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} });

type Who = Role | "signed-out";
const WHO: Who[] = ["writer", "lead", "approver", "admin", "signed-out"];

let scriptId: string;
/** The writer who publishes the fixtures' versions (never the person acting in the matrix). */
let author: TestSession;

beforeEach(async () => {
  const [script] = await app.storage().list<Script>("scripts");
  scriptId = script.id;
  author = await app.signIn(["writer"], { username: "author" });
});

async function draftRevision(): Promise<number> {
  const doc = await app.storage().get<Script>("scripts", scriptId);
  return doc!.revision;
}

async function version(number = 1): Promise<ScriptVersion> {
  const doc = await app.storage().get<ScriptVersion>("versions", `${scriptId}-v${number}`);
  if (!doc) throw new Error(`no version ${number}`);
  return doc;
}

/** Drives the version page's form as `session` would. */
function post(intent: string, fields: Record<string, string>, session: TestSession | undefined, number = 1) {
  return versionAction(
    args(postForm(`/scripts/${scriptId}/versions/${number}`, { intent, ...fields }, session), {
      id: scriptId,
      n: String(number),
    }),
  );
}

async function publish(session: TestSession = author, message = "First cut") {
  const response = await publishAction(
    args(
      postForm(
        `/scripts/${scriptId}/versions/publish`,
        { message, revision: String(await draftRevision()) },
        session,
      ),
      {
        id: scriptId,
      },
    ),
  );
  if (!(response instanceof Response) || response.status !== 302) throw new Error("publish failed");
  return response;
}

async function inReview(): Promise<ScriptVersion> {
  await publish();
  await post("request-review", { revision: String((await version()).revision) }, author);
  return version();
}

async function approved(): Promise<ScriptVersion> {
  const v = await inReview();
  const alice = await app.signIn(["approver"], { username: "alice" });
  await post("approve", { revision: String(v.revision) }, alice);
  return version();
}

type Outcome = "ok" | "login" | 403;

/** What the person sees: done (any 2xx or a redirect elsewhere), sent to sign in, or refused. */
async function outcomeOf(run: () => Promise<unknown>): Promise<Outcome | number> {
  try {
    const result = await run();
    if (result instanceof Response) return result.status < 400 ? "ok" : result.status;
    const status = (result as { init?: { status?: number } } | null)?.init?.status ?? 200;
    return status < 400 ? "ok" : status;
  } catch (error) {
    if (!(error instanceof Response)) throw error;
    if (error.status === 302 && error.headers.get("Location")?.startsWith("/login")) return "login";
    return error.status;
  }
}

interface MatrixRow {
  action: string;
  /** Who may: everyone else signed in gets 403, signed-out is sent to sign in. */
  allowed: Role[];
  /** Sets up the state and returns the call to make as `session`. */
  prepare: () => Promise<(session: TestSession | undefined) => Promise<unknown>>;
  /** Checked after a refusal: nothing changed. */
  unchanged?: () => Promise<unknown>;
}

const EVERYONE: Role[] = ["writer", "lead", "approver", "admin"];

const MATRIX: MatrixRow[] = [
  {
    action: "view version history",
    allowed: EVERYONE,
    prepare: async () => (s) =>
      historyLoader(args(get(`/scripts/${scriptId}/versions`, s), { id: scriptId })),
  },
  {
    action: "view a version",
    allowed: EVERYONE,
    prepare: async () => {
      await publish();
      return (s) => versionLoader(args(get(`/scripts/${scriptId}/versions/1`, s), { id: scriptId, n: "1" }));
    },
  },
  {
    action: "view the diff",
    allowed: EVERYONE,
    prepare: async () => {
      await publish();
      return (s) => diffLoader(args(get(`/scripts/${scriptId}/diff?from=1&to=draft`, s), { id: scriptId }));
    },
  },
  {
    action: "open the editor page (with the review state)",
    allowed: EVERYONE,
    prepare: async () => (s) => editorLoader(args(get(`/scripts/${scriptId}`, s), { id: scriptId })),
  },
  {
    action: "open the publish dialog",
    allowed: ["writer", "lead"],
    prepare: async () => (s) =>
      publishLoader(args(get(`/scripts/${scriptId}/versions/publish`, s), { id: scriptId })),
  },
  {
    action: "publish",
    allowed: ["writer", "lead"],
    prepare: async () => {
      const revision = String(await draftRevision());
      return (s) =>
        publishAction(
          args(postForm(`/scripts/${scriptId}/versions/publish`, { message: "Mine", revision }, s), {
            id: scriptId,
          }),
        );
    },
    unchanged: async () => expect(await app.storage().list("versions")).toEqual([]),
  },
  {
    action: "request review",
    allowed: ["writer", "lead"],
    prepare: async () => {
      await publish();
      const revision = String((await version()).revision);
      return (s) => post("request-review", { revision }, s);
    },
    unchanged: async () => expect((await version()).status).toBe("published"),
  },
  {
    action: "approve",
    allowed: ["approver"],
    prepare: async () => {
      const revision = String((await inReview()).revision);
      return (s) => post("approve", { revision }, s);
    },
    unchanged: async () => expect((await version()).status).toBe("in-review"),
  },
  {
    action: "reject",
    allowed: ["approver"],
    prepare: async () => {
      const revision = String((await inReview()).revision);
      return (s) => post("reject", { revision, reason: "Too long" }, s);
    },
    unchanged: async () => expect((await version()).status).toBe("in-review"),
  },
  {
    action: "withdraw approval",
    allowed: ["approver", "admin"],
    prepare: async () => {
      const revision = String((await approved()).revision);
      return (s) => post("withdraw", { revision }, s);
    },
    unchanged: async () => expect((await version()).status).toBe("approved"),
  },
  {
    action: "restore as draft",
    allowed: ["writer", "lead"],
    prepare: async () => {
      await publish();
      const draftRev = String(await draftRevision());
      return (s) => post("restore", { draftRevision: draftRev }, s);
    },
    unchanged: async () => expect(await draftRevision()).toBe(1),
  },
  {
    action: "duplicate a version",
    allowed: ["writer", "lead"],
    prepare: async () => {
      await publish();
      return (s) => post("duplicate", {}, s);
    },
  },
  {
    action: "comment on a step",
    allowed: EVERYONE,
    prepare: async () => {
      await publish();
      const nodeId = (await version()).script.nodes[1].id;
      return (s) => post("comment", { nodeId, body: "Shorter, please." }, s);
    },
    unchanged: async () => expect(await app.storage().list("comments")).toEqual([]),
  },
];

describe.each(MATRIX)("$action", (row) => {
  it.each(WHO)("as %s", async (who) => {
    const call = await row.prepare();
    const session = who === "signed-out" ? undefined : await app.signIn([who], { username: `actor-${who}` });
    const outcome = await outcomeOf(() => call(session));
    const expected: Outcome = who === "signed-out" ? "login" : row.allowed.includes(who) ? "ok" : 403;
    expect(outcome).toBe(expected);
    if (expected !== "ok") await row.unchanged?.();
  });
});

describe("review rules through the routes", () => {
  it("four-eyes: someone who is writer and approver cannot approve the version they published", async () => {
    const both = await app.signIn(["writer", "approver"], { username: "both" });
    await publish(both);
    await post("request-review", { revision: String((await version()).revision) }, both);
    const result = await post("approve", { revision: String((await version()).revision) }, both);
    expect(result).toMatchObject({
      init: { status: 403 },
      data: { error: expect.stringMatching(/four-eyes/) },
    });
    expect((await version()).status).toBe("in-review");
  });

  it("two approvers acting at once: the second gets a conflict and the first decision stands", async () => {
    const v = await inReview();
    const alice = await app.signIn(["approver"], { username: "alice" });
    const arno = await app.signIn(["approver"], { username: "arno" });
    const first = await post("approve", { revision: String(v.revision) }, alice);
    expect(first).toBeInstanceOf(Response);
    const second = await post("reject", { revision: String(v.revision), reason: "No" }, arno);
    expect(second).toMatchObject({
      init: { status: 409 },
      data: { error: expect.stringMatching(/changed by someone else/) },
    });
    expect((await version()).status).toBe("approved");
  });

  it("a rejection without a reason is refused and changes nothing", async () => {
    const v = await inReview();
    const alice = await app.signIn(["approver"], { username: "alice" });
    const result = await post("reject", { revision: String(v.revision), reason: "  " }, alice);
    expect(result).toMatchObject({
      init: { status: 422 },
      data: { error: expect.stringMatching(/needs a reason/) },
    });
    expect((await version()).revision).toBe(v.revision);
  });

  it("a form without the CSRF token is refused", async () => {
    const v = await inReview();
    const alice = await app.signIn(["approver"], { username: "alice" });
    const forged = postForm(`/scripts/${scriptId}/versions/1`, {
      intent: "approve",
      revision: String(v.revision),
    });
    forged.headers.set("Cookie", alice.cookie);
    const outcome = await outcomeOf(() => versionAction(args(forged, { id: scriptId, n: "1" })));
    expect(outcome).toBe(403);
    expect((await version()).status).toBe("in-review");
  });

  it("an unknown intent is a 400, not a silent success", async () => {
    await publish();
    expect(await outcomeOf(() => post("delete-everything", {}, author))).toBe(400);
  });

  it("the library and the history show each script's state, and the version page offers only allowed actions", async () => {
    await approved();
    const library = await libraryLoader(args(get("/", author)));
    expect(library.reviewStates[scriptId].label).toBe("Approved · v1");
    const editor = await editorLoader(args(get(`/scripts/${scriptId}`, author), { id: scriptId }));
    expect(editor.reviewState.label).toBe("Approved · v1");
    const history = await historyLoader(args(get(`/scripts/${scriptId}/versions`, author), { id: scriptId }));
    expect(history.versions[0]).toMatchObject({ number: 1, status: "approved", message: "First cut" });
    expect(history.versions[0]).not.toHaveProperty("script");
    expect(history.names[author.user.id]).toBe(author.user.displayName);
    const page = await versionLoader(
      args(get(`/scripts/${scriptId}/versions/1`, author), { id: scriptId, n: "1" }),
    );
    expect(page.actions.map((a) => a.action)).toEqual(["request-review"]);
    const admin = await app.signIn(["admin"], { username: "adam" });
    const adminPage = await versionLoader(
      args(get(`/scripts/${scriptId}/versions/1`, admin), { id: scriptId, n: "1" }),
    );
    expect(adminPage.actions).toEqual([{ action: "withdraw" }]);
  });

  it("the diff page compares a version with the draft word by word", async () => {
    await publish();
    const draft = (await app.storage().get<Script>("scripts", scriptId))!;
    const node = draft.nodes.find((n) => n.kind === "say" || n.kind === "question");
    if (!node || (node.kind !== "say" && node.kind !== "question"))
      throw new Error("the demo script has a step with text");
    node.text = {
      type: "doc",
      content: [{ type: "paragraph", content: [{ type: "text", text: "Brand new opening words" }] }],
    };
    await app.storage().save("scripts", draft, draft.revision);
    const result = await diffLoader(
      args(get(`/scripts/${scriptId}/diff?from=1&to=draft`, author), { id: scriptId }),
    );
    const change = result.comparison?.diff.nodes.changed.find((c) => c.nodeId === node.id);
    expect(change?.fields).toContain("text");
    expect(change?.texts[0].parts.some((p) => p.op === "insert" && p.text.includes("Brand"))).toBe(true);
    expect(result.comparison?.diff.nodeMarks[node.id]).toBe("changed");
    const bad = await outcomeOf(() =>
      diffLoader(args(get(`/scripts/${scriptId}/diff?from=abc`, author), { id: scriptId })),
    );
    expect(bad).toBe(400);
  });
});
