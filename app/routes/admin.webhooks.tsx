import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { AdminTabs } from "~/components/admin-tabs";
import { CsrfField } from "~/components/csrf-field";
import { DateTime } from "~/components/date-time";
import { Deliveries, ExportResultCell } from "~/exports/export-log-views";
import { pluginView } from "~/exports/plugin-view";
import { getAppContext } from "~/services/app-context.server";
import { requireUser } from "~/services/auth.server";
import { listExports } from "~/services/exports.server";
import { formText, toHttpProblem } from "~/services/http.server";
import { getCatalog, reloadPluginRegistry } from "~/services/plugin-catalog.server";
import {
  createWebhookTarget,
  deleteWebhookTarget,
  getWebhookTarget,
  listDeliveryProgress,
  listWebhookTargets,
  redactedUrl,
  setWebhookTargetActive,
  startTestDelivery,
} from "~/services/webhook-targets.server";
import accountStyles from "~/styles/accounts.css";
import exportsCss from "~/styles/exports.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: accountStyles },
  { rel: "stylesheet", href: exportsCss },
];
export const meta: MetaFunction = () => [{ title: "Webhooks · Admin · ScriptPilot" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "admin");
  const { storage } = await getAppContext();
  const catalog = await getCatalog();
  const exports = await listExports(storage);
  const targets = (await listWebhookTargets(storage)).map((t) => {
    const where = redactedUrl(t.url);
    // The secret stays on the server: it was shown once, when the target was made.
    return {
      id: t.id,
      name: t.name,
      url: t.url,
      active: t.active,
      pluginId: t.pluginId,
      createdAt: t.createdAt,
      log: exports.filter((e) => e.delivery?.url === where).slice(0, 10),
    };
  });
  return {
    targets,
    deliveries: listDeliveryProgress().filter((d) => targets.some((t) => t.id === d.targetId)),
    plugins: catalog.plugins.map(pluginView),
    pluginsLoadedAt: catalog.loadedAt,
  };
}

type ActionResult =
  | { ok: true; intent: "create"; name: string; secret: string }
  | { ok: true; intent: "reload"; usable: number; broken: number }
  | { ok: false; error: string; fields?: Record<string, string> };

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireUser(request, "admin");
  const form = await request.formData();
  const intent = formText(form, "intent");
  const { storage } = await getAppContext();
  const now = new Date().toISOString();
  try {
    switch (intent) {
      case "create": {
        const pluginId = String(form.get("pluginId") ?? "");
        const { target, secret } = await createWebhookTarget(
          storage,
          { name: formText(form, "name"), url: formText(form, "url"), ...(pluginId ? { pluginId } : {}) },
          admin,
          now,
        );
        return data<ActionResult>({ ok: true, intent: "create", name: target.name, secret });
      }
      case "disable":
      case "enable":
        await setWebhookTargetActive(storage, formText(form, "id"), intent === "enable", admin, now);
        return redirect("/admin/webhooks");
      case "delete":
        await deleteWebhookTarget(storage, formText(form, "id"), admin, now);
        return redirect("/admin/webhooks");
      case "test": {
        const target = await getWebhookTarget(storage, formText(form, "id"));
        startTestDelivery(target, admin.id, now);
        return redirect("/admin/webhooks#deliveries-heading");
      }
      case "reload": {
        const plugins = await reloadPluginRegistry();
        const broken = plugins.filter((p) => p.problems.length > 0).length;
        return data<ActionResult>({ ok: true, intent: "reload", usable: plugins.length - broken, broken });
      }
      default:
        return data<ActionResult>({ ok: false, error: `Unknown action “${intent}”.` }, { status: 400 });
    }
  } catch (error) {
    const problem = toHttpProblem(error);
    const fields = Object.fromEntries(problem.details.map((d) => [d.path, d.message]));
    return data<ActionResult>({ ok: false, error: problem.message, fields }, { status: problem.status });
  }
}

export default function AdminWebhooks() {
  const { targets, deliveries, plugins, pluginsLoadedAt } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const revalidator = useRevalidator();
  const delivering = deliveries.some((d) => d.state === "delivering");
  useEffect(() => {
    if (!delivering) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, 1500);
    return () => clearInterval(timer);
  }, [delivering, revalidator]);
  const fields = result && !result.ok ? (result.fields ?? {}) : {};
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Webhooks</h1>
          <p className="lede">
            Named dialer URLs people can deliver approved versions to. Deliveries are signed with Standard Webhooks
            (<code>webhook-id</code>, <code>webhook-timestamp</code>, <code>webhook-signature</code>) and retried with
            backoff.
          </p>
        </div>
      </div>
      <AdminTabs />
      {result?.ok && result.intent === "create" ? (
        <div className="notice" role="status">
          <p>
            Made the target <strong>{result.name}</strong>. Its signing secret is{" "}
            <code className="secret-once">{result.secret}</code>
          </p>
          <p>Copy it into the receiver now: it is not shown again.</p>
        </div>
      ) : null}
      {result?.ok && result.intent === "reload" ? (
        <p className="notice" role="status">
          Plugins reloaded: {result.usable} usable{result.broken ? `, ${result.broken} with problems` : ""}.
        </p>
      ) : null}
      {result && !result.ok ? (
        <div className="alert" role="alert">
          <p>{result.error}</p>
        </div>
      ) : null}

      {targets.length === 0 ? (
        <p className="empty-state">No webhook targets yet. Add one below for each dialer that should receive scripts.</p>
      ) : (
        <table className="exports-table">
          <caption className="visually-hidden">Webhook targets</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">URL</th>
              <th scope="col">Recent deliveries</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {targets.map((t) => (
              <tr key={t.id} className={t.active ? undefined : "inactive"}>
                <td>
                  {t.name}
                  {t.active ? "" : " (disabled)"}
                  {t.pluginId ? <div className="meta">usually {t.pluginId}</div> : null}
                </td>
                <td>
                  <code>{t.url}</code>
                </td>
                <td>
                  {t.log.length === 0 ? (
                    "None yet"
                  ) : (
                    <ul>
                      {t.log.map((e) => (
                        <li key={e.id}>
                          <DateTime iso={e.at} /> {e.pluginId} v{e.versionNumber}: <ExportResultCell entry={e} />
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
                <td>
                  <div className="export-actions">
                    <Form method="post">
                      <CsrfField />
                      <input type="hidden" name="id" value={t.id} />
                      <button type="submit" name="intent" value="test" className="small" disabled={busy || !t.active} aria-label={`Send a test delivery to ${t.name}`}>
                        Send test
                      </button>
                    </Form>
                    <Form method="post">
                      <CsrfField />
                      <input type="hidden" name="id" value={t.id} />
                      <button type="submit" name="intent" value={t.active ? "disable" : "enable"} className="small" disabled={busy} aria-label={`${t.active ? "Disable" : "Enable"} ${t.name}`}>
                        {t.active ? "Disable" : "Enable"}
                      </button>
                    </Form>
                    <Form
                      method="post"
                      onSubmit={(event) => {
                        if (!confirm(`Delete the webhook target “${t.name}”? Its past deliveries stay in the export log.`)) event.preventDefault();
                      }}
                    >
                      <CsrfField />
                      <input type="hidden" name="id" value={t.id} />
                      <button type="submit" name="intent" value="delete" className="small danger" disabled={busy} aria-label={`Delete ${t.name}`}>
                        Delete
                      </button>
                    </Form>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <Deliveries deliveries={deliveries} />

      <section className="card" aria-labelledby="new-target-heading" style={{ maxWidth: "34rem", marginTop: "1.5rem" }}>
        <h2 id="new-target-heading">Add a target</h2>
        <Form method="post" key={result?.ok && result.intent === "create" ? result.secret : "new"}>
          <CsrfField />
          <input type="hidden" name="intent" value="create" />
          <div className="field">
            <label htmlFor="target-name">Name</label>
            <input id="target-name" name="name" required maxLength={100} placeholder="e.g. Acme predictive dialer" aria-invalid={fields.name ? true : undefined} />
            {fields.name ? <p className="field-error">{fields.name}</p> : null}
          </div>
          <div className="field">
            <label htmlFor="target-url">URL</label>
            <input id="target-url" name="url" type="url" required placeholder="https://dialer.example.com/hooks/scriptpilot" aria-invalid={fields.url ? true : undefined} aria-describedby="target-url-help" />
            <p className="hint" id="target-url-help">
              https only; plain http is allowed for localhost.
            </p>
            {fields.url ? <p className="field-error">{fields.url}</p> : null}
          </div>
          <div className="field">
            <label htmlFor="target-plugin">
              Usual plugin <span className="hint">optional</span>
            </label>
            <select id="target-plugin" name="pluginId" defaultValue="">
              <option value="">Let the person exporting choose</option>
              {plugins
                .filter((p) => p.problems.length === 0)
                .map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
            </select>
          </div>
          <button type="submit" className="primary" disabled={busy}>
            Add target
          </button>
        </Form>
      </section>

      <section aria-labelledby="plugins-heading" style={{ marginTop: "1.5rem" }}>
        <h2 id="plugins-heading">Plugins</h2>
        <p className="meta">
          Loaded <DateTime iso={pluginsLoadedAt} />. After installing or removing a plugin in the data directory or
          the plugin packages setting, reload them.
        </p>
        <ul>
          {plugins.map((p) => (
            <li key={`${p.source}:${p.location}:${p.id}`}>
              <strong>{p.name}</strong> {p.version ? `v${p.version}` : ""} ({p.source === "built-in" ? "built in" : p.location})
              {p.problems.length > 0 ? <span className="failed"> — cannot be used: {p.problems.join("; ")}</span> : null}
            </li>
          ))}
        </ul>
        <Form method="post">
          <CsrfField />
          <button type="submit" name="intent" value="reload" className="small" disabled={busy}>
            Reload plugins
          </button>
        </Form>
      </section>
    </>
  );
}
