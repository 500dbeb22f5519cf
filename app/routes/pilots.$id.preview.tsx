import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PilotStatusBadge, PilotTabs } from "~/pilots/pilot-tabs";
import { requireUser } from "~/services/auth.server";
import { throwAsResponse } from "~/services/http.server";
import { pilotMergePreview } from "~/services/pilots.server";
import pilotsCss from "~/styles/pilots.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: pilotsCss }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Merge preview: ${data.pilot.name} · ScriptPilot` : "Merge preview · ScriptPilot" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, "lead");
  return pilotMergePreview(params.id ?? "").catch(throwAsResponse);
}

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;
const lines = (items: { line: number }[]) =>
  items.length === 0
    ? "—"
    : `${items
        .slice(0, 8)
        .map((i) => i.line)
        .join(", ")}${items.length > 8 ? ` and ${items.length - 8} more` : ""}`;

/** Per variant and merge field: how many contacts fill it, which lines do not, and what is read instead. */
export default function PilotPreview() {
  const { pilot, checked, total, variants } = useLoaderData<typeof loader>();
  return (
    <div className="pilots-page">
      <nav aria-label="Breadcrumb" className="meta">
        <Link to="/pilots">Pilots</Link> › {pilot.name}
      </nav>
      <h1>
        Merge preview: {pilot.name} <PilotStatusBadge status={pilot.status} />
      </h1>
      <PilotTabs pilot={pilot} />
      {total === 0 ? (
        <div className="card empty">
          <p>
            There is no sample list to check.{" "}
            <Link to={`/pilots/${pilot.id}/contacts`}>Upload the sample list</Link> first.
          </p>
        </div>
      ) : (
        <>
          <p className="lede">
            Checked {checked} of {total} contacts (a fixed random sample). Fix the list or the script before
            starting if a field is often missing or too long.
          </p>
          {variants.map((variant) => (
            <section
              className="card"
              key={variant.variantId}
              aria-labelledby={`variant-${variant.variantId}`}
            >
              <h2 id={`variant-${variant.variantId}`}>{variant.label}</h2>
              {variant.fields.length === 0 ? (
                <p className="meta">This script reads no merge fields.</p>
              ) : (
                <table className="pilot-table">
                  <caption>Merge fields of “{variant.label}”</caption>
                  <thead>
                    <tr>
                      <th scope="col">Field</th>
                      <th scope="col" className="num">
                        Coverage
                      </th>
                      <th scope="col">Missing on lines</th>
                      <th scope="col">Too long on lines</th>
                      <th scope="col">When missing, the agent reads</th>
                      <th scope="col">Read at</th>
                    </tr>
                  </thead>
                  <tbody>
                    {variant.fields.map((f) => (
                      <tr key={f.key}>
                        <th scope="row">
                          {f.label ?? f.key} <code>{`{{${f.key}}}`}</code>
                          {f.required ? " (required)" : ""}
                          {!f.declared ? " — not declared in the script" : ""}
                        </th>
                        <td className="num coverage" data-level={f.coverage < 0.9 ? "low" : "ok"}>
                          {pct(f.coverage)} ({f.withValue})
                        </td>
                        <td>{lines(f.missing)}</td>
                        <td>{lines(f.overlong)}</td>
                        <td>
                          {f.whenMissing.kind === "fallback" ? "fallback: " : "placeholder: "}“
                          {f.whenMissing.text}”
                        </td>
                        <td>{f.uses.map((u) => u.title).join("; ")}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              {variant.renderings[0] ? (
                <details>
                  <summary>How the script reads for the contact on line {variant.renderings[0].line}</summary>
                  <ol>
                    {variant.renderings[0].steps.map((s) => (
                      <li key={s.nodeId}>
                        <strong>{s.title}:</strong> {s.text}
                      </li>
                    ))}
                  </ol>
                </details>
              ) : null}
            </section>
          ))}
        </>
      )}
    </div>
  );
}
