import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { CsrfField } from "~/components/csrf-field";
import { DateTime } from "~/components/date-time";
import { ROLES } from "~/domain/users/roles";
import { pluginView, contentDisposition, type PluginView } from "~/exports/plugin-view";
import { settingsProblems } from "~/exports/settings-errors.server";
import { settingsForm, settingsFromForm } from "~/exports/settings-fields";
import { SettingsFormFields } from "~/exports/settings-form-fields";
import { getAppContext } from "~/services/app-context.server";
import { requireUser } from "~/services/auth.server";
import { exportAndLog, exportableFromVersion, listExports } from "~/services/exports.server";
import { throwAsResponse, toHttpProblem } from "~/services/http.server";
import { getPluginRegistry } from "~/services/plugin-catalog.server";
import { findPlugin } from "~/services/plugin-registry.server";
import { PluginRunError } from "~/services/plugin-runner.server";
import { getReleasableVersion, getVersion, userNames } from "~/services/versions.server";
import { getWebhookTarget, listDeliveryProgress, listWebhookTargets, startDelivery } from "~/services/webhook-targets.server";
import exportsCss from "~/styles/exports.css";
import { Deliveries, ExportResultCell } from "~/exports/export-log-views";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: exportsCss }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Export version ${data.number} of ${data.title} · ScriptPilot` : "Export · ScriptPilot" },
];

/** Everyone who works on scripts may export an approved version: the approval is the gate, not the role. */
export const EXPORT_ROLES = ROLES;

function versionNumber(params: { n?: string }): number {
  const n = Number(params.n);
  if (!Number.isInteger(n) || n < 1) throw new Response("A version number is a whole number from 1.", { status: 404 });
  return n;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, ...EXPORT_ROLES);
  const scriptId = params.id ?? "";
  const number = versionNumber(params);
  const { storage } = await getAppContext();
  const version = await getVersion(storage, scriptId, number).catch(throwAsResponse);
  // The versions service's own sentence says why an unapproved version cannot leave ScriptPilot.
  const refusal = await getReleasableVersion(storage, version.id).then(
    () => undefined,
    (error: unknown) => toHttpProblem(error).message,
  );
  const registry = await getPluginRegistry();
  const plugins = registry.map(pluginView);
  const url = new URL(request.url);
  const wanted = url.searchParams.get("plugin");
  const selected = findPlugin(registry, wanted ?? "") ?? registry.find((p) => p.problems.length === 0);
  const names = await userNames(storage);
  const recent = (await listExports(storage, { scriptId }))
    .filter((e) => e.versionNumber === number)
    .slice(0, 15)
    .map((e) => ({ ...e, actorName: names[e.actor] ?? e.actor }));
  const targets = (await listWebhookTargets(storage))
    .filter((t) => t.active)
    .map((t) => ({ id: t.id, name: t.name, pluginId: t.pluginId }));
  return {
    scriptId,
    number,
    title: version.script.title,
    refusal,
    plugins,
    selectedId: selected?.id,
    wantedMissing: wanted && selected?.id !== wanted ? wanted : undefined,
    form: settingsForm(selected?.configSchema),
    targets,
    recent,
    deliveries: listDeliveryProgress({ scriptId, versionNumber: number }),
    // A refused download comes back here from the download route with its reason in the address.
    downloadProblem: downloadProblemOf(url.searchParams),
    deliveryId: url.searchParams.get("delivery"),
  };
}

function downloadProblemOf(params: URLSearchParams): ActionResult | undefined {
  const error = params.get("error");
  if (!error) return undefined;
  let fieldErrors: Record<string, string> = {};
  try {
    const parsed: unknown = JSON.parse(params.get("fields") ?? "{}");
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) {
      fieldErrors = Object.fromEntries(Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === "string"));
    }
  } catch {
    // A hand-edited address: show the sentence without field marks.
  }
  return { error: error.slice(0, 500), fieldErrors, values: {} };
}

type ActionResult = { error: string; fieldErrors: Record<string, string>; values: Record<string, unknown> };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, ...EXPORT_ROLES);
  const scriptId = params.id ?? "";
  const number = versionNumber(params);
  const form = await request.formData();
  const intent = form.get("intent");
  const pluginId = String(form.get("plugin") ?? "");
  const { storage } = await getAppContext();
  const fail = (status: number, error: string, fieldErrors: Record<string, string> = {}, values = {}) =>
    data<ActionResult>({ error, fieldErrors, values }, { status });
  if (intent !== "download" && intent !== "deliver") return fail(400, "Choose Download or Deliver.");

  let version;
  try {
    version = await getReleasableVersion(storage, `${scriptId}-v${number}`);
  } catch (error) {
    const problem = toHttpProblem(error);
    return fail(problem.status === 404 ? 404 : 409, problem.message);
  }
  const plugins = await getPluginRegistry();
  const plugin = findPlugin(plugins, pluginId);
  if (!plugin) {
    const broken = plugins.find((p) => p.id === pluginId);
    return fail(
      broken ? 409 : 404,
      broken
        ? `The plugin “${pluginId}” cannot be used: ${broken.problems.join("; ")}`
        : `There is no plugin “${pluginId}”. Choose one from the list.`,
    );
  }
  const settings = settingsForm(plugin.configSchema);
  const config = settingsFromForm(settings, (name) => {
    const v = form.get(name);
    return typeof v === "string" ? v : null;
  });
  const fieldErrors = settingsProblems(plugin.configSchema, config);
  if (Object.keys(fieldErrors).length > 0) {
    return fail(422, "Some settings need fixing before exporting.", fieldErrors, config);
  }
  const exportable = exportableFromVersion(version);
  const now = new Date().toISOString();

  if (intent === "deliver") {
    const targetId = String(form.get("target") ?? "");
    if (!targetId) return fail(422, "Choose a webhook target to deliver to.", {}, config);
    try {
      const target = await getWebhookTarget(storage, targetId);
      const { delivery } = startDelivery(storage, target, {
        plugins,
        pluginId,
        version: exportable,
        config,
        now,
        actor: user.id,
      });
      return redirect(`?plugin=${encodeURIComponent(pluginId)}&delivery=${delivery.id}#deliveries-heading`);
    } catch (error) {
      const problem = toHttpProblem(error);
      return fail(problem.status, problem.message, {}, config);
    }
  }

  try {
    const { result } = await exportAndLog(storage, { plugins, pluginId, version: exportable, config, now, actor: user.id });
    const body = typeof result.body === "string" ? result.body : new Uint8Array(result.body);
    return new Response(body, {
      headers: {
        "Content-Type": result.mediaType,
        "Content-Disposition": contentDisposition(result.filename),
        "Cache-Control": "no-store",
      },
    });
  } catch (error) {
    // Logged by exportAndLog already; the person gets the plugin's sentence, never a stack trace.
    if (error instanceof PluginRunError) return fail(422, error.message, {}, config);
    const problem = toHttpProblem(error);
    return fail(problem.status, problem.message, {}, config);
  }
}

export default function ExportPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() ?? d.downloadProblem;
  const selected = d.plugins.find((p) => p.id === d.selectedId);
  const delivering = d.deliveries.some((x) => x.state === "delivering");
  const revalidator = useRevalidator();
  useEffect(() => {
    if (!delivering) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, 1500);
    return () => clearInterval(timer);
  }, [delivering, revalidator]);
  const base = `/scripts/${d.scriptId}`;
  return (
    <div className="exports-page">
      <nav aria-label="Breadcrumb" className="meta">
        <Link to="/">Scripts</Link> › <Link to={base}>{d.title}</Link> › <Link to={`${base}/versions`}>Versions</Link> ›{" "}
        <Link to={`${base}/versions/${d.number}`}>Version {d.number}</Link> › Export
      </nav>
      <h1>
        Export version {d.number} of “{d.title}”
      </h1>
      {d.refusal ? (
        <div className="alert" role="alert">
          <p>{d.refusal}</p>
          <p>Only approved versions can be exported or delivered.</p>
        </div>
      ) : (
        <>
          {result?.error ? (
            <div className="alert" role="alert">
              <p>{result.error}</p>
            </div>
          ) : null}
          {d.wantedMissing ? (
            <p className="alert" role="alert">
              There is no usable plugin “{d.wantedMissing}”; showing {selected?.name ?? "none"} instead.
            </p>
          ) : null}
          <section aria-labelledby="plugin-heading" className="card">
            <h2 id="plugin-heading">1. Plugin</h2>
            <Form method="get" className="plugin-choice">
              <fieldset>
                <legend className="visually-hidden">Plugin</legend>
                <ul className="plugin-list">
                  {d.plugins.map((p) => (
                    <PluginOption key={`${p.source}:${p.location}:${p.id}`} plugin={p} checked={p.id === d.selectedId} />
                  ))}
                </ul>
              </fieldset>
              <button type="submit" className="small">
                Use this plugin
              </button>
            </Form>
          </section>
          {selected ? (
            <section aria-labelledby="settings-heading" className="card">
              <h2 id="settings-heading">2. Settings and output for {selected.name}</h2>
              {/* A plain form: the browser itself must receive the download's Content-Disposition. */}
              <form method="post" key={selected.id}>
                <CsrfField />
                <input type="hidden" name="plugin" value={selected.id} />
                <SettingsFormFields form={d.form} values={result?.values ?? {}} errors={result?.fieldErrors ?? {}} />
                <div className="export-actions">
                  <button
                    type="submit"
                    name="intent"
                    value="download"
                    className="primary"
                    formAction={`${base}/versions/${d.number}/export/download`}
                  >
                    Download {selected.mediaType ? `(${selected.mediaType})` : ""}
                  </button>
                  {d.targets.length > 0 ? (
                    <span className="deliver">
                      <label htmlFor="target">Webhook target</label>
                      <select id="target" name="target" defaultValue={d.targets.find((t) => t.pluginId === selected.id)?.id}>
                        {d.targets.map((t) => (
                          <option key={t.id} value={t.id}>
                            {t.name}
                          </option>
                        ))}
                      </select>
                      <button type="submit" name="intent" value="deliver">
                        Deliver to webhook
                      </button>
                    </span>
                  ) : (
                    <span className="meta">No webhook targets yet: an admin adds them under Admin › Webhooks.</span>
                  )}
                </div>
              </form>
            </section>
          ) : (
            <p className="empty-state">No plugin can be used right now; ask an admin to check the plugins.</p>
          )}
        </>
      )}
      <Deliveries deliveries={d.deliveries} highlight={d.deliveryId} />
      <section aria-labelledby="recent-heading">
        <h2 id="recent-heading">Recent exports of this version</h2>
        {d.recent.length === 0 ? (
          <p className="empty-state">Nothing exported yet.</p>
        ) : (
          <table className="exports-table">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Plugin</th>
                <th scope="col">Result</th>
              </tr>
            </thead>
            <tbody>
              {d.recent.map((e) => (
                <tr key={e.id}>
                  <td>
                    <DateTime iso={e.at} />
                  </td>
                  <td>{e.actorName}</td>
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
      </section>
    </div>
  );
}

function PluginOption({ plugin: p, checked }: { plugin: PluginView; checked: boolean }) {
  const usable = p.problems.length === 0;
  return (
    <li className={usable ? "plugin" : "plugin unusable"}>
      <label>
        <input type="radio" name="plugin" value={p.id} defaultChecked={checked} disabled={!usable} />{" "}
        <strong>{p.name}</strong> {p.version ? <span className="meta">v{p.version}</span> : null}
      </label>
      {usable ? (
        <div className="meta">
          {p.target} · <code>{p.mediaType}</code> · {p.source === "built-in" ? "built in" : p.location}
          {p.description ? <p>{p.description}</p> : null}
          <p>Handles: {p.nodeKinds.join(", ")}{p.scriptKinds.length ? ` (${p.scriptKinds.join(", ")} scripts)` : ""}</p>
        </div>
      ) : (
        <p className="meta refusal">
          Cannot be used ({p.location}): {p.problems.join("; ")}
        </p>
      )}
    </li>
  );
}
