import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { CsvUploadForm } from "~/pilots/csv-upload-form";
import { PilotStatusBadge, PilotTabs } from "~/pilots/pilot-tabs";
import { requireUser } from "~/services/auth.server";
import { throwAsResponse } from "~/services/http.server";
import { handlePilotUpload } from "~/services/pilot-forms.server";
import { getPilot } from "~/services/pilots.server";
import pilotsCss from "~/styles/pilots.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: pilotsCss }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Import results: ${data.pilot.name} · ScriptPilot` : "Import results · ScriptPilot" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, "lead");
  return { pilot: await getPilot(params.id ?? "").catch(throwAsResponse) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, "lead");
  const form = await request.formData();
  form.set("intent", "results");
  return handlePilotUpload(params.id ?? "", form, user, new Date().toISOString());
}

/** A dialer's results export: checked row by row; the same export imported twice adds nothing. */
export default function PilotResultsImport() {
  const { pilot } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const open = pilot.status === "running" || pilot.status === "paused";
  return (
    <div className="pilots-page">
      <nav aria-label="Breadcrumb" className="meta">
        <Link to="/pilots">Pilots</Link> › {pilot.name}
      </nav>
      <h1>
        Import results: {pilot.name} <PilotStatusBadge status={pilot.status} />
      </h1>
      <PilotTabs pilot={pilot} />
      <p className="lede">
        One row per call with the columns contact_id, variant, agent, started_at, connected, talk_seconds,
        disposition, last_node_id and ended_by (variants:{" "}
        {pilot.variants.map((v) => `${v.id} = ${v.label}`).join(", ")}).
      </p>
      {open ? (
        <section className="card">
          <CsvUploadForm
            pilotId={pilot.id}
            intent="results"
            label="Dialer results (CSV)"
            submitLabel="Import results"
            {...(actionData ? { fallback: actionData } : {})}
          >
            <div className="field">
              <label htmlFor="utc-offset">UTC offset for times written without one (optional)</label>
              <input id="utc-offset" name="defaultUtcOffset" placeholder="+01:00" maxLength={6} size={7} />
            </div>
          </CsvUploadForm>
        </section>
      ) : (
        <div className="card empty">
          <p>
            {pilot.status === "setup"
              ? "Start the pilot before importing results."
              : "The pilot is stopped: its data are frozen, so no results can be added."}
          </p>
        </div>
      )}
    </div>
  );
}
