import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, redirect, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useMemo, useState } from "react";
import { CsrfField, useCsrfToken } from "~/components/csrf-field";
import { useHydrated } from "~/components/use-hydrated";
import { httpSender } from "~/run/event-outbox";
import { RunScreen } from "~/run/run-screen";
import { beginRun, loadRun } from "~/run/run-storage";
import { requireUser } from "~/services/auth.server";
import { receiveRunEvents } from "~/services/run-event-intake.server";
import { throwAsResponse } from "~/services/http.server";
import { getPilotCall, releaseContact } from "~/services/pilots.server";
import { isDomainError } from "~/domain/domain-error";
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


/**
 * The run screen's events for this call (JSON; they must belong to it and to this pilot), or the form that
 * releases a contact the agent did not call, putting it back in the queue for someone else.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const callId = params.callId ?? "";
  const type = request.headers.get("Content-Type") ?? "";
  if (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data")) {
    const form = await request.formData();
    if (form.get("intent") !== "release")
      return { releaseError: "Unknown request: only “release” is sent as a form." };
    try {
      await releaseContact(params.id ?? "", callId, user);
    } catch (error) {
      if (isDomainError(error)) return { releaseError: error.message };
      throw error;
    }
    return redirect(`/pilots/${params.id ?? ""}/call?released=1`);
  }
  return receiveRunEvents(request, user, {
    callId,
    owner: "pilot",
    startBelongs: (start) => start.pilotId === params.id,
  });
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

type CallData = ReturnType<typeof useLoaderData<typeof loader>>;

function StartedCall(data: CallData) {
  // A reload resumes a run already begun; otherwise the agent first chooses to call or to release.
  const [begun, setBegun] = useState(() => loadRun(window.localStorage, data.callId) !== undefined);
  if (!begun) return <BeforeCall data={data} onStart={() => setBegun(true)} />;
  return <RunningCall {...data} />;
}

/**
 * Before dialling: the contact can still go back to the queue (no call was started for it), e.g. when the
 * agent must leave or knows the person. Once the run begins its first event is sent and release is refused.
 */
function BeforeCall({ data, onStart }: { data: CallData; onStart: () => void }) {
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const error = result && "releaseError" in result ? result.releaseError : undefined;
  const name = data.mergeValues.firstName;
  return (
    <div className="pilots-page">
      <nav aria-label="Breadcrumb" className="meta">
        <Link to={`/pilots/${data.pilotId}/call`}>Calls: {data.pilotName}</Link>
      </nav>
      <h1>Next contact{typeof name === "string" && name !== "" ? `: ${name}` : ""}</h1>
      {error ? (
        <p className="alert" role="alert">
          {error}
        </p>
      ) : null}
      <div className="card next-contact">
        <p>
          Start the call when you are ready to dial. Not calling this contact? Release it for another agent.
        </p>
        <div className="actions">
          {/* eslint-disable-next-line jsx-a11y/no-autofocus -- the agent's next step, by keyboard */}
          <button type="button" className="primary" onClick={onStart} autoFocus>
            Start the call
          </button>
          <Form method="post">
            <CsrfField />
            <input type="hidden" name="intent" value="release" />
            <button type="submit" disabled={busy}>
              Release this contact
            </button>
          </Form>
        </div>
      </div>
    </div>
  );
}

function RunningCall(data: CallData) {
  const csrf = useCsrfToken();
  // The run starts (and its first events are queued) before the run screen reads it.
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
