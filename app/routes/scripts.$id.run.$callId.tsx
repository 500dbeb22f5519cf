import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useMemo } from "react";
import { useCsrfToken } from "~/components/csrf-field";
import { useHydrated } from "~/components/use-hydrated";
import { httpSender } from "~/run/event-outbox";
import { RunScreen } from "~/run/run-screen";
import { loadRunScript } from "~/run/run-script.server";
import { requireUser } from "~/services/auth.server";
import { receiveRunEvents } from "~/services/run-event-intake.server";
import { problemResponse } from "~/services/problem-json.server";
import runCss from "~/styles/run.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: runCss }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Call: ${data.script.title} · ScriptPilot` : "Call · ScriptPilot" },
];

export const handle = { fullWidth: true };

const CALL_ID = /^[A-Za-z0-9_-]{1,100}$/;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { script, versionNumber } = await loadRunScript(request, params.id ?? "");
  const callId = params.callId ?? "";
  if (!CALL_ID.test(callId)) throw new Response("This is not a call id.", { status: 404 });
  return { script, callId, versionNumber: versionNumber ?? null };
}


/**
 * The run screen's events for this call, as a JSON array. The calls service checks each against the schema
 * and the agent and stores each eventId once, so the browser's retries are harmless; here the events must
 * also belong to this call of this script. Nothing is stored unless every event is accepted.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  // Approvers rehearse frozen versions too, so they may send their preview's events.
  const user = await requireUser(request, "writer", "approver");
  const callId = params.callId ?? "";
  if (request.method !== "POST")
    return problemResponse(new Response(null, { status: 405 }), "Send call events with POST.");
  return receiveRunEvents(request, user, {
    callId,
    owner: "script",
    startBelongs: (start) => start.scriptId === params.id,
  });
}

export default function RunCall() {
  const { script, callId, versionNumber } = useLoaderData<typeof loader>();
  const hydrated = useHydrated();
  const csrf = useCsrfToken();
  const send = useMemo(
    () => httpSender(`/scripts/${script.id}/run/${callId}`, csrf),
    [script.id, callId, csrf],
  );
  const afterCall = (
    <p className="actions">
      <Link className="button primary" to={`/scripts/${script.id}/run${versionNumber ? `?version=${versionNumber}` : ""}`}>
        Start another preview call
      </Link>
      <Link className="button" to={`/scripts/${script.id}/calls`}>
        Preview calls
      </Link>
      <Link className="button" to={`/scripts/${script.id}`}>
        Back to the editor
      </Link>
    </p>
  );
  if (!hydrated) {
    return (
      <p className="run-loading" role="status">
        Opening the call… (run mode needs JavaScript)
      </p>
    );
  }
  return (
    <RunScreen
      script={script}
      callId={callId}
      sendEvents={send}
      store={window.localStorage}
      afterCall={afterCall}
    />
  );
}
