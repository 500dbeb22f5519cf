import {
  data,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AdminTabs } from "~/components/admin-tabs";
import { CsrfField } from "~/components/csrf-field";
import { DateTime } from "~/components/date-time";
import { isDomainError } from "~/domain/domain-error";
import { API_SCOPES, createApiKey, listApiKeys, revokeApiKey } from "~/services/api-keys.server";
import { requireUser } from "~/services/auth.server";
import { formText } from "~/services/http.server";
import accountStyles from "~/styles/accounts.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: accountStyles }];
export const meta: MetaFunction = () => [{ title: "API keys · Admin · ScriptPilot" }];

const SCOPE_HELP: Record<(typeof API_SCOPES)[number], string> = {
  "scripts:read": "read approved scripts and versions, and export them through plugins",
  "pilots:read": "look up a contact's variant and read pilot results",
  "events:write": "send call events from the dialer",
};

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "admin");
  const keys = await listApiKeys();
  // The secret's hash stays on the server: the page needs names, scopes and dates only.
  return {
    keys: keys.map(({ id, name, scopes, createdAt, lastUsedAt, revokedAt }) => ({ id, name, scopes, createdAt, lastUsedAt, revokedAt })),
  };
}

type ActionResult =
  | { ok: true; intent: "create"; name: string; token: string }
  | { ok: true; intent: "revoke"; name: string }
  | { ok: false; error: string };

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireUser(request, "admin");
  const form = await request.formData();
  const intent = formText(form, "intent");
  try {
    if (intent === "create") {
      const scopes = form.getAll("scopes").filter((s): s is string => typeof s === "string");
      const { key, token } = await createApiKey({ name: formText(form, "name"), scopes, createdBy: admin.id, now: new Date() });
      return data<ActionResult>({ ok: true, intent: "create", name: key.name, token });
    }
    if (intent === "revoke") {
      const key = await revokeApiKey(formText(form, "id"), admin.id, new Date());
      return data<ActionResult>({ ok: true, intent: "revoke", name: key.name });
    }
    return data<ActionResult>({ ok: false, error: `Unknown action “${intent}”.` }, { status: 400 });
  } catch (error) {
    if (!isDomainError(error)) throw error;
    return data<ActionResult>({ ok: false, error: error.message }, { status: error.code === "not-found" ? 404 : 422 });
  }
}

export default function AdminApiKeys() {
  const { keys } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <div className="page-head">
        <div>
          <h1>API keys</h1>
          <p className="lede">
            Keys let dialers and agent desktops use the <a href="/api/v1/openapi.json">dialer API</a>. Each key
            can do only what its scopes allow.
          </p>
        </div>
      </div>
      <AdminTabs />
      {result?.ok && result.intent === "create" ? (
        <div className="notice" role="status">
          <p>
            Created the key <strong>{result.name}</strong>. Its token is <code className="one-time-password">{result.token}</code>
          </p>
          <p>Copy it into the dialer now: it is shown only once, and only its hash is kept.</p>
        </div>
      ) : null}
      {result?.ok && result.intent === "revoke" ? (
        <p className="notice" role="status">
          Revoked the key <strong>{result.name}</strong>: requests with it are refused from now on.
        </p>
      ) : null}
      {result && !result.ok ? (
        <div className="alert" role="alert">
          <p>{result.error}</p>
        </div>
      ) : null}

      {keys.length === 0 ? (
        <p className="empty-state">No API keys yet. Make one below for each dialer or desktop that needs access.</p>
      ) : (
        <table className="user-table">
          <caption className="visually-hidden">API keys</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Key id</th>
              <th scope="col">Scopes</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => (
              <tr key={k.id} className={k.revokedAt ? "inactive" : undefined}>
                <td>{k.name}</td>
                <td>
                  <code>{k.id}</code>
                </td>
                <td>{k.scopes.join(", ")}</td>
                <td>
                  <DateTime iso={k.createdAt} />
                </td>
                <td>{k.lastUsedAt ? <DateTime iso={k.lastUsedAt} /> : "Never"}</td>
                <td>
                  {k.revokedAt ? (
                    <>
                      Revoked <DateTime iso={k.revokedAt} />
                    </>
                  ) : (
                    <Form method="post">
                      <CsrfField />
                      <input type="hidden" name="intent" value="revoke" />
                      <input type="hidden" name="id" value={k.id} />
                      <button type="submit" className="small danger" disabled={busy} aria-label={`Revoke the key ${k.name}`}>
                        Revoke
                      </button>
                    </Form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <section className="card" aria-labelledby="new-key-heading" style={{ maxWidth: "34rem", marginTop: "1.5rem" }}>
        <h2 id="new-key-heading">Make a key</h2>
        <Form method="post" key={result?.ok && result.intent === "create" ? result.token : "new"}>
          <CsrfField />
          <input type="hidden" name="intent" value="create" />
          <div className="field">
            <label htmlFor="key-name">Who uses it</label>
            <input id="key-name" name="name" type="text" required maxLength={100} placeholder="e.g. Acme predictive dialer" />
          </div>
          <fieldset className="field">
            <legend>Scopes</legend>
            {API_SCOPES.map((scope) => (
              <label key={scope} className="checkbox">
                <input type="checkbox" name="scopes" value={scope} defaultChecked={scope === "scripts:read"} />{" "}
                <code>{scope}</code>: {SCOPE_HELP[scope]}
              </label>
            ))}
          </fieldset>
          <button type="submit" className="primary" disabled={busy}>
            Make key
          </button>
        </Form>
      </section>
    </>
  );
}
