import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import xyflowStyles from "@xyflow/react/dist/style.css";
import { lazy, Suspense, useState } from "react";
import { CsrfField } from "~/components/csrf-field";
import { DateTime } from "~/components/date-time";
import { FindingsList } from "~/components/findings-list";
import { ScriptOutline } from "~/components/script-outline";
import { useHydrated } from "~/components/use-hydrated";
import editorCss from "~/editor/editor.css";
import { nodeDisplayName } from "~/domain/node-summary";
import { hasRole, type ActionAvailability } from "~/domain/versions/version-rules";
import { VERSION_ACTION_ROLES, type Role } from "~/domain/versions/version-types";
import { getAppContext } from "~/services/app-context.server";
import { requireUser } from "~/services/auth.server";
import {
  createThread,
  deleteThread,
  listThreads,
  replyToThread,
  resolveThread,
} from "~/services/comments.server";
import { formInteger, formText, throwAsResponse, toHttpProblem } from "~/services/http.server";
import {
  actOnVersion,
  duplicateVersion,
  loadVersionPage,
  restoreVersion,
  type ReviewAction,
} from "~/services/versions.server";
import versionsCss from "~/styles/versions.css";
import { CommentsPanel, NodeCommentMarker } from "~/versions/comments-panel";
import { focusElement } from "~/versions/focus-element";
import { VersionStatusBadge } from "~/versions/status-badge";

// React Flow runs in the browser only: the canvas loads after hydration; the outline is the server's view.
const CommentCanvas = lazy(() =>
  import("~/versions/read-only-canvas").then((m) => ({ default: m.CommentCanvas })),
);

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: xyflowStyles },
  { rel: "stylesheet", href: editorCss },
  { rel: "stylesheet", href: versionsCss },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: data
      ? `Version ${data.version.number} of ${data.scriptTitle} · ScriptPilot`
      : "Version · ScriptPilot",
  },
];

function versionNumber(params: { n?: string }): number {
  const n = Number(params.n);
  if (!Number.isInteger(n) || n < 1)
    throw new Response("A version number is a whole number from 1.", { status: 404 });
  return n;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const number = versionNumber(params);
  const { storage } = await getAppContext();
  const scriptId = params.id ?? "";
  const page = await loadVersionPage(storage, scriptId, number, user, new Date().toISOString()).catch(
    throwAsResponse,
  );
  const threads = await listThreads(storage, scriptId, number);
  return {
    ...page,
    threads,
    user: { id: user.id, isAdmin: user.roles.includes("admin") },
    canRestore: hasRole(user, "restore"),
    canDuplicate: hasRole(user, "duplicate"),
  };
}

const REVIEW_INTENTS: Record<ReviewAction, readonly Role[]> = {
  "request-review": VERSION_ACTION_ROLES["request-review"],
  approve: VERSION_ACTION_ROLES.approve,
  reject: VERSION_ACTION_ROLES.reject,
  withdraw: VERSION_ACTION_ROLES.withdraw,
};
const OTHER_INTENTS: Record<string, readonly Role[]> = {
  restore: VERSION_ACTION_ROLES.restore,
  duplicate: VERSION_ACTION_ROLES.duplicate,
  // Anyone signed in takes part in the review conversation.
  comment: [],
  reply: [],
  resolve: [],
  reopen: [],
  "delete-comment": [],
};

function isReviewIntent(intent: string): intent is ReviewAction {
  return Object.hasOwn(REVIEW_INTENTS, intent);
}

export async function action({ request, params }: ActionFunctionArgs) {
  // The intent decides which roles may post; requireUser reads the CSRF token from its own copy of the body.
  const intent = (await request.clone().formData()).get("intent");
  if (typeof intent !== "string" || !(isReviewIntent(intent) || Object.hasOwn(OTHER_INTENTS, intent))) {
    throw new Response("This form asked for an action ScriptPilot does not know.", { status: 400 });
  }
  const user = await requireUser(
    request,
    ...(isReviewIntent(intent) ? REVIEW_INTENTS[intent] : OTHER_INTENTS[intent]),
  );
  const number = versionNumber(params);
  const scriptId = params.id ?? "";
  const form = await request.formData();
  const { storage } = await getAppContext();
  const now = new Date().toISOString();
  const here = `/scripts/${scriptId}/versions/${number}`;
  const reason = typeof form.get("reason") === "string" ? String(form.get("reason")) : undefined;
  try {
    if (isReviewIntent(intent)) {
      await actOnVersion(
        storage,
        scriptId,
        number,
        intent,
        { expectedRevision: formInteger(form, "revision"), reason },
        user,
        now,
      );
      return redirect(`${here}?done=${intent}`);
    }
    switch (intent) {
      case "restore":
        await restoreVersion(storage, scriptId, number, formInteger(form, "draftRevision"), user, now);
        return redirect(`/scripts/${scriptId}`);
      case "duplicate": {
        const copy = await duplicateVersion(storage, scriptId, number, user, now);
        return redirect(`/scripts/${copy.id}`);
      }
      case "comment": {
        const nodeId = form.get("nodeId");
        const thread = await createThread(
          storage,
          scriptId,
          {
            versionNumber: number,
            body: formText(form, "body"),
            ...(typeof nodeId === "string" && nodeId ? { nodeId } : {}),
          },
          user,
          now,
        );
        return redirect(`${here}#thread-${thread.id}`);
      }
      case "reply":
        await replyToThread(storage, scriptId, formText(form, "threadId"), formText(form, "body"), user, now);
        return redirect(`${here}#thread-${formText(form, "threadId")}`);
      case "resolve":
      case "reopen":
        await resolveThread(storage, scriptId, formText(form, "threadId"), intent === "resolve", user, now);
        return redirect(`${here}#thread-${formText(form, "threadId")}`);
      default:
        await deleteThread(storage, scriptId, formText(form, "threadId"), user);
        return redirect(`${here}#comments-heading`);
    }
  } catch (error) {
    if (error instanceof Response) throw error;
    const problem = toHttpProblem(error);
    return data({ intent, error: problem.message, details: problem.details }, { status: problem.status });
  }
}

const DONE: Record<string, string> = {
  "request-review": "Review requested. Approvers can now approve or reject this version.",
  approve: "Version approved. It can now be exported and piloted.",
  reject: "Version rejected. The writer sees your reason in the history.",
  withdraw: "Approval withdrawn. Exports and pilots now refuse this version.",
};

export default function VersionPage() {
  const {
    version,
    findings,
    actions,
    names,
    draftRevision,
    scriptTitle,
    threads,
    user,
    canRestore,
    canDuplicate,
  } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const script = version.script;
  const base = `/scripts/${version.scriptId}`;
  const nameOf = (id: string) => names[id] ?? id;
  const nodeNames = Object.fromEntries(script.nodes.map((n) => [n.id, nodeDisplayName(n)]));
  const threadsByNode = new Map<string, typeof threads>();
  for (const t of threads)
    if (t.nodeId) threadsByNode.set(t.nodeId, [...(threadsByNode.get(t.nodeId) ?? []), t]);
  const done = params.get("done");
  const hydrated = useHydrated();
  const [focus, setFocus] = useState<{ nodeId: string; serial: number }>();
  const showOnCanvas = (nodeId: string) => setFocus((f) => ({ nodeId, serial: (f?.serial ?? 0) + 1 }));
  return (
    <div className="versions-page">
      <nav aria-label="Breadcrumb" className="meta">
        <Link to="/">Scripts</Link> › <Link to={base}>{scriptTitle}</Link> ›{" "}
        <Link to={`${base}/versions`}>Versions</Link> › Version {version.number}
      </nav>
      {params.get("published") ? (
        <p className="notice" role="status">
          Published version {version.number}. Request a review when it is ready for an approver.
        </p>
      ) : null}
      {done && DONE[done] ? (
        <p className="notice" role="status">
          {DONE[done]}
        </p>
      ) : null}
      {result?.error ? (
        <div className="alert" role="alert">
          <p>{result.error}</p>
          {result.details.length > 0 ? (
            <ul>
              {result.details.map((d, i) => (
                <li key={i}>
                  {d.nodeId ? <a href={`#node-${d.nodeId}`}>{d.path}</a> : d.path} {d.message}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      <div className="page-head">
        <div>
          <h1 lang={script.language}>
            Version {version.number} of “{script.title}”
          </h1>
          <div className="meta">
            <VersionStatusBadge status={version.status} />
            <span>
              Published by {nameOf(version.createdBy)}, <DateTime iso={version.createdAt} />
            </span>
            <span>from draft revision {version.basedOnRevision}</span>
            <span>read-only</span>
          </div>
          <p className="version-message">“{version.message}”</p>
        </div>
        <div className="actions">
          <a className="button small" href={`${base}/run?version=${version.number}`}>
            Run in preview
          </a>
          {version.status === "approved" ? (
            <Link className="button small" to={`${base}/versions/${version.number}/export`}>
              Export or deliver
            </Link>
          ) : null}
          <Link className="button small" to={`${base}/diff?from=${version.number}&to=draft`}>
            Compare with draft
          </Link>
          {version.number > 1 ? (
            <Link
              className="button small"
              to={`${base}/diff?from=${version.number - 1}&to=${version.number}`}
            >
              Changes since v{version.number - 1}
            </Link>
          ) : null}
          {canDuplicate ? (
            <Form method="post">
              <CsrfField />
              <input type="hidden" name="intent" value="duplicate" />
              <button type="submit" className="small">
                Duplicate as new script
              </button>
            </Form>
          ) : null}
          {canRestore ? (
            <Form method="post">
              <CsrfField />
              <input type="hidden" name="intent" value="restore" />
              <input type="hidden" name="draftRevision" value={draftRevision} />
              <button
                type="submit"
                className="small"
                title="Replace the current draft with this version's content (the draft's edits since are replaced)"
              >
                Restore as draft
              </button>
            </Form>
          ) : null}
        </div>
      </div>

      {actions.length > 0 ? (
        <ReviewActions
          actions={actions}
          revision={version.revision}
          number={version.number}
          lastIntent={result?.intent}
        />
      ) : null}

      {hydrated ? (
        <section aria-labelledby="canvas-heading" lang={script.language}>
          <h2 id="canvas-heading">Canvas</h2>
          <Suspense fallback={<p className="meta ro-canvas">Loading the canvas…</p>}>
            <CommentCanvas
              script={script}
              threads={threads}
              focus={focus}
              label={`Canvas of version ${version.number}, with review comments`}
              onOpenThread={(threadId) => focusElement(`thread-${threadId}`)}
            />
          </Suspense>
        </section>
      ) : null}
      <div className="two-col">
        <section aria-labelledby="outline-heading" lang={script.language}>
          <h2 id="outline-heading">Outline</h2>
          <ScriptOutline
            script={script}
            annotate={(node) => (
              <NodeCommentMarker
                nodeId={node.id}
                nodeName={nodeNames[node.id]}
                threads={threadsByNode.get(node.id) ?? []}
              />
            )}
          />
        </section>
        <aside>
          <section aria-labelledby="checks-heading">
            <h2 id="checks-heading">Checks</h2>
            <FindingsList findings={findings} />
          </section>
          <CommentsPanel
            threads={threads}
            names={names}
            nodeNames={nodeNames}
            userId={user.id}
            isAdmin={user.isAdmin}
            onShowNode={hydrated ? showOnCanvas : undefined}
          />
        </aside>
      </div>
    </div>
  );
}

function ReviewActions({
  actions,
  revision,
  number,
  lastIntent,
}: {
  actions: ActionAvailability[];
  revision: number;
  number: number;
  lastIntent?: string;
}) {
  const busy = useNavigation().state === "submitting";
  const find = (a: string) => actions.find((x) => x.action === a);
  const refusal = (a: ActionAvailability | undefined) =>
    a?.refusal ? <p className="meta refusal">{a.refusal}</p> : null;
  const request = find("request-review");
  const approve = find("approve");
  const reject = find("reject");
  const withdraw = find("withdraw");
  return (
    <section className="card review-actions" aria-labelledby="review-heading">
      <h2 id="review-heading">Review</h2>
      <div className="review-grid">
        {request ? (
          <Form method="post">
            <CsrfField />
            <input type="hidden" name="intent" value="request-review" />
            <input type="hidden" name="revision" value={revision} />
            <button type="submit" className="primary" disabled={busy || Boolean(request.refusal)}>
              Request review
            </button>
            {refusal(request)}
          </Form>
        ) : null}
        {approve ? (
          <Form method="post">
            <CsrfField />
            <input type="hidden" name="intent" value="approve" />
            <input type="hidden" name="revision" value={revision} />
            <div className="field">
              <label htmlFor="approve-note">
                Note <span className="hint">optional</span>
              </label>
              <input id="approve-note" name="reason" maxLength={2000} disabled={Boolean(approve.refusal)} />
            </div>
            <button type="submit" className="primary" disabled={busy || Boolean(approve.refusal)}>
              Approve version {number}
            </button>
            {refusal(approve)}
          </Form>
        ) : null}
        {reject ? (
          <Form method="post">
            <CsrfField />
            <input type="hidden" name="intent" value="reject" />
            <input type="hidden" name="revision" value={revision} />
            <div className="field">
              <label htmlFor="reject-reason">Reason for rejecting</label>
              <textarea
                id="reject-reason"
                name="reason"
                rows={2}
                required
                maxLength={2000}
                disabled={Boolean(reject.refusal)}
                aria-invalid={lastIntent === "reject" ? true : undefined}
              />
            </div>
            <button type="submit" className="danger" disabled={busy || Boolean(reject.refusal)}>
              Reject version {number}
            </button>
            {refusal(reject)}
          </Form>
        ) : null}
        {withdraw && !withdraw.refusal ? (
          <Form method="post">
            <CsrfField />
            <input type="hidden" name="intent" value="withdraw" />
            <input type="hidden" name="revision" value={revision} />
            <div className="field">
              <label htmlFor="withdraw-reason">
                Why withdraw the approval <span className="hint">optional</span>
              </label>
              <input id="withdraw-reason" name="reason" maxLength={2000} />
            </div>
            <button type="submit" className="danger" disabled={busy}>
              Withdraw approval
            </button>
          </Form>
        ) : null}
      </div>
    </section>
  );
}
