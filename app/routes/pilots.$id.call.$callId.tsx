import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useMemo, useState } from "react";
import { CsrfField, useCsrfToken } from "~/components/csrf-field";
import { useHydrated } from "~/components/use-hydrated";
import { httpSender } from "~/run/event-outbox";
import { RunScreen } from "~/run/run-screen";
import { beginRun, loadRun } from "~/run/run-storage";
import { isCallEvent } from "~/services/call-schemas.server";
import { appendCallEvents } from "~/services/calls.server";
import { requireUser } from "~/services/auth.server";
import { throwAsResponse } from "~/services/http.server";
import { getPilotCall } from "~/services/pilots.server";
import { problemResponse } from "~/services/problem-json.server";
import pilotsCss from "~/styles/pilots.css";
import runCss from "~/styles/run.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: runCss },
  { rel: "stylesheet", href: pilotsCss },
];
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Call: ${data.pilotName} · ScriptPilot` : "Pilot call · ScriptPilot" },
];
export const handle = { fullWidth: true };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const call = await getPilotCall(params.id ?? "", params.callId ?? "", user).catch(throwAsResponse);
  return {
    pilotId: call.pilot.id,
    pilotName: call.pilot.name,
    callId: call.callId,
    agent: user.id,
    variantId: call.variant.id,
    contactRef: call.contactRef,
    script: call.version.script,
    source: { kind: "version" as const, versionId: call.version.id, number: call.version.number },
    mergeValues: call.mergeValues,
    contactTimeZone: call.contactTimeZone,
  };
}

const MAX_BODY_BYTES = 1024 * 1024;

/** The run screen's events for this call; they must belong to it and to this pilot. */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const callId = params.callId ?? "";
  if (Number(request.headers.get("Content-Length") ?? 0) > MAX_BODY_BYTES) {
    return problemResponse(
      new Response(null, { status: 413 }),
      "Send at most 1 MB of call events at a time.",
    );
  }
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return problemResponse(
      new Response(null, { status: 400 }),
      "The body is not JSON: send an array of call events.",
    );
  }
  if (!Array.isArray(body) || body.length === 0) {
    return problemResponse(new Response(null, { status: 422 }), "Send a non-empty array of call events.");
  }
  const misplaced = body
    .filter(isCallEvent)
    .find((e) => e.callId !== callId || (e.type === "call-started" && e.pilotId !== params.id));
  if (misplaced) {
    return problemResponse(
      new Response(null, { status: 422 }),
      `Event ${misplaced.eventId} belongs to another call or pilot, not to call ${callId} of this pilot.`,
    );
  }
  try {
    return Response.json(await appendCallEvents(body, { user }));
  } catch (error) {
    return problemResponse(error);
  }
}

export default function PilotCall() {
  const data = useLoaderData<typeof loader>();
  const hydrated = useHydrated();
  if (!hydrated) {
    return (
      <p className="run-loading" role="status">
        Opening the call… (run mode needs JavaScript)
      </p>
    );
  }
  return <StartedCall {...data} />;
}

function StartedCall(data: ReturnType<typeof useLoaderData<typeof loader>>) {
  const csrf = useCsrfToken();
  // The run starts (and its first events are queued) before the run screen reads it; a reload resumes it.
  useState(() => {
    if (loadRun(window.localStorage, data.callId)) return true;
    beginRun(window.localStorage, data.script, {
      callId: data.callId,
      agent: data.agent,
      source: data.source,
      preview: false,
      mergeValues: data.mergeValues,
      pilotId: data.pilotId,
      variantId: data.variantId,
      contactRef: data.contactRef,
      now: { at: new Date().toISOString(), offsetMs: 0 },
    });
    return true;
  });
  const send = useMemo(
    () => httpSender(`/pilots/${data.pilotId}/call/${data.callId}`, csrf),
    [data.pilotId, data.callId, csrf],
  );
  const afterCall = (
    <div className="actions">
      <Form method="post" action={`/pilots/${data.pilotId}/call?index`}>
        <CsrfField />
        <button type="submit" className="primary">
          Next contact
        </button>
      </Form>
      <Link className="button" to="/pilots">
        Back to pilots
      </Link>
    </div>
  );
  return (
    <RunScreen
      script={data.script}
      callId={data.callId}
      sendEvents={send}
      store={window.localStorage}
      afterCall={afterCall}
      {...(data.contactTimeZone ? { contactTimeZone: data.contactTimeZone } : {})}
    />
  );
}
