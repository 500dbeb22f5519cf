import {
  data,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { AdminTabs } from "~/components/admin-tabs";
import { CsrfField } from "~/components/csrf-field";
import { DateTime } from "~/components/date-time";
import { RoleFields } from "~/components/role-fields";
import { isDomainError } from "~/domain/domain-error";
import { ROLE_LABELS } from "~/domain/users/roles";
import { getAppContext } from "~/services/app-context.server";
import { recordAudit } from "~/services/audit.server";
import { requireUser, revokeUserSessions } from "~/services/auth.server";
import { formText, throwAsResponse } from "~/services/http.server";
import {
  generateOneTimePassword,
  getPublicUser,
  setActive,
  setPassword,
  setRoles,
} from "~/services/users.server";
import accountStyles from "~/styles/accounts.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: accountStyles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.user.username ?? "User"} · Admin · ScriptPilot` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requireUser(request, "admin");
  const { storage } = await getAppContext();
  const user = await getPublicUser(storage, params.id ?? "").catch(throwAsResponse);
  return { user, isMe: admin.id === user.id };
}

type ActionResult = { ok: true; message: string; oneTimePassword?: string } | { ok: false; error: string };

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireUser(request, "admin");
  const form = await request.formData();
  const { storage } = await getAppContext();
  const id = params.id ?? "";
  const object = { type: "user", id };
  const now = new Date().toISOString();
  try {
    const intent = formText(form, "intent");
    if (intent === "roles") {
      const roles = form.getAll("roles").filter((r): r is string => typeof r === "string");
      const { before, after } = await setRoles(storage, id, roles);
      await recordAudit({
        actor: admin,
        action: "user.roles-changed",
        object,
        details: { from: before, to: after.roles },
      });
      return data<ActionResult>({ ok: true, message: `Roles saved for ${after.username}.` });
    }
    if (intent === "reset-password") {
      const oneTimePassword = generateOneTimePassword();
      const user = await setPassword(storage, id, oneTimePassword, true);
      const ended = await revokeUserSessions(storage, id);
      await recordAudit({
        actor: admin,
        action: "user.password-reset",
        object,
        details: { sessionsEnded: ended },
      });
      return data<ActionResult>({
        ok: true,
        message: `New one-time password for ${user.username}; they were signed out everywhere.`,
        oneTimePassword,
      });
    }
    if (intent === "deactivate" || intent === "reactivate") {
      const active = intent === "reactivate";
      const user = await setActive(storage, id, active, now);
      const ended = active ? 0 : await revokeUserSessions(storage, id);
      await recordAudit({
        actor: admin,
        action: active ? "user.reactivated" : "user.deactivated",
        object,
        ...(active ? {} : { details: { sessionsEnded: ended } }),
      });
      return data<ActionResult>({
        ok: true,
        message: active
          ? `${user.username} can sign in again.`
          : `${user.username} is deactivated and signed out. Their scripts and history stay attributed to them.`,
      });
    }
    return data<ActionResult>({ ok: false, error: `Unknown action “${intent}”.` }, { status: 400 });
  } catch (error) {
    if (!isDomainError(error)) throw error;
    const detail = error.details.map((d) => d.message).join(" ");
    return data<ActionResult>(
      { ok: false, error: `${error.message}${detail ? ` ${detail}` : ""}` },
      { status: error.code === "not-found" ? 404 : error.code === "conflict" ? 409 : 422 },
    );
  }
}

export default function AdminUser() {
  const { user, isMe } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <p>
        <Link to="/admin/users">← All users</Link>
      </p>
      <h1>
        {user.displayName} <span className="hint">({user.username})</span>
      </h1>
      <AdminTabs />
      <p>
        {user.active ? "Active" : "Deactivated"} · created <DateTime iso={user.createdAt} />
        {user.deactivatedAt ? (
          <>
            {" "}
            · deactivated <DateTime iso={user.deactivatedAt} />
          </>
        ) : null}
        {" · "}
        {user.roles.length ? user.roles.map((r) => ROLE_LABELS[r]).join(", ") : "no roles"}
      </p>
      {result?.ok ? (
        <div className="notice" role="status">
          <p>{result.message}</p>
          {result.oneTimePassword ? (
            <p>
              One-time password: <code className="one-time-password">{result.oneTimePassword}</code> (shown
              only now)
            </p>
          ) : null}
        </div>
      ) : result ? (
        <div className="alert" role="alert">
          <p>{result.error}</p>
        </div>
      ) : null}

      <section className="card" aria-labelledby="roles-heading" style={{ maxWidth: "34rem" }}>
        <h2 id="roles-heading">Roles</h2>
        <Form method="post" key={user.roles.join(",")}>
          <CsrfField />
          <input type="hidden" name="intent" value="roles" />
          <RoleFields legend={`Roles of ${user.username}`} checked={user.roles} />
          <button type="submit" className="primary">
            Save roles
          </button>
        </Form>
      </section>

      <section
        className="card"
        aria-labelledby="password-heading"
        style={{ maxWidth: "34rem", marginTop: "1rem" }}
      >
        <h2 id="password-heading">Password</h2>
        <p>Makes a new one-time password and signs {isMe ? "you" : "them"} out everywhere.</p>
        <Form method="post">
          <CsrfField />
          <input type="hidden" name="intent" value="reset-password" />
          <button type="submit">Reset password</button>
        </Form>
      </section>

      <section
        className="card"
        aria-labelledby="access-heading"
        style={{ maxWidth: "34rem", marginTop: "1rem" }}
      >
        <h2 id="access-heading">Access</h2>
        {user.active ? (
          <>
            <p>
              A deactivated account cannot sign in; its scripts, versions and history stay attributed to it.
            </p>
            <Form method="post">
              <CsrfField />
              <input type="hidden" name="intent" value="deactivate" />
              <button type="submit" className="danger">
                Deactivate {user.username}
              </button>
            </Form>
          </>
        ) : (
          <Form method="post">
            <CsrfField />
            <input type="hidden" name="intent" value="reactivate" />
            <button type="submit">Reactivate {user.username}</button>
          </Form>
        )}
      </section>
    </>
  );
}
