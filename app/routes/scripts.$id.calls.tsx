import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { CsrfField } from "~/components/csrf-field";
import { DateTime } from "~/components/date-time";
import { dispositionName } from "~/domain/aapor-dispositions";
import type { CallRecord } from "~/domain/calls/call-types";
import { nodeDisplayName } from "~/domain/node-summary";
import { outputLabel } from "~/domain/node-outputs";
import type { Script } from "~/domain/script-types";
import { formatDuration } from "~/domain/speaking-time";
import { requireUser } from "~/services/auth.server";
import { getAppContext } from "~/services/app-context.server";
import { clearPreviewCalls, listCalls } from "~/services/calls.server";
import { throwAsResponse } from "~/services/http.server";
import { getScript } from "~/services/scripts.server";
import runCss from "~/styles/run.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: runCss }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Preview calls of ${data.script.title} · ScriptPilot` : "Preview calls · ScriptPilot" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, "writer");
  const { storage } = await getAppContext();
  const script = await getScript(storage, params.id ?? "").catch(throwAsResponse);
  const calls = await listCalls({ scriptId: script.id, preview: true });
  // Newest first: the writer usually looks for the call just rehearsed.
  return { script, calls: [...calls].sort((a, b) => b.startedAt.localeCompare(a.startedAt)) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  await requireUser(request, "writer");
  const { storage } = await getAppContext();
  const script = await getScript(storage, params.id ?? "").catch(throwAsResponse);
  const form = await request.formData();
  if (form.get("intent") !== "clear") throw new Response("Unknown action on preview calls.", { status: 400 });
  const cleared = await clearPreviewCalls(script.id);
  return redirect(`/scripts/${script.id}/calls?cleared=${cleared}`);
}

/** The records of a script's preview calls, as pilots will read real ones, and a way to clear them. */
export default function PreviewCalls() {
  const { script, calls } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const cleared = params.get("cleared");
  const clearing = navigation.state !== "idle" && navigation.formData?.get("intent") === "clear";
  return (
    <div className="call-records-page">
      <nav aria-label="Breadcrumb" className="meta">
        <Link to="/">Scripts</Link> › <Link to={`/scripts/${script.id}`}>{script.title}</Link> › Preview calls
      </nav>
      <div className="page-head">
        <div>
          <h1>Preview calls of “{script.title}”</h1>
          <p className="lede">
            Rehearsals of the draft. They are kept apart from real calls and never count in a pilot.
          </p>
        </div>
        <div className="actions">
          <Link className="button primary" to={`/scripts/${script.id}/run`}>
            Start a preview call
          </Link>
          {calls.length > 0 ? (
            <Form method="post">
              <CsrfField />
              <input type="hidden" name="intent" value="clear" />
              <button type="submit" className="danger" disabled={clearing}>
                {clearing ? "Clearing…" : "Clear preview calls"}
              </button>
            </Form>
          ) : null}
        </div>
      </div>
      {cleared !== null ? (
        <p className="notice" role="status">
          Cleared {cleared} preview call{cleared === "1" ? "" : "s"}.
        </p>
      ) : null}
      {calls.length === 0 ? (
        <div className="empty card">
          <h2>No preview calls</h2>
          <p>Start a preview call to rehearse the script; its record appears here.</p>
        </div>
      ) : (
        <ul className="call-records" aria-label="Preview calls">
          {calls.map((call) => (
            <li key={call.callId} className="card">
              <CallRecordView script={script} call={call} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function CallRecordView({ script, call }: { script: Script; call: CallRecord }) {
  const name = (id: string | undefined) => {
    const node = id ? script.nodes.find((n) => n.id === id) : undefined;
    return node ? nodeDisplayName(node) : (id ?? "");
  };
  const answerText = (a: CallRecord["answers"][number]) => {
    const node = script.nodes.find((n) => n.id === a.nodeId);
    if (a.output === "other") return `Other: “${a.otherText ?? ""}”`;
    if (a.value !== undefined) return String(a.value);
    if (node?.kind === "question" && node.questionType === "multiple") {
      return a.optionIds.map((id) => node.options.find((o) => o.id === id)?.label ?? id).join(", ");
    }
    return node ? outputLabel(node, a.output) : a.output;
  };
  return (
    <details>
      <summary>
        <strong>
          <DateTime iso={call.startedAt} />
        </strong>
        <span>{call.status === "ended" ? (call.outcome ?? "Ended") : "In progress"}</span>
        {call.aaporCode ? (
          <span className="meta">
            AAPOR {call.aaporCode} {dispositionName(call.aaporCode)}
          </span>
        ) : null}
        {call.endedBy ? <span className="meta">ended by the {call.endedBy}</span> : null}
        {call.status === "ended" && !call.connected ? <span className="meta">not connected</span> : null}
        {call.talkSeconds !== undefined && call.connected ? (
          <span className="meta">talk time {formatDuration(call.talkSeconds)}</span>
        ) : null}
        <span className="meta">
          {call.source.kind === "draft"
            ? `draft revision ${call.source.revision}`
            : `version ${call.source.number}`}
        </span>
      </summary>
      <h3>Steps</h3>
      {call.steps.length === 0 ? (
        <p className="meta">{call.connected ? "No steps yet." : "No steps: nobody answered, so the script never started."}</p>
      ) : (
        <ol>
          {call.steps.map((s) => (
            <li key={s.seq} className={s.undone ? "undone" : undefined}>
              {name(s.nodeId)} at {(s.offsetMs / 1000).toFixed(1)} s{s.undone ? " (undone)" : ""}
            </li>
          ))}
        </ol>
      )}
      {call.answers.length > 0 ? (
        <>
          <h3>Answers</h3>
          <ul>
            {call.answers.map((a) => (
              <li key={a.seq} className={a.undone ? "undone" : undefined}>
                {name(a.nodeId)}: {answerText(a)}
                {a.undone ? " (undone)" : ""}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {call.objections.length > 0 ? (
        <>
          <h3>Objections</h3>
          <ul>
            {call.objections.map((o) => (
              <li key={o.seq}>
                {script.objections.find((x) => x.id === o.objectionId)?.label ?? o.objectionId} at{" "}
                {name(o.nodeId)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {call.callbacks.length > 0 ? (
        <ul>
          {call.callbacks.map((c) => (
            <li key={c.seq} className={c.undone ? "undone" : undefined}>
              Callback: {c.callbackAt.replace("T", " ")} ({c.timeZone}){c.undone ? " (undone)" : ""}
            </li>
          ))}
        </ul>
      ) : null}
      {call.referrals.length > 0 ? (
        <ul>
          {call.referrals.map((r) => (
            <li key={r.seq} className={r.undone ? "undone" : undefined}>
              Referral: {r.name}
              {r.role ? `, ${r.role}` : ""}
              {r.phone ? `, ${r.phone}` : ""}
              {r.undone ? " (undone)" : ""}
            </li>
          ))}
        </ul>
      ) : null}
      {call.notes.length > 0 ? (
        <>
          <h3>Notes</h3>
          <ul>
            {call.notes.map((n) => (
              <li key={n.seq}>{n.text}</li>
            ))}
          </ul>
        </>
      ) : null}
      {call.endNodeId ? <p>Ended at “{name(call.endNodeId)}”.</p> : null}
    </details>
  );
}
