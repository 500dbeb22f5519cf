import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PilotStatusBadge } from "~/pilots/pilot-tabs";
import { requireUser } from "~/services/auth.server";
import { getPilotReport, listPilots } from "~/services/pilots.server";
import pilotsCss from "~/styles/pilots.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: pilotsCss }];
export const meta: MetaFunction = () => [{ title: "Pilots · ScriptPilot" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const pilots = await listPilots();
  const rows = await Promise.all(
    pilots.map(async (p) => {
      const report = p.status === "setup" ? undefined : await getPilotReport(p.id);
      const connected = report ? report.variants.reduce((n, v) => n + v.connected, 0) : 0;
      return {
        id: p.id,
        name: p.name,
        status: p.status,
        variants: p.variants.map((v) => v.label),
        planned: p.plannedSampleSize * p.variants.length,
        connected,
        contacts: p.list?.contacts ?? 0,
      };
    }),
  );
  return { rows, isLead: user.roles.includes("lead") };
}

export default function Pilots() {
  const { rows, isLead } = useLoaderData<typeof loader>();
  return (
    <div className="pilots-page">
      <div className="page-head">
        <div>
          <h1>Pilots</h1>
          <p className="lede">
            Test script variants on a sample list and see which one loses fewer people early.
          </p>
        </div>
        {isLead ? (
          <div className="actions">
            <Link className="button primary" to="/pilots/new">
              New pilot
            </Link>
          </div>
        ) : null}
      </div>
      {rows.length === 0 ? (
        <div className="card empty">
          <h2>No pilots yet</h2>
          <p>
            A pilot compares 2 to 4 approved script versions on a sample of your contact list.
            {isLead ? " Start one from approved versions." : " A campaign lead can start one."}
          </p>
          {isLead ? (
            <Link className="button primary" to="/pilots/new">
              New pilot
            </Link>
          ) : null}
        </div>
      ) : (
        <table className="pilot-list">
          <caption className="visually-hidden">Pilots, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Pilot</th>
              <th scope="col">Status</th>
              <th scope="col">Variants</th>
              <th scope="col">Progress (connected calls of the plan)</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((p) => (
              <tr key={p.id}>
                <td>
                  <Link to={`/pilots/${p.id}`}>{p.name}</Link>
                  <div className="meta">
                    {p.contacts} contacts
                    {p.status === "running" ? (
                      <>
                        {" · "}
                        <Link to={`/pilots/${p.id}/call`}>Make calls</Link>
                      </>
                    ) : null}
                  </div>
                </td>
                <td>
                  <PilotStatusBadge status={p.status} />
                </td>
                <td>{p.variants.join(" · ")}</td>
                <td>
                  <span className="pilot-progress">
                    <progress
                      max={p.planned}
                      value={Math.min(p.connected, p.planned)}
                      aria-label={`Progress of “${p.name}”`}
                    />
                    {p.connected} of {p.planned}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
