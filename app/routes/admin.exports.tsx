import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { AdminTabs } from "~/components/admin-tabs";
import { DateTime } from "~/components/date-time";
import { getAppContext } from "~/services/app-context.server";
import { requireUser } from "~/services/auth.server";
import { listExports } from "~/services/exports.server";
import { userNames } from "~/services/versions.server";
import accountStyles from "~/styles/accounts.css";
import exportsCss from "~/styles/exports.css";
import { ExportResultCell } from "~/exports/export-log-views";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: accountStyles },
  { rel: "stylesheet", href: exportsCss },
];
export const meta: MetaFunction = () => [{ title: "Exports · Admin · ScriptPilot" }];

const PAGE = 200;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "admin");
  const params = new URL(request.url).searchParams;
  const filter = {
    script: params.get("script") ?? "",
    plugin: params.get("plugin") ?? "",
    result: params.get("result") ?? "",
  };
  const { storage } = await getAppContext();
  const all = await listExports(storage);
  const scripts = new Map((await storage.list<{ id: string; revision: number; title?: string }>("scripts")).map((s) => [s.id, s.title ?? s.id]));
  const names = await userNames(storage);
  const matching = all.filter(
    (e) =>
      (!filter.script || e.scriptId === filter.script) &&
      (!filter.plugin || e.pluginId === filter.plugin) &&
      (!filter.result ||
        (filter.result === "delivery" ? Boolean(e.delivery) : e.result === filter.result)),
  );
  return {
    filter,
    total: matching.length,
    entries: matching.slice(0, PAGE).map((e) => ({
      ...e,
      scriptTitle: scripts.get(e.scriptId) ?? e.scriptId,
      actorName: names[e.actor] ?? e.actor,
    })),
    scriptOptions: [...new Set(all.map((e) => e.scriptId))].map((id) => ({ id, title: scripts.get(id) ?? id })),
    pluginOptions: [...new Set(all.map((e) => e.pluginId))].sort(),
  };
}

export default function AdminExports() {
  const { filter, total, entries, scriptOptions, pluginOptions } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Exports</h1>
          <p className="lede">Every export and webhook delivery: who, when, which version, which plugin, and the result.</p>
        </div>
      </div>
      <AdminTabs />
      <Form method="get" className="export-filters">
        <div className="field">
          <label htmlFor="filter-script">Script</label>
          <select id="filter-script" name="script" defaultValue={filter.script}>
            <option value="">All scripts</option>
            {scriptOptions.map((s) => (
              <option key={s.id} value={s.id}>
                {s.title}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-plugin">Plugin</label>
          <select id="filter-plugin" name="plugin" defaultValue={filter.plugin}>
            <option value="">All plugins</option>
            {pluginOptions.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-result">Result</label>
          <select id="filter-result" name="result" defaultValue={filter.result}>
            <option value="">Any result</option>
            <option value="ok">OK</option>
            <option value="error">Failed</option>
            <option value="delivery">Webhook deliveries</option>
          </select>
        </div>
        <button type="submit" className="small">
          Filter
        </button>
      </Form>
      {entries.length === 0 ? (
        <p className="empty-state">No exports match. Exports appear here once someone downloads or delivers an approved version.</p>
      ) : (
        <table className="exports-table">
          <caption className="meta">
            {total > entries.length ? `Newest ${entries.length} of ${total} exports` : `${total} export${total === 1 ? "" : "s"}`}
          </caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">Script version</th>
              <th scope="col">Plugin</th>
              <th scope="col">Result</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id}>
                <td>
                  <DateTime iso={e.at} />
                </td>
                <td>{e.actorName}</td>
                <td>
                  <Link to={`/scripts/${e.scriptId}/versions/${e.versionNumber}`}>
                    {e.scriptTitle} v{e.versionNumber}
                  </Link>
                  {e.draft ? " (draft)" : ""}
                </td>
                <td>
                  {e.pluginId}
                  {e.pluginVersion ? ` ${e.pluginVersion}` : ""}
                </td>
                <td>
                  <ExportResultCell entry={e} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
