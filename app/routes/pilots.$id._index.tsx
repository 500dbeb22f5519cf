import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { nodeDisplayName } from "~/domain/node-summary";
import { HeatOverlay } from "~/pilots/dashboard/heat-overlay";
import { UpdatedAt, useLiveRevalidation } from "~/pilots/dashboard/live-updates";
import { PilotDashboard } from "~/pilots/dashboard/pilot-dashboard";
import { PilotStatusBadge, PilotTabs } from "~/pilots/pilot-tabs";
import { requireUser } from "~/services/auth.server";
import { toHttpProblem } from "~/services/http.server";
import { getPilot, getPilotReport, pilotVersions } from "~/services/pilots.server";
import dashboardCss from "~/styles/dashboard.css";
import pilotsCss from "~/styles/pilots.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: pilotsCss },
  { rel: "stylesheet", href: dashboardCss },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.pilot.name ?? "Pilot"} · Dashboard · ScriptPilot` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, "lead");
  try {
    const pilot = await getPilot(params.id ?? "");
    const [report, versions] = await Promise.all([getPilotReport(pilot.id), pilotVersions(pilot)]);
    const scripts = Object.fromEntries(Object.entries(versions).map(([id, v]) => [id, v.script]));
    const nodeNames: Record<string, string> = {};
    for (const script of Object.values(scripts)) {
      for (const node of script.nodes) nodeNames[node.id] ??= nodeDisplayName(node, 60);
    }
    return {
      pilot: { id: pilot.id, name: pilot.name, status: pilot.status },
      report,
      scripts,
      nodeNames,
      updatedAt: new Date().toISOString(),
    };
  } catch (error) {
    // Not throwAsResponse: its statusText must be Latin-1, and messages quote names with “ ”.
    const problem = toHttpProblem(error);
    throw new Response(problem.message, { status: problem.status });
  }
}

export default function PilotDashboardPage() {
  const { pilot, report, scripts, nodeNames, updatedAt } = useLoaderData<typeof loader>();
  const live = pilot.status === "running";
  const state = useLiveRevalidation(live);
  return (
    <div className="pilots-page">
      <div className="dashboard-head">
        <div>
          <h1>
            {pilot.name} <PilotStatusBadge status={pilot.status} />
          </h1>
          <UpdatedAt at={updatedAt} live={live} refreshing={state === "loading"} />
        </div>
        <div className="actions">
          <Link className="button" to="/pilots/plan">
            Planner
          </Link>
          <a className="button" href={`/pilots/${pilot.id}/report.html`} download>
            Download report (HTML)
          </a>
          <a className="button" href={`/pilots/${pilot.id}/calls.csv`} download>
            Download calls (CSV, no personal data)
          </a>
        </div>
      </div>
      <PilotTabs pilot={pilot} />
      <PilotDashboard
        report={report}
        nodeNames={nodeNames}
        overlay={report.totals.analysed > 0 ? <HeatOverlay report={report} scripts={scripts} /> : undefined}
      />
    </div>
  );
}
