import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, redirect, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { CsrfField } from "~/components/csrf-field";
import { isDomainError } from "~/domain/domain-error";
import { PilotStatusBadge } from "~/pilots/pilot-tabs";
import { requireUser } from "~/services/auth.server";
import { throwAsResponse } from "~/services/http.server";
import { getPilot, nextContact } from "~/services/pilots.server";
import { NotFoundError } from "~/storage/storage-adapter";
import pilotsCss from "~/styles/pilots.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: pilotsCss }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Calls: ${data.pilot.name} · ScriptPilot` : "Pilot calls · ScriptPilot" },
];

/** Any signed-in user may make pilot calls: agents are not a role of their own. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request);
  const pilot = await getPilot(params.id ?? "").catch(throwAsResponse);
  const released = new URL(request.url).searchParams.get("released") === "1";
  return { pilot: { id: pilot.id, name: pilot.name, status: pilot.status }, released };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const pilotId = params.id ?? "";
  try {
    const served = await nextContact(pilotId, user, new Date().toISOString());
    if (!served)
      return { error: "Every contact of this pilot has been served. There is nobody left to call." };
    return redirect(`/pilots/${pilotId}/call/${served.callId}`);
  } catch (error) {
    if (isDomainError(error) || error instanceof NotFoundError) return { error: error.message };
    throw error;
  }
}

/** The agent's start page: one button that serves the next contact and opens the call. */
export default function PilotCallStart() {
  const { pilot, released } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return (
    <div className="pilots-page">
      <nav aria-label="Breadcrumb" className="meta">
        <Link to="/pilots">Pilots</Link> › {pilot.name}
      </nav>
      <h1>
        Calls: {pilot.name} <PilotStatusBadge status={pilot.status} />
      </h1>
      {released && !result ? (
        <p className="card" role="status">
          The contact went back to the queue for another agent.
        </p>
      ) : null}
      {result?.error ? (
        <p className="alert" role="alert">
          {result.error}
        </p>
      ) : null}
      <div className="card next-contact">
        {pilot.status === "running" ? (
          <Form method="post">
            <CsrfField />
            <p>
              Take the next contact from the pilot's queue. The script opens with their details filled in.
            </p>
            <button type="submit" className="primary" disabled={busy}>
              Next contact
            </button>
          </Form>
        ) : (
          <p>
            {pilot.status === "setup"
              ? "This pilot has not started yet."
              : pilot.status === "paused"
                ? "This pilot is paused: no contacts are served until a lead resumes it."
                : "This pilot is stopped."}
          </p>
        )}
      </div>
    </div>
  );
}
