import {
  data,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AdminTabs } from "~/components/admin-tabs";
import { CsrfField } from "~/components/csrf-field";
import { DateTime } from "~/components/date-time";
import { FieldErrors, fieldErrors, RoleFields } from "~/components/role-fields";
import { isDomainError, type ProblemDetail } from "~/domain/domain-error";
import { ROLE_LABELS } from "~/domain/users/roles";
import { getAppContext } from "~/services/app-context.server";
import { recordAudit } from "~/services/audit.server";
import { requireUser } from "~/services/auth.server";
import { formText } from "~/services/http.server";
import { createUser, generateOneTimePassword, listUsers } from "~/services/users.server";
import accountStyles from "~/styles/accounts.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: accountStyles }];
export const meta: MetaFunction = () => [{ title: "Users · Admin · ScriptPilot" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireUser(request, "admin");
  const { storage } = await getAppContext();
  return { users: await listUsers(storage), me: admin.id };
}

type CreateResult =
  | { ok: true; username: string; displayName: string; oneTimePassword: string }
  | {
      ok: false;
      error: string;
      details: ProblemDetail[];
      values: { username: string; displayName: string; roles: string[] };
    };

/** Creates an account with a one-time password the admin hands over; the person replaces it at first sign-in. */
export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireUser(request, "admin");
  const form = await request.formData();
  const values = {
    username: formText(form, "username"),
    displayName: formText(form, "displayName"),
    roles: form.getAll("roles").filter((r): r is string => typeof r === "string"),
  };
  const oneTimePassword = generateOneTimePassword();
  const { storage } = await getAppContext();
  try {
    const user = await createUser(
      storage,
      { ...values, password: oneTimePassword, mustChangePassword: true, createdBy: admin.id },
      new Date().toISOString(),
    );
    await recordAudit({
      actor: admin,
      action: "user.created",
      object: { type: "user", id: user.id },
      details: { roles: user.roles },
    });
    return data<CreateResult>({
      ok: true,
      username: user.username,
      displayName: user.displayName,
      oneTimePassword,
    });
  } catch (error) {
    if (!isDomainError(error)) throw error;
    return data<CreateResult>(
      { ok: false, error: error.message, details: error.details, values },
      { status: 422 },
    );
  }
}

export default function AdminUsers() {
  const { users, me } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const failed = result && !result.ok ? result : undefined;
  const errors = (field: string) => fieldErrors(failed?.details, field);
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Users</h1>
          <p className="lede">Who can sign in, and what each person may do.</p>
        </div>
      </div>
      <AdminTabs />
      {result?.ok ? (
        <div className="notice" role="status">
          <p>
            Created <strong>{result.displayName}</strong> ({result.username}). Their one-time password is{" "}
            <code className="one-time-password">{result.oneTimePassword}</code>
          </p>
          <p>
            Give it to them in person or by phone: it is shown only now. They choose their own when they first
            sign in.
          </p>
        </div>
      ) : null}

      <table className="user-table">
        <caption className="visually-hidden">Accounts</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Username</th>
            <th scope="col">Roles</th>
            <th scope="col">Status</th>
            <th scope="col">Created</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id} className={u.active ? undefined : "inactive"}>
              <td>
                {u.displayName}
                {u.id === me ? " (you)" : ""}
              </td>
              <td>{u.username}</td>
              <td>{u.roles.length ? u.roles.map((r) => ROLE_LABELS[r]).join(", ") : "No roles"}</td>
              <td>
                {u.active ? (u.mustChangePassword ? "Active, one-time password" : "Active") : "Deactivated"}
              </td>
              <td>
                <DateTime iso={u.createdAt} />
              </td>
              <td>
                <Link to={`/admin/users/${u.id}`} aria-label={`Manage ${u.username}`}>
                  Manage
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <section
        className="card"
        aria-labelledby="new-user-heading"
        style={{ maxWidth: "34rem", marginTop: "1.5rem" }}
      >
        <h2 id="new-user-heading">Add a user</h2>
        {failed ? (
          <div className="alert" role="alert">
            <p>{failed.error}</p>
          </div>
        ) : null}
        <Form method="post" key={result?.ok ? result.username : "new"}>
          <CsrfField />
          <div className="field">
            <label htmlFor="displayName">Name</label>
            <input
              id="displayName"
              name="displayName"
              type="text"
              required
              maxLength={80}
              defaultValue={failed?.values.displayName}
            />
            <FieldErrors id="displayName-errors" messages={errors("displayName")} />
          </div>
          <div className="field">
            <label htmlFor="username">Username</label>
            <input
              id="username"
              name="username"
              type="text"
              autoCapitalize="none"
              spellCheck={false}
              required
              defaultValue={failed?.values.username}
            />
            <FieldErrors id="username-errors" messages={errors("username")} />
          </div>
          <RoleFields checked={failed?.values.roles ?? ["writer"]} />
          <FieldErrors id="roles-errors" messages={errors("roles")} />
          <button type="submit" className="primary" disabled={busy}>
            Create user
          </button>
        </Form>
      </section>
    </>
  );
}
